#include "tests/web/host_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cctype>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tavle::webtest {
using namespace std::chrono_literals;

namespace {

// A port the kernel just handed out on loopback; free again when we pass it on.
unsigned short free_loopback_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("no free loopback port");
  ::close(s);
  return ntohs(addr.sin_port);
}

// The facilitator key is the only run of exactly 32 hex digits the host prints.
std::string facilitator_key_in(const std::string& printed) {
  std::size_t run = 0;
  for (std::size_t i = 0; i <= printed.size(); ++i) {
    if (i < printed.size() && std::isxdigit(static_cast<unsigned char>(printed[i]))) {
      ++run;
      continue;
    }
    if (run == 32) return printed.substr(i - 32, 32);
    run = 0;
  }
  return "";
}

bool accepts_connections(unsigned short port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = s >= 0 && ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (s >= 0) ::close(s);
  return ok;
}

}  // namespace

HostProcess::HostProcess(const std::string& tavle, const std::string& code, const std::string& web_root) {
  port_ = free_loopback_port();
  // Output goes to a file, not a pipe: a host that logs a lot must never block on us.
  char log_template[] = "/tmp/tavle-host-log-XXXXXX";
  output_ = ::mkstemp(log_template);
  if (output_ < 0) throw std::runtime_error("cannot make a log file");
  log_path_ = log_template;
  std::vector<std::string> args = {tavle, "host", "--port", std::to_string(port_), "--code", code, "--web-root", web_root};
  std::vector<char*> argv;  // made before fork: the child only calls async-signal-safe functions
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(output_, STDOUT_FILENO);
    ::dup2(output_, STDERR_FILENO);
    ::close(output_);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  bool listening = false;
  for (auto deadline = std::chrono::steady_clock::now() + 30s; !(listening && !key_.empty());) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("tavle host did not come up within 30 s; it printed: " + printed_);
    std::this_thread::sleep_for(30ms);
    char chunk[4096];
    for (ssize_t n; (n = ::pread(output_, chunk, sizeof chunk, static_cast<off_t>(printed_.size()))) > 0;)
      printed_.append(chunk, static_cast<std::size_t>(n));
    if (key_.empty()) key_ = facilitator_key_in(printed_);
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("tavle host exited at start; it printed: " + printed_);
    }
    listening = listening || accepts_connections(port_);
  }
}

HostProcess::~HostProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool ended = false;
    for (int i = 0; i < 100 && !ended; ++i) {
      ended = ::waitpid(pid_, &status, WNOHANG) == pid_;
      if (!ended) std::this_thread::sleep_for(50ms);
    }
    if (!ended) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  if (output_ >= 0) ::close(output_);
  if (!log_path_.empty()) ::unlink(log_path_.c_str());
}

}  // namespace tavle::webtest
