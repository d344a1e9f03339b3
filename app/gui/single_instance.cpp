#include "app/gui/single_instance.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

namespace tavle::gui {
namespace {

constexpr std::size_t kMaxRequest = 64 * 1024;  // a path, with room to spare
constexpr int kAnswerWithinMs = 5000;           // a hung app must not hang the double-click

bool fill_address(const std::string& path, sockaddr_un& address) {
  address = {};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) return false;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return true;
}

void set_timeouts(int fd) {
  timeval tv{kAnswerWithinMs / 1000, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool send_all(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// One line (without its newline), or false when the peer went away or was too slow.
bool read_line(int fd, std::string& line) {
  line.clear();
  char c = 0;
  while (line.size() < kMaxRequest) {
    const ssize_t n = ::recv(fd, &c, 1, 0);
    if (n <= 0) return false;
    if (c == '\n') return true;
    line += c;
  }
  return false;
}

// Asks the app listening on `socket` to take the request: true when it said "ok".
bool hand_over(const std::string& socket, const std::string& file) {
  sockaddr_un address;
  if (!fill_address(socket, address)) return false;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  set_timeouts(fd);
  bool taken = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const nlohmann::json request = file.empty() ? nlohmann::json{{"show", true}} : nlohmann::json{{"open", file}};
    std::string reply;
    taken = send_all(fd, request.dump() + "\n") && read_line(fd, reply) && reply == "ok";
  }
  ::close(fd);
  return taken;
}

}  // namespace

SingleInstance::~SingleInstance() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(stop_fd_, &one, sizeof one);
    thread_.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    ::unlink(socket_.c_str());
  }
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

std::string SingleInstance::socket_path() {
  const char* dir = std::getenv("XDG_RUNTIME_DIR");
  if (!dir || dir[0] != '/') return "";
  struct stat st {};
  // The socket is only as private as its directory: ours alone, or no socket at all.
  if (::stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 077) != 0) return "";
  const std::string path = std::string(dir) + "/tavle-gui.socket";
  return path.size() < sizeof(sockaddr_un{}.sun_path) ? path : "";
}

SingleInstance::Start SingleInstance::start(const std::string& socket, const std::string& file,
                                            std::function<void()> wake) {
  if (socket.empty()) return Start::Alone;
  // Two starts at the same moment (a double-click on two files) take turns here.
  const std::string lock_path = socket + ".lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock >= 0) ::flock(lock, LOCK_EX);
  const auto unlock = [lock] {
    if (lock >= 0) ::close(lock);  // closing releases the lock
  };
  if (hand_over(socket, file)) return unlock(), Start::HandedOver;
  // Nobody answers: a socket left by an app that crashed is removed, and we listen.
  sockaddr_un address;
  fill_address(socket, address);
  ::unlink(socket.c_str());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const mode_t old_mask = ::umask(0177);  // the socket file is created 0600
  const bool bound = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::umask(old_mask);
  if (!bound || ::listen(fd, 8) != 0) {
    if (fd >= 0) ::close(fd);
    return unlock(), Start::Alone;
  }
  socket_ = socket;
  listen_fd_ = fd;
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  wake_ = std::move(wake);
  thread_ = std::thread([this] { serve(); });
  unlock();
  return Start::Listening;
}

std::vector<HandedOver> SingleInstance::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(queue_, {});
}

void SingleInstance::serve() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    answer(client);
    ::close(client);
  }
}

void SingleInstance::answer(int client) {
  // Only this user's own programs may hand us files (the directory already keeps
  // others out; this says so again at the socket).
  ucred peer{};
  socklen_t size = sizeof peer;
  if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 || peer.uid != ::getuid()) return;
  set_timeouts(client);
  std::string line;
  if (!read_line(client, line)) return;
  const nlohmann::json request = nlohmann::json::parse(line, nullptr, false);
  HandedOver what;
  if (request.is_object() && request.contains("open") && request["open"].is_string() &&
      !request["open"].get<std::string>().empty())
    what.file = request["open"].get<std::string>();
  else if (!request.is_object() || !request.contains("show"))
    return void(send_all(client, "bad request\n"));
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(what));
  }
  if (wake_) wake_();
  send_all(client, "ok\n");
}

}  // namespace tavle::gui
