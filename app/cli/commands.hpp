// The subcommands of `tavle`. Each takes the arguments after its own name and
// returns the process exit code. None of them links ImGui or opens a window.
#pragma once

namespace tavle::cli {

int validate_command(int argc, char** argv);
int sample_command(int argc, char** argv);
int export_command(int argc, char** argv);

}  // namespace tavle::cli
