// The subcommands of `tavle`. Each takes the arguments after its own name and
// returns the process exit code. None of them links ImGui or opens a window.
#pragma once

namespace tavle::cli {

int validate_command(int argc, char** argv);
int sample_command(int argc, char** argv);
int host_command(int argc, char** argv);   // app/cli/host_command.cpp
int bench_command(int argc, char** argv);  // app/cli/bench_command.cpp
int export_command(int argc, char** argv);
int inspect_command(int argc, char** argv);
// Windowed commands: exec the sibling tavle-gui (app/cli/gui_commands.cpp).
int demo_command(int argc, char** argv);
int join_command(int argc, char** argv);
int render_command(int argc, char** argv);
bool gui_available();
int exec_gui(const char* subcommand, int argc, char** argv);

}  // namespace tavle::cli
