#include "probe/host_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tavle::probe {
using namespace std::chrono_literals;

namespace {

// "tavle host: listening on 127.0.0.1:PORT, ..." -> PORT, or 0 while not printed yet.
unsigned short listening_port(const std::string& printed) {
  const std::string marker = "listening on 127.0.0.1:";
  const auto at = printed.find(marker);
  if (at == std::string::npos) return 0;
  unsigned long port = 0;
  std::size_t i = at + marker.size();
  for (; i < printed.size() && std::isdigit(static_cast<unsigned char>(printed[i])); ++i) port = port * 10 + (printed[i] - '0');
  const bool complete = i < printed.size() && i > at + marker.size();  // something follows the digits
  return complete && port > 0 && port < 65536 ? static_cast<unsigned short>(port) : 0;
}

// The host never prints its facilitator key (docs/security.md): the test chooses
// one and hands it over in a file only this user can read.
std::string write_key_file(std::string& path) {
  char key_template[] = "/tmp/tavle-host-key-XXXXXX";
  const int fd = ::mkstemp(key_template);  // mode 0600
  if (fd < 0) throw std::runtime_error("cannot make a key file");
  std::string key;
  for (int i = 0; i < 32; ++i) key += "0123456789abcdef"[(i * 7 + ::getpid()) % 16];
  if (::write(fd, key.data(), key.size()) != static_cast<ssize_t>(key.size())) throw std::runtime_error("cannot write the key file");
  ::close(fd);
  path = key_template;
  return key;
}

constexpr const char* kFingerprintMarker = "fingerprint SHA-256 ";

}  // namespace

HostProcess::HostProcess(const std::string& tavle, const std::string& code, const std::string& web_root)
    : HostProcess(tavle, code, web_root, {}, 0) {}

HostProcess::HostProcess(const std::string& tavle, const std::string& code, const std::string& web_root,
                         const std::vector<std::string>& extra_args, unsigned short port) {
  // Output goes to a file, not a pipe: a host that logs a lot must never block on us.
  char log_template[] = "/tmp/tavle-host-log-XXXXXX";
  output_ = ::mkostemp(log_template, O_CLOEXEC);  // never inherited by a later host (dup2 clears it on 1 and 2)
  if (output_ < 0) throw std::runtime_error("cannot make a log file");
  log_path_ = log_template;
  // Port 0: the host takes a free port and prints it, so parallel tests never race for one.
  const bool own_key = std::find(extra_args.begin(), extra_args.end(), "--own-key") != extra_args.end();
  // issue 18: "--server" (ours): `tavle server`, many meetings, each with its own codes
  // (no --code, no key file); the tablet page's web root when one is given.
  const bool server = std::find(extra_args.begin(), extra_args.end(), "--server") != extra_args.end();
  std::vector<std::string> args = {tavle, server ? "server" : "host", "--address", "127.0.0.1", "--port",
                                   std::to_string(port)};
  if (!server || !web_root.empty()) args.insert(args.end(), {"--web-root", web_root});
  if (!server) args.insert(args.end(), {"--code", code});
  if (!own_key && !server) {
    key_ = write_key_file(key_path_);
    args.insert(args.end(), {"--facilitator-key-file", key_path_});
  }
  // Plain on loopback unless the test asks for encryption: the tests' own WebSocket
  // clients speak plain ws:// (docs/protocol.md, "Encryption"). "--tls" (ours, not the
  // host's): the host's own certificate, kept in its --data directory.
  for (const std::string& a : extra_args)
    if (a != "--tls" && a != "--own-key" && a != "--server") args.push_back(a);
  const bool encrypted = std::any_of(extra_args.begin(), extra_args.end(), [](const std::string& a) {
    return a == "--tls" || a == "--tls-cert" || a == "--allow-plain-family";
  });
  if (!encrypted) args.push_back("--no-tls");
  std::vector<char*> argv;  // made before fork: the child only calls async-signal-safe functions
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(output_, STDOUT_FILENO);
    ::dup2(output_, STDERR_FILENO);
    ::close(output_);
    // Nothing else of ours reaches the host: a restarted host would otherwise keep
    // the relay's and the clients' sockets of the moment open for its whole life.
    ::close_range(3, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // The host prints its port once it listens.
  for (auto deadline = std::chrono::steady_clock::now() + 30s; port_ == 0;) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("tavle did not come up within 30 s; it printed: " + printed_);
    std::this_thread::sleep_for(30ms);
    output();
    if (port_ == 0) port_ = listening_port(printed_);
    if (const auto at = printed_.find(kFingerprintMarker); at != std::string::npos && fingerprint_.empty())
      fingerprint_ = printed_.substr(at + std::string(kFingerprintMarker).size(), 95);
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("tavle host exited at start; it printed: " + printed_);
    }
  }
}

void HostProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string HostProcess::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  return output();
}

std::string HostProcess::output() {
  char chunk[4096];
  for (ssize_t n; (n = ::pread(output_, chunk, sizeof chunk, static_cast<off_t>(printed_.size()))) > 0;)
    printed_.append(chunk, static_cast<std::size_t>(n));
  return printed_;
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
  if (!key_path_.empty()) ::unlink(key_path_.c_str());
}

}  // namespace tavle::probe
