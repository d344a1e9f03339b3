// The meeting file format (docs/format.md): one JSON object with a schema
// version. Reading is forgiving about fields a file leaves out (defaults) and
// strict about wrong types, limits and future schemas, naming the field.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "board/error.hpp"
#include "board/limits.hpp"
#include "board/model.hpp"

namespace tavle {

inline constexpr int kSchemaVersion = 1;
inline constexpr int kMaxJsonDepth = 32;  // a meeting file nests 5 deep; more is an attack
inline constexpr std::size_t kMaxFileBytes = 64u << 20;

nlohmann::json to_json(const Board&);
std::optional<Error> board_from_json(const nlohmann::json&, Board& out, const Limits& = kDefaultLimits);

// Parses text as JSON, refusing nesting deeper than max_depth (deep nesting
// would otherwise cost stack when the value is later written out).
std::optional<Error> parse_json(std::string_view text, nlohmann::json& out, int max_depth = kMaxJsonDepth);

// Canonical text of any JSON value (sorted keys, no spaces): what is hashed and journaled.
std::string canonical_text(const nlohmann::json&);

std::optional<Error> read_board_file(const std::string& path, Board& out, const Limits& = kDefaultLimits);
// Writing a meeting file is files/safe_file.hpp's write_board_file (board/ does no writing).

}  // namespace tavle
