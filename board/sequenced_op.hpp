// An op with its place in the meeting's order (the host's seq, from 1): what the
// host journals (net/), the store keeps (store/) and late joiners catch up from.
// One type for both, so the layer that joins them (session/) converts nothing.
#pragma once

#include <cstdint>

#include "board/op.hpp"

namespace tavle {

struct SequencedOp {
  std::uint64_t seq = 0;
  Op op;
};

}  // namespace tavle
