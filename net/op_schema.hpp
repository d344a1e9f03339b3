// What an op from the wire may carry: exactly the fields its kind defines, and
// no more than a bounded number of bytes. The board's apply() reads what it needs
// and would let unknown keys ride along into the journal and every replica; on the
// wire they are refused instead (the file reader stays forgiving, docs/format.md).
#pragma once

#include <cstddef>
#include <optional>

#include "board/error.hpp"
#include "board/op.hpp"

namespace tavle::net {

// An op's JSON text may be at most this long (a 2,000-byte card text escaped fits).
inline constexpr std::size_t kMaxOpBytes = 16 * 1024;

// `invalid` naming the field when `op.value` or `op.expect` holds anything its kind
// does not define, or `too_long` when the op is over kMaxOpBytes.
std::optional<Error> check_wire_op(const Op& op);

}  // namespace tavle::net
