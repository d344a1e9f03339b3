// Errors as values at the model's boundaries (apply, JSON). `code` is stable and
// machine-readable (the protocol sends it); `message` says what and where.
#pragma once

#include <string>

namespace tavle {

struct Error {
  std::string code;     // e.g. "not_found", "too_long", "invalid", "deleted"
  std::string message;  // names the field and, for limits, the limit
};

}  // namespace tavle
