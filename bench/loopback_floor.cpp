// What one small TCP write to a local receiver costs the writer on this machine,
// with nothing else in the way: no WebSocket, no JSON, no event loop. It is the
// floor under `tavle bench`'s "host CPU per delivered message" in paced mode,
// where every op is one write per client. A child process plays the receivers
// (one thread, epoll, like the bench's clients); the parent writes a message of
// the bench's size to every connection, pausing between rounds like the pacer.
//
// Usage: loopback_floor [--clients N] [--rounds R] [--bytes B] [--gap-us G]
// Prints JSON: writer CPU per write in microseconds (schedstat, nanoseconds).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Settings {
  int clients = 20;
  int rounds = 2000;
  int bytes = 230;     // a typical encoded op of the bench's mix
  int gap_us = 5000;   // the bench's paced mode; 0 = back to back
};

double thread_cpu_ns() {
  std::ifstream in("/proc/thread-self/schedstat");
  double ns = -1;
  in >> ns;
  return ns;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "loopback_floor: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

// The receivers: read everything until the expected byte count has arrived.
[[noreturn]] void receive_all(const sockaddr_in& address, const Settings& s) {
  const int poller = epoll_create1(0);
  for (int i = 0; i < s.clients; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) fail("connect");
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.fd = fd;
    epoll_ctl(poller, EPOLL_CTL_ADD, fd, &interest);
  }
  const long expected = static_cast<long>(s.clients) * s.rounds * s.bytes;
  long received = 0;
  std::vector<char> buffer(1 << 16);
  epoll_event ready[64];
  while (received < expected) {
    const int n = epoll_wait(poller, ready, 64, 10000);
    if (n <= 0) _exit(1);
    for (int i = 0; i < n; ++i) {
      const long got = read(ready[i].data.fd, buffer.data(), buffer.size());
      if (got > 0) received += got;
    }
  }
  _exit(0);
}

void sleep_until(timespec& next, int gap_us) {
  next.tv_nsec += gap_us * 1000L;
  while (next.tv_nsec >= 1000000000L) {
    next.tv_nsec -= 1000000000L;
    ++next.tv_sec;
  }
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (name == "--clients") s.clients = value;
    else if (name == "--rounds") s.rounds = value;
    else if (name == "--bytes") s.bytes = value;
    else if (name == "--gap-us") s.gap_us = value;
    else {
      std::fprintf(stderr, "usage: loopback_floor [--clients N] [--rounds R] [--bytes B] [--gap-us G]\n");
      return 2;
    }
  }
  if (s.clients < 1 || s.rounds < 1 || s.bytes < 1 || s.gap_us < 0) {
    std::fprintf(stderr, "loopback_floor: every setting must be positive\n");
    return 2;
  }
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 128) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    fail("listen");
  const pid_t receivers = fork();
  if (receivers < 0) fail("fork");
  if (receivers == 0) receive_all(address, s);

  std::vector<int> connections;
  for (int i = 0; i < s.clients; ++i) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) fail("accept");
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // as the host sets it
    connections.push_back(fd);
  }
  const std::string message(static_cast<std::size_t>(s.bytes), 'x');
  timespec next{};
  clock_gettime(CLOCK_MONOTONIC, &next);
  const double before = thread_cpu_ns();
  for (int round = 0; round < s.rounds; ++round) {
    for (const int fd : connections)
      if (send(fd, message.data(), message.size(), 0) != static_cast<ssize_t>(message.size())) fail("send");
    if (s.gap_us > 0) sleep_until(next, s.gap_us);
  }
  const double after = thread_cpu_ns();
  int status = 0;
  waitpid(receivers, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "loopback_floor: the receivers did not get every byte\n");
    return 1;
  }
  if (before < 0 || after < 0) {
    std::fprintf(stderr, "loopback_floor: /proc/thread-self/schedstat is not available on this kernel\n");
    return 1;
  }
  const double writes = static_cast<double>(s.clients) * s.rounds;
  std::printf("{\"clients\": %d, \"rounds\": %d, \"bytes\": %d, \"gap_us\": %d, \"writer_cpu_us_per_write\": %.3f}\n",
              s.clients, s.rounds, s.bytes, s.gap_us, (after - before) / 1000.0 / writes);
  return 0;
}
