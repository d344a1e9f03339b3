// Fractional order keys: strings over 0-9A-Za-z read as base-62 fractions in
// (0, 1). Between any two distinct keys another key can always be made, so an
// insert or move changes one card only and concurrent moves never collide.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tavle {

inline constexpr std::size_t kMaxOrderKeyLength = 128;

// True if `key` is non-empty, uses only the 62 digits, does not end in '0'
// (which would make two spellings of one position) and is not over-long.
bool valid_order_key(std::string_view key);

// A key strictly between `before` and `after`. An empty `before` means the start
// of the column, an empty `after` its end. Requires before < after when both are
// given. Steps next to the longer neighbour (usually the newest insert) so that
// repeated inserts at one position grow keys by about one digit per 3,800 inserts;
// with neighbours of equal length it takes the midpoint.
std::string order_key_between(std::string_view before, std::string_view after);

// `count` short keys in increasing order, evenly spread over (0, 1): the fresh keys
// of a column that is respaced because its keys grew too long (docs/format.md).
std::vector<std::string> spread_order_keys(std::size_t count);

}  // namespace tavle
