// tavle: one executable, one subcommand per job. Commands that need a window
// are handed to tavle-gui so that host, export and validate never link ImGui
// or GL. Every command's help, options and exit codes come from one table
// (app/cli/help.cpp); this file only dispatches.
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"

namespace {

using namespace tavle::cli;

struct Runner {
  const char* name;
  int (*run)(Args&);
};

constexpr Runner kRunners[] = {
    {"validate", validate_command}, {"sample", sample_command},   {"host", host_command},
    {"export", export_command},   {"inspect", inspect_command},
    {"audit", audit_command},       {"erase", erase_command},     {"purge", purge_command},     {"move", move_command},
    {"server user", server_user_command},  // issue 18: before "server", which it begins with
    {"server", server_command},            // issue 18
};

// A command of one or two words ("server user"): the longer one when both exist.
// `words` says how many of argv it took.
const CommandHelp* find_words(int argc, char** argv, int& words) {
  words = 2;
  if (argc >= 2)
    if (const CommandHelp* c = find_command(std::string(argv[0]) + " " + argv[1])) return c;
  words = 1;
  return find_command(argv[0]);
}

int run(const CommandHelp& command, int argc, char** argv) {
  Args args(argc, argv, command.options);
  if (args.help()) return std::fputs(command_help(command).c_str(), stdout), 0;
  if (!args.error().empty()) return usage_error(command, args.error());
  if (command.windowed) return exec_gui(command.name, argc, argv);
  for (const Runner& r : kRunners)
    if (command.name == std::string(r.name)) return r.run(args);
  // Every command of the help table that is not windowed has a runner above.
  std::fprintf(stderr, "tavle: %s has no runner (a bug: app/cli/main.cpp)\n", command.name);
  return 1;
}

int unknown(const std::string& what) {
  std::fprintf(stderr, "tavle: %s\nusage: tavle COMMAND [ARGS]  (tavle --help lists the commands)\n", what.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    if (gui_available()) return exec_gui(nullptr, 0, nullptr);  // the home screen
    std::fputs(tavle_usage().c_str(), stderr);
    return 2;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h") return std::fputs(tavle_usage().c_str(), stdout), 0;
  if (first == "--version") return std::fputs(version_text("tavle").c_str(), stdout), 0;
  if (first == "help") {
    if (argc == 2) return std::fputs(tavle_usage().c_str(), stdout), 0;
    int words = 0;
    const CommandHelp* c = find_words(argc - 2, argv + 2, words);
    if (!c || !c->in_tavle) return unknown("no command \"" + std::string(argv[2]) + "\"");
    return std::fputs(command_help(*c).c_str(), stdout), 0;
  }
  if (first[0] == '-') return unknown("unknown option " + first);
  int words = 0;
  const CommandHelp* c = find_words(argc - 1, argv + 1, words);
  std::error_code ec;
  if (!c && std::filesystem::is_regular_file(first, ec)) return run(*find_command("open"), argc - 1, argv + 1);  // tavle FILE
  if (!c || !c->in_tavle) return unknown("unknown command \"" + first + "\"");
  return run(*c, argc - 1 - words, argv + 1 + words);
}
