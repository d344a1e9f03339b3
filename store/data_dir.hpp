// Where Tavle keeps its database: --data DIR when given, else $XDG_DATA_HOME/tavle,
// else ~/.local/share/tavle (the XDG base directory rules), and keeping that
// directory private to its user (docs/privacy.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"

namespace tavle::store {

inline constexpr const char* kDatabaseFileName = "tavle.db";

// The data directory: `explicit_dir` when set, otherwise from the environment.
// Empty when neither XDG_DATA_HOME nor HOME is set.
std::string data_directory(const std::optional<std::string>& explicit_dir);

// Makes `dir` (which must exist) private to this user: the directory and its
// subdirectories 0700, every file 0600. A mode that lets others in is tightened and
// the change is added to `fixed` ("tavle.db: 0644 -> 0600"); one that cannot be
// tightened (another owner, a read-only disk) is an Error naming the file, so family
// data is never kept where others can read it. Symbolic links are not followed.
std::optional<Error> make_private(const std::string& dir, std::vector<std::string>& fixed);

}  // namespace tavle::store
