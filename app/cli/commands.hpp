// The subcommands of `tavle`, all of them always built. Each takes its arguments
// already parsed against its entry in the help table (app/cli/help.cpp) and
// returns the process exit code. None of them links ImGui or opens a window.
// validate and sample: file_commands.cpp; export: export_command.cpp; inspect:
// inspect_command.cpp; host: host_command.cpp (--data: host_storage.cpp).
#pragma once

#include <string>

#include "board/model.hpp"

namespace tavle::cli {

class Args;

int validate_command(Args& args);
int sample_command(Args& args);
int host_command(Args& args);
int server_command(Args& args);  // issue 18: server_command.cpp
int export_command(Args& args);
int inspect_command(Args& args);
int audit_command(Args& args);  // app/cli/privacy_commands.cpp
int erase_command(Args& args);
int purge_command(Args& args);
int move_command(Args& args);   // app/cli/move_command.cpp
// A person says yes before something is erased: --yes on the command line, or "yes"
// typed at the question (privacy_commands.cpp).
bool confirmed(const Args& args, const std::string& question);
// issue 18: tavle server user (facilitator accounts; app/cli/server_user_command.cpp).
int server_user_command(Args& args);
// "2026-12-06 14:00:00" (UTC) for the log and lists; "-" for 0 (privacy_commands.cpp).
std::string utc(Millis at);
// Windowed commands (open, demo, join, render): exec the sibling tavle-gui
// (app/cli/gui_commands.cpp).
bool gui_available();
int exec_gui(const char* subcommand, int argc, char** argv);

}  // namespace tavle::cli
