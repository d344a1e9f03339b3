#include "net/security_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

namespace tavle::net {

std::string security_line(std::string_view event, std::string_view address, std::string_view detail) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string line = std::string(stamp) + " " + std::string(event) + " address=" + std::string(address);
  if (!detail.empty()) line += " " + std::string(detail);
  return line;
}

std::optional<Error> open_security_log(const std::filesystem::path& path, SecurityLogSink& out) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{"io", "security log \"" + path.string() + "\": cannot open it for appending"};
  struct stat st{};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return Error{"invalid", "security log \"" + path.string() + "\": others may read it; chmod 600 it first"};
  }
  struct File {
    int fd;
    std::mutex mutex;
    ~File() { ::close(fd); }
  };
  auto file = std::make_shared<File>();
  file->fd = fd;
  out = [file](const std::string& line) {
    std::lock_guard lock(file->mutex);
    const std::string text = line + "\n";
    if (::write(file->fd, text.data(), text.size()) < 0) {
      // The meeting goes on; the log's own failure is said where the host logs.
      std::fprintf(stderr, "tavle host: the security log could not be written\n");
    }
  };
  return std::nullopt;
}

SecurityLogSink stderr_security_log() {
  return [](const std::string& line) { std::fprintf(stderr, "tavle host: security: %s\n", line.c_str()); };
}

}  // namespace tavle::net
