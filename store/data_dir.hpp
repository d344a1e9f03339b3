// Where Tavle keeps its database: --data DIR when given, else $XDG_DATA_HOME/tavle,
// else ~/.local/share/tavle (the XDG base directory rules).
#pragma once

#include <optional>
#include <string>

namespace tavle::store {

inline constexpr const char* kDatabaseFileName = "tavle.db";

// The data directory: `explicit_dir` when set, otherwise from the environment.
// Empty when neither XDG_DATA_HOME nor HOME is set.
std::string data_directory(const std::optional<std::string>& explicit_dir);

}  // namespace tavle::store
