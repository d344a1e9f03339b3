// Command-line arguments of one subcommand: positionals and the --options that
// its entry in the help table (app/cli/help.hpp) accepts, so the parser and
// the help cannot disagree.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/cli/help.hpp"
#include "board/error.hpp"

namespace tavle::cli {

class Args {
 public:
  // Accepts --name VALUE, --name=VALUE, -o VALUE (for --output), flags (options
  // without a value), --help / -h, and "--" before positionals that start with a dash.
  Args(int argc, char** argv, const std::vector<OptionHelp>& accepted);

  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> option(const std::string& name) const;
  std::string option_or(const std::string& name, const std::string& fallback) const;
  // --name as a whole number from `min` to `max` (board/text.hpp's parse_number: digits
  // only). Leaves `out` as it is when the option is absent; an error names the option
  // and the range.
  std::optional<Error> number(const std::string& name, long min, long max, long& out) const;
  const std::map<std::string, std::string>& options() const { return options_; }
  bool flag(const std::string& name) const { return flags_set_.count(name) > 0; }
  bool help() const { return help_; }
  // Non-empty when parsing failed: one line naming the option.
  const std::string& error() const { return error_; }

  // Fills in options not given on the command line from a file of `key = value`
  // lines (keys are option names; # starts a comment line). A flag's value is
  // true/false/yes/no. An error names the file, the line and what is wrong.
  std::optional<Error> read_config_file(const std::string& path);

 private:
  const OptionHelp* find(const std::string& name) const;

  std::vector<OptionHelp> accepted_;
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_set_;
  bool help_ = false;
  std::string error_;
};

}  // namespace tavle::cli
