// tavle (alone), tavle open, demo, join, render: handed to the sibling
// binary tavle-gui with exec, so that `tavle` itself never links ImGui or GL.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"

namespace tavle::cli {

bool gui_available() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return !ec && ::access((exe.parent_path() / "tavle-gui").c_str(), X_OK) == 0;
}

int exec_gui(const char* subcommand, int argc, char** argv) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::fprintf(stderr, "tavle: cannot find my own location to start tavle-gui: %s\n", ec.message().c_str());
    return 1;
  }
  const std::string gui = (exe.parent_path() / "tavle-gui").string();
  std::vector<char*> args{const_cast<char*>(gui.c_str())};
  if (subcommand) args.push_back(const_cast<char*>(subcommand));
  for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(gui.c_str(), args.data());
  std::fprintf(stderr, "tavle: cannot start %s: %s (was Tavle built with TAVLE_BUILD_APP=ON?)\n", gui.c_str(),
               std::strerror(errno));
  return 1;
}

}  // namespace tavle::cli
