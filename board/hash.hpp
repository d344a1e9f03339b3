// A deterministic fingerprint of a board: equal states give equal hashes on every
// machine (the canonical JSON is hashed, so map order and padding never matter).
#pragma once

#include <cstdint>
#include <string>

#include "board/model.hpp"

namespace tavle {

std::uint64_t state_hash(const Board&);
std::string state_hash_hex(const Board&);  // 16 lowercase hex digits

}  // namespace tavle
