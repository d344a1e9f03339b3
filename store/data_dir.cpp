#include "store/data_dir.hpp"

#include <cstdlib>

namespace tavle::store {

std::string data_directory(const std::optional<std::string>& explicit_dir) {
  if (explicit_dir && !explicit_dir->empty()) return *explicit_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/tavle";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/tavle";
  return {};
}

}  // namespace tavle::store
