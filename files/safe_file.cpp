#include "files/safe_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "board/board_json.hpp"

namespace tavle {
namespace files {
namespace {

std::atomic<void (*)(const std::string&)> before_rename_hook{nullptr};

Error io_error(const std::string& path, const char* what) {
  return Error{"io", "cannot " + std::string(what) + " " + path + ": " + std::strerror(errno)};
}

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The rename itself is durable only once the directory is synced.
void sync_directory(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void set_before_rename_hook(void (*hook)(const std::string&)) { before_rename_hook = hook; }

std::optional<Error> write_file_safely(const std::string& path, const std::string& text, Mode mode) {
  if (path.empty()) return Error{"invalid", "no file name to save to"};
  std::string temp = path + ".XXXXXX";  // beside the file: rename never crosses file systems
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return io_error(path, "write");
  bool written = write_all(fd, text);
  // mkstemp makes the file private (0600), right for a new file about a family;
  // a file saved over keeps the mode its owner gave it (unless it must stay private).
  struct stat existing {};
  if (written && mode == Mode::KeepExisting && ::stat(path.c_str(), &existing) == 0)
    written = ::fchmod(fd, existing.st_mode & 07777) == 0;
  written = written && ::fsync(fd) == 0;
  int cause = errno;
  if (::close(fd) != 0 && written) written = false, cause = errno;
  if (!written) {
    ::unlink(temp.c_str());
    errno = cause;
    return io_error(path, "write");
  }
  if (auto hook = before_rename_hook.load()) hook(temp);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const Error refused = io_error(path, "replace");
    ::unlink(temp.c_str());
    return refused;
  }
  sync_directory(path);
  return std::nullopt;
}

}  // namespace files

std::optional<Error> write_board_file(const std::string& path, const Board& board) {
  const std::string text = to_json(board).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return files::write_file_safely(path, text);
}

}  // namespace tavle
