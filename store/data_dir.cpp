#include "store/data_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace tavle::store {
namespace fs = std::filesystem;

std::string data_directory(const std::optional<std::string>& explicit_dir) {
  if (explicit_dir && !explicit_dir->empty()) return *explicit_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/tavle";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/tavle";
  return {};
}

namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Tightens one path to `wanted` when its mode has any bit beyond it.
std::optional<Error> tighten(const fs::path& path, const std::string& name, mode_t wanted,
                             std::vector<std::string>& fixed) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return std::nullopt;
  const mode_t mode = st.st_mode & 07777;
  if ((mode & ~wanted) == 0) return std::nullopt;
  // Only bits are taken away: a directory the user made read-only stays read-only.
  const mode_t tightened = mode & wanted;
  if (::chmod(path.c_str(), tightened) != 0) {
    const int err = errno;
    return Error{"permissions", path.string() + " can be read by other users (mode " + octal(mode) +
                                    ") and Tavle cannot change that (" + std::strerror(err) +
                                    "); make it private (chmod " + octal(wanted) + ") or choose another directory"};
  }
  fixed.push_back(name + ": " + octal(mode) + " -> " + octal(tightened));
  return std::nullopt;
}

}  // namespace

std::optional<Error> make_private(const std::string& dir, std::vector<std::string>& fixed) {
  if (auto e = tighten(dir, dir, 0700, fixed)) return e;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& p = it->path();
    const bool is_dir = it->is_directory(ec) && !it->is_symlink(ec);
    if (auto e = tighten(p, fs::relative(p, dir, ec).string(), is_dir ? 0700 : 0600, fixed)) return e;
  }
  if (ec) return Error{"cannot_open", "cannot read the data directory " + dir + ": " + ec.message()};
  return std::nullopt;
}

}  // namespace tavle::store
