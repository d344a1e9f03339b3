// The one way Tavle writes a file that holds a family's data or the app's settings
// (meetings, exports, preferences, the host's key and rejoin tokens): a crash, a
// full disk or a refused write never leaves half a file, and nobody else on the
// machine can read a new one. The text goes to a unique temporary file beside the
// target (mode 0600), is synced, renamed over the target, and the directory is
// synced so the rename itself survives a power cut.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "board/model.hpp"

namespace tavle {
namespace files {

enum class Mode {
  KeepExisting,  // a new file is private (0600); a file saved over keeps the mode its owner gave it
  Private,       // always 0600, even over a file someone made readable (keys, tokens)
};

std::optional<Error> write_file_safely(const std::string& path, const std::string& text, Mode = Mode::KeepExisting);

// For crash tests only: called with the temporary file's path after its text is
// synced and before the rename (a test's hook ends the process there).
void set_before_rename_hook(void (*hook)(const std::string& temporary));

}  // namespace files

// A meeting file (docs/format.md), written safely: what Ctrl+S, `tavle inspect -o`,
// `tavle sample -o` and Store::save_meeting_file do.
std::optional<Error> write_board_file(const std::string& path, const Board&);

}  // namespace tavle
