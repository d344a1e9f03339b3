// A realistic demo meeting in Danish with every kind of content, built from ops
// (so it is valid by construction). Names and details are invented.
#pragma once

#include <vector>

#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle {

std::vector<Op> sample_ops();
Board sample_board();
// issue 15: the same family's second meeting, continued from sample_board(): its
// agreements wait to be followed up, Emma's words have their own place, Hanne is
// in the safety network and owns her step, and there is an acute plan. `tavle demo`
// opens it.
std::vector<Op> second_sample_ops();
Board second_sample_board();

}  // namespace tavle
