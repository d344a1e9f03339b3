#include "app/cli/args.hpp"

namespace tavle::cli {

Args::Args(int argc, char** argv, std::set<std::string> flags) {
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        options_[name.substr(0, eq)] = name.substr(eq + 1);
      } else if (flags.count(name)) {
        flags_set_.insert(name);
      } else if (i + 1 < argc) {
        options_[name] = argv[++i];
      } else {
        error_ = "--" + name + " needs a value";
      }
    } else if (a == "-o" && i + 1 < argc) {
      options_["output"] = argv[++i];
    } else {
      positional_.push_back(a);
    }
  }
}

std::optional<std::string> Args::option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::option_or(const std::string& name, const std::string& fallback) const {
  return option(name).value_or(fallback);
}

}  // namespace tavle::cli
