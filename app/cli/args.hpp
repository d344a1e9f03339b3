// Command-line arguments of one subcommand: positionals and --options.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tavle::cli {

class Args {
 public:
  // `flags` are options that take no value (--quiet); every other --name takes one.
  Args(int argc, char** argv, std::set<std::string> flags = {});

  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> option(const std::string& name) const;
  std::string option_or(const std::string& name, const std::string& fallback) const;
  bool flag(const std::string& name) const { return flags_set_.count(name) > 0; }
  // Non-empty when parsing failed (an option missing its value).
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_set_;
  std::string error_;
};

}  // namespace tavle::cli
