#include "app/cli/args.hpp"

#include <fstream>

#include "board/text.hpp"

namespace tavle::cli {

Args::Args(int argc, char** argv, const std::vector<OptionHelp>& accepted) : accepted_(accepted) {
  bool only_positionals = false;
  for (int i = 0; i < argc && error_.empty(); ++i) {
    const std::string a = argv[i];
    if (only_positionals || a == "-" || a.empty() || a[0] != '-') {
      positional_.push_back(a);
    } else if (a == "--") {
      only_positionals = true;
    } else if (a == "--help" || a == "-h") {
      help_ = true;
    } else if (a == "-o" || a.rfind("--", 0) == 0) {
      std::string name = a == "-o" ? "output" : a.substr(2);
      std::optional<std::string> value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      }
      const OptionHelp* o = find(name);
      if (!o) {
        error_ = "unknown option " + (a == "-o" ? a : "--" + name);
      } else if (!o->value) {
        if (value) error_ = "--" + name + " takes no value";
        else flags_set_.insert(name);
      } else if (value) {
        options_[name] = *value;
      } else if (i + 1 < argc) {
        options_[name] = argv[++i];
      } else {
        error_ = a + " needs a value (" + o->value + ")";
      }
    } else {
      error_ = "unknown option " + a;
    }
  }
}

const OptionHelp* Args::find(const std::string& name) const {
  for (const OptionHelp& o : accepted_)
    if (name == o.name) return &o;
  return nullptr;
}

std::optional<std::string> Args::option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::option_or(const std::string& name, const std::string& fallback) const {
  return option(name).value_or(fallback);
}

std::optional<Error> Args::number(const std::string& name, long min, long max, long& out) const {
  const auto text = option(name);
  if (!text) return std::nullopt;
  const auto value = parse_number(*text, min, max);
  if (!value) return Error{"usage", "--" + name + ": expected a number from " + std::to_string(min) + " to " + std::to_string(max)};
  out = *value;
  return std::nullopt;
}

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::optional<Error> Args::read_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"not_found", "cannot read the configuration file " + path};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trimmed(line);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + " line " + std::to_string(number) + ": ";
    const auto eq = line.find('=');
    if (eq == std::string::npos) return Error{"invalid", where + "expected key = value"};
    const std::string key = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
    const OptionHelp* o = find(key);
    if (!o || key == "config") return Error{"invalid", where + "unknown key \"" + key + "\""};
    if (!o->value) {
      if (value != "true" && value != "false" && value != "yes" && value != "no")
        return Error{"invalid", where + key + ": expected true or false"};
      if ((value == "true" || value == "yes") && !flag(key)) flags_set_.insert(key);
    } else {
      options_.emplace(key, value);  // the command line wins: emplace keeps what is there
    }
  }
  return std::nullopt;
}

}  // namespace tavle::cli
