// A realistic demo meeting in Danish with every kind of content, built from ops
// (so it is valid by construction). Names and details are invented.
#pragma once

#include <vector>

#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle {

std::vector<Op> sample_ops();
Board sample_board();

}  // namespace tavle
