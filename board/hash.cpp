#include "board/hash.hpp"

#include <cstdio>

#include "board/board_json.hpp"

namespace tavle {

std::uint64_t state_hash(const Board& board) {
  // FNV-1a 64: simple, stable across platforms, good enough to detect divergence.
  // The revision counter is left out: it counts ops, and a view that was sent
  // fewer ops (a family tablet) can still hold the same state.
  nlohmann::json state = to_json(board);
  state.erase("revision");
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : canonical_text(state)) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string state_hash_hex(const Board& board) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state_hash(board)));
  return buf;
}

}  // namespace tavle
