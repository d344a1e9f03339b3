// The one description of Tavle's commands and options. `tavle --help`,
// `tavle help COMMAND`, `tavle COMMAND --help`, `tavle-gui --help`, the option
// parser (app/cli/args.hpp) and the manual pages tavle(1) and tavle-gui(1) are
// all made from this table, so they cannot disagree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tavle::cli {

struct OptionHelp {
  const char* name;   // "port": given as --port (and -o for "output")
  const char* value;  // "P"; nullptr for a flag that takes no value
  const char* text;
};

struct ExitHelp {
  int code;
  const char* meaning;
};

struct CommandHelp {
  const char* name;      // "host"; "" is tavle-gui without a command (the home screen)
  const char* synopsis;  // what follows the name: "FILE -o OUT [options]"
  const char* summary;   // one line for the command list
  const char* description;
  std::vector<OptionHelp> options;  // --help is always accepted and not listed here
  std::vector<ExitHelp> exits;      // besides 0 (done) and 2 (usage): exits_common
  bool in_tavle = true;             // listed by `tavle --help`
  bool windowed = false;            // run by tavle-gui (`tavle` hands it over)
};

const std::vector<CommandHelp>& commands();
// nullptr when there is no such command.
const CommandHelp* find_command(std::string_view name);

// Texts for the terminal.
std::string tavle_usage();                   // tavle --help
std::string gui_usage();                     // tavle-gui --help
std::string command_usage(const CommandHelp&, std::string_view program = "tavle");  // one "usage:" line
std::string command_help(const CommandHelp&, std::string_view program = "tavle");   // tavle COMMAND --help
std::string version_text(std::string_view program);  // --version: versions and where the assets are
// Prints "PROGRAM COMMAND: message" and the command's usage line to stderr; returns 2.
int usage_error(const CommandHelp&, const std::string& message, std::string_view program = "tavle");

// The manual pages, in roff (man(7)): "tavle" or "tavle-gui".
std::string manual_page(std::string_view program, std::string_view date);

}  // namespace tavle::cli
