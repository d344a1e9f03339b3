// What the machine itself costs, for `tavle bench` to be read against: the same
// traffic with nothing of Tavle in the way (no WebSocket, JSON, board or event
// loop), measured the same way, in the same sitting.
//
// 1. Writer CPU per write: the parent writes a message of the bench's size to N
//    loopback TCP connections, pausing between rounds like the pacer; a child
//    process reads them (one thread, epoll, like the bench's receivers). This is
//    the floor under "host CPU per delivered message" in paced mode, where every
//    op is one write per client.
// 2. Relay latency: the parent sends one message to a relay process, which writes
//    it to N connections back to the parent, which reads them all (one thread,
//    epoll). Time from send to the last arrival, p50/p99/max: the floor under
//    the bench's "latency to the last receiver" (one sender, a host in its own
//    process fanning out, N receivers in one thread).
//
// Usage: loopback_floor [--clients N] [--rounds R] [--bytes B] [--gap-us G]
// Prints one JSON object.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "board/text.hpp"

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

void no_delay(int fd) {
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // as the host sets it
}

int listen_on_loopback(sockaddr_in& address) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 128) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    fail("listen");
  return listener;
}

int connect_to(const sockaddr_in& address) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) fail("connect");
  no_delay(fd);
  return fd;
}

int accept_from(int listener) {
  const int fd = accept(listener, nullptr, nullptr);
  if (fd < 0) fail("accept");
  no_delay(fd);
  return fd;
}

int poll_reads(const std::vector<int>& fds, std::size_t first) {
  const int poller = epoll_create1(0);
  for (std::size_t i = first; i < fds.size(); ++i) {
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.u32 = static_cast<std::uint32_t>(i);
    epoll_ctl(poller, EPOLL_CTL_ADD, fds[i], &interest);
  }
  return poller;
}

void sleep_until(timespec& next, int gap_us) {
  next.tv_nsec += gap_us * 1000L;
  while (next.tv_nsec >= 1000000000L) {
    next.tv_nsec -= 1000000000L;
    ++next.tv_sec;
  }
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
}

bool child_succeeded(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// [1] The receivers: read everything until the expected byte count has arrived.
[[noreturn]] void receive_all(const sockaddr_in& address, const Settings& s) {
  std::vector<int> fds;
  for (int i = 0; i < s.clients; ++i) fds.push_back(connect_to(address));
  const int poller = poll_reads(fds, 0);
  const long expected = static_cast<long>(s.clients) * s.rounds * s.bytes;
  long received = 0;
  std::vector<char> buffer(1 << 16);
  epoll_event ready[64];
  while (received < expected) {
    const int n = epoll_wait(poller, ready, 64, 10000);
    if (n <= 0) _exit(1);
    for (int i = 0; i < n; ++i) {
      const long got = read(fds[ready[i].data.u32], buffer.data(), buffer.size());
      if (got > 0) received += got;
    }
  }
  _exit(0);
}

// Writer CPU per write in microseconds, or a negative number on failure.
double writer_cpu_per_write(const Settings& s) {
  sockaddr_in address;
  const int listener = listen_on_loopback(address);
  const pid_t receivers = fork();
  if (receivers < 0) fail("fork");
  if (receivers == 0) receive_all(address, s);
  std::vector<int> connections;
  for (int i = 0; i < s.clients; ++i) connections.push_back(accept_from(listener));
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
  for (const int fd : connections) close(fd);
  close(listener);
  if (!child_succeeded(receivers)) {
    std::fprintf(stderr, "loopback_floor: the receivers did not get every byte\n");
    return -1;
  }
  if (before < 0 || after < 0) {
    std::fprintf(stderr, "loopback_floor: /proc/thread-self/schedstat is not available on this kernel\n");
    return -1;
  }
  return (after - before) / 1000.0 / (static_cast<double>(s.clients) * s.rounds);
}

// [2] The relay: whatever arrives on the first connection goes to all others.
[[noreturn]] void relay(int listener, const Settings& s) {
  std::vector<int> fds;
  for (int i = 0; i < s.clients + 1; ++i) fds.push_back(accept_from(listener));
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const long got = read(fds[0], buffer.data(), buffer.size());
    if (got <= 0) _exit(0);
    for (int i = 1; i <= s.clients; ++i)
      if (send(fds[static_cast<std::size_t>(i)], buffer.data(), static_cast<std::size_t>(got), 0) != got) _exit(1);
  }
}

// Send -> last receiver in milliseconds, one entry per round; empty on failure.
std::vector<double> relay_latencies(const Settings& s) {
  sockaddr_in address;
  const int listener = listen_on_loopback(address);
  const pid_t relayer = fork();
  if (relayer < 0) fail("fork");
  if (relayer == 0) relay(listener, s);
  close(listener);
  std::vector<int> fds;  // [0] sends, the rest receive; accepted in this order
  for (int i = 0; i < s.clients + 1; ++i) fds.push_back(connect_to(address));
  const int poller = poll_reads(fds, 1);
  const std::string message(static_cast<std::size_t>(s.bytes), 'x');
  std::vector<char> buffer(1 << 16);
  std::vector<double> latencies;
  timespec next{};
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (int round = 0; round < s.rounds; ++round) {
    const auto sent = std::chrono::steady_clock::now();
    if (send(fds[0], message.data(), message.size(), 0) != static_cast<ssize_t>(message.size())) fail("send");
    std::vector<long> got(fds.size(), 0);
    int complete = 0;
    while (complete < s.clients) {
      epoll_event ready[64];
      const int n = epoll_wait(poller, ready, 64, 10000);
      if (n <= 0) return {};
      for (int i = 0; i < n; ++i) {
        const std::uint32_t from = ready[i].data.u32;
        const long bytes = read(fds[from], buffer.data(), buffer.size());
        if (bytes > 0 && (got[from] += bytes) == s.bytes) ++complete;
      }
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count());
    if (s.gap_us > 0) sleep_until(next, s.gap_us);
  }
  for (const int fd : fds) close(fd);
  if (!child_succeeded(relayer)) return {};
  return latencies;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const auto number = tavle::parse_number(argv[i + 1], 0, 100000000);
    const int value = number ? static_cast<int>(*number) : -1;  // -1 is refused below
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
  signal(SIGPIPE, SIG_IGN);
  const double cpu = writer_cpu_per_write(s);
  const std::vector<double> latencies = relay_latencies(s);
  if (cpu < 0) return 1;
  if (latencies.empty()) {
    std::fprintf(stderr, "loopback_floor: the relay did not deliver every message\n");
    return 1;
  }
  std::printf("{\"clients\": %d, \"rounds\": %d, \"bytes\": %d, \"gap_us\": %d, \"writer_cpu_us_per_write\": %.3f, "
              "\"relay_latency_ms\": {\"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}}\n",
              s.clients, s.rounds, s.bytes, s.gap_us, cpu, percentile(latencies, 0.5), percentile(latencies, 0.99),
              percentile(latencies, 1.0));
  return 0;
}
