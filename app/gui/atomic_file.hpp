// Writing a file so that a crash, a full disk or a refused write never leaves
// half of it: the text goes to a temporary file beside it, is flushed to disk,
// and only then renamed over the old file (which stays intact on any error).
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "board/model.hpp"

namespace tavle::gui {

std::optional<Error> write_file_atomically(const std::string& path, const std::string& text);

// A meeting file (docs/format.md), written atomically: what Ctrl+S does.
std::optional<Error> save_meeting_file(const std::string& path, const Board& board);

}  // namespace tavle::gui
