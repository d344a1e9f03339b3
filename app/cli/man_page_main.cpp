// tavle-manpage PROGRAM DATE: prints the manual page of tavle or tavle-gui in
// roff, made from the help table (app/cli/help.cpp). Run by the build.
#include <cstdio>
#include <string>

#include "app/cli/help.hpp"

int main(int argc, char** argv) {
  const std::string program = argc > 1 ? argv[1] : "";
  if (argc != 3 || (program != "tavle" && program != "tavle-gui")) {
    std::fprintf(stderr, "usage: tavle-manpage tavle|tavle-gui DATE\n");
    return 2;
  }
  std::fputs(tavle::cli::manual_page(program, argv[2]).c_str(), stdout);
  return 0;
}
