#include "store/database_key.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "store/store.hpp"

namespace tavle::store {
namespace fs = std::filesystem;
namespace {

bool is_key(const std::string& hex) {
  return hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::optional<Error> fresh_key(std::string& hex) {
  unsigned char bytes[32];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
    return Error{"io", std::string("cannot make a database key: no random numbers from the kernel (") +
                           std::strerror(errno) + ")"};
  hex.clear();
  for (unsigned char b : bytes) {
    hex += "0123456789abcdef"[b >> 4];
    hex += "0123456789abcdef"[b & 15];
  }
  return std::nullopt;
}

bool inside(const fs::path& file, const std::string& dir) {
  if (dir.empty()) return false;
  std::error_code ec;
  const fs::path d = fs::weakly_canonical(dir, ec);
  const fs::path f = fs::weakly_canonical(file, ec).parent_path();
  return !ec && f == d;
}

// Writes the new key file so that two processes starting at once agree on one key:
// a private temporary file is linked to the name, which fails if the other was first.
std::optional<Error> create_key_file(const fs::path& path, std::string& hex) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  ::chmod(path.parent_path().c_str(), 0700);
  if (auto e = fresh_key(hex)) return e;
  std::string temp = path.string() + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());  // 0600
  if (fd < 0) return Error{"io", "cannot create the key file " + path.string() + ": " + std::strerror(errno)};
  const std::string line = hex + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  const bool linked = written && ::link(temp.c_str(), path.c_str()) == 0;
  const int err = errno;
  ::unlink(temp.c_str());
  if (linked || (written && err == EEXIST)) return std::nullopt;  // ours, or the other process's
  return Error{"io", "cannot write the key file " + path.string() + ": " + std::strerror(err)};
}

}  // namespace

std::string config_directory() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/tavle";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/tavle";
  return {};
}

std::optional<Error> read_key_file(const std::string& path, const std::string& data_dir, std::string& hex) {
  if (inside(path, data_dir))
    return Error{"invalid", "the key file " + path + " is inside the data directory; keep it elsewhere (whoever "
                                                     "copies the directory would have the key too)"};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{"not_found", "no key file " + path + ": " + std::strerror(errno)};
  if ((st.st_mode & 077) != 0)
    return Error{"permissions", "the key file " + path + " can be read by other users; make it private (chmod 600)"};
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (!is_key(text))
    return Error{"invalid", "the key file " + path + " does not hold a key: it must hold 64 hex digits "
                                                     "(make one with: openssl rand -hex 32 > FILE)"};
  hex = text;
  return std::nullopt;
}

std::optional<Error> find_database_key(const KeySource& source, DatabaseKey& out) {
  out = DatabaseKey{};
  if (!source.key_file.empty()) {
    out.where = source.key_file;
    return read_key_file(source.key_file, source.data_dir, out.hex);
  }
  const bool keyring = source.use_keyring && keyring_running();
  if (keyring) {
    bool found = false;
    if (auto e = keyring_lookup(out.hex, found)) return e;
    out.where = "the desktop keyring";
    if (found) return is_key(out.hex) ? std::nullopt : std::optional<Error>(Error{"invalid", "the Tavle key in the desktop keyring is not a key (64 hex digits)"});
  }
  const std::string config = config_directory();
  if (config.empty()) return Error{"no_config_dir", "no place for the database key: neither XDG_CONFIG_HOME nor HOME is set"};
  const fs::path file = fs::path(config) / kKeyFileName;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    out.where = file.string();
    return read_key_file(file.string(), source.data_dir, out.hex);
  }
  out.made = true;
  if (keyring) {
    if (auto e = fresh_key(out.hex)) return e;
    return keyring_store(out.hex);
  }
  out.where = file.string();
  if (auto e = create_key_file(file, out.hex)) return e;
  return read_key_file(file.string(), source.data_dir, out.hex);  // the winner's key if another was first
}

std::optional<Error> open_private_store(const std::string& dir, const std::string& key_file, std::unique_ptr<Store>& out,
                                        OpenOptions options, DatabaseKey* key) {
  DatabaseKey found;
  if (auto e = find_database_key(KeySource{key_file, dir, true}, found)) return e;
  options.key_hex = found.hex;
  if (key) *key = found;
  return Store::open(dir, out, options);
}

}  // namespace tavle::store
