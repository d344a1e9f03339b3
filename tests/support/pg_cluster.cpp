#include "tests/support/pg_cluster.hpp"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace tavle::testing {
namespace fs = std::filesystem;
namespace {

constexpr int kPort = 5432;  // only names the socket file inside the private directory

bool has_server_tools(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A port that was free a moment ago on 127.0.0.1 (the OS's choice).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

}  // namespace

std::string PgCluster::find_bindir() {
  if (const char* env = std::getenv("TAVLE_PG_BINDIR"); env && has_server_tools(env)) return env;
  std::vector<fs::path> versions;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (has_server_tools(entry.path() / "bin")) versions.push_back(entry.path() / "bin");
  if (!versions.empty()) {
    // The newest major version: "15" < "16" numerically.
    std::sort(versions.begin(), versions.end(), [](const fs::path& a, const fs::path& b) {
      return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
    });
    return versions.back().string();
  }
  if (const char* path = std::getenv("PATH")) {
    std::istringstream in(path);
    for (std::string dir; std::getline(in, dir, ':');)
      if (!dir.empty() && has_server_tools(dir)) return dir;
  }
  return "";
}

int PgCluster::run(const std::string& command) const {
  const std::string line = run_as_.empty() ? "sh -c " + shell_quoted(command)
                                           : "runuser -u " + run_as_ + " -- sh -c " + shell_quoted(command);
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::optional<std::string> PgCluster::start(PgClusterOptions config) {
  if (running()) return std::nullopt;
  bindir_ = find_bindir();
  if (bindir_.empty())
    return "PostgreSQL's server programs (initdb, pg_ctl) are not installed; .ci/install installs Debian's "
           "postgresql package (or set TAVLE_PG_BINDIR)";
  run_as_.clear();
  if (::geteuid() == 0) run_as_ = ::getpwnam("postgres") ? "postgres" : "nobody";
  std::string templ = (fs::temp_directory_path() / "tavle-pg-XXXXXX").string();
  if (!::mkdtemp(templ.data())) return "cannot make a temporary directory for PostgreSQL";
  dir_ = templ;
  if (!run_as_.empty()) {
    const passwd* pw = ::getpwnam(run_as_.c_str());
    if (!pw || ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      const std::string why = "cannot hand " + dir_ + " to the user " + run_as_;
      stop();
      return why;
    }
  }
  const std::string data = dir_ + "/data", log = dir_ + "/server.log";
  // C locale: the same sort order as SQLite's binary collation, so both backends list alike.
  const std::string initdb = "cd " + shell_quoted(dir_) + " && " + shell_quoted(bindir_ + "/initdb") + " -D " + shell_quoted(data) +
                             " -U tavle --auth=trust --locale=C --encoding=UTF8 --no-sync >" + shell_quoted(dir_ + "/initdb.log") +
                             " 2>&1";
  if (run(initdb) != 0) {
    const std::string why = "initdb failed: " + read_file(dir_ + "/initdb.log");
    stop();
    return why;
  }
  std::string options = "-k " + dir_ + " -p " + std::to_string(kPort);
  if (config.tcp) {
    tcp_port_ = free_port();
    options = "-k " + dir_ + " -c listen_addresses=127.0.0.1 -p " + std::to_string(tcp_port_);
  } else {
    options += " -c listen_addresses=";
  }
  if (config.tcp && config.tls) {
    const std::string cert = "cd " + shell_quoted(dir_) + " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 " +
                             "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout server.key " +
                             "-out server.crt >openssl.log 2>&1 && chmod 600 server.key";
    if (run(cert) != 0) {
      const std::string why = "making the test certificate failed: " + read_file(dir_ + "/openssl.log");
      stop();
      return why;
    }
    options += " -c ssl=on -c ssl_cert_file=" + dir_ + "/server.crt -c ssl_key_file=" + dir_ + "/server.key";
  }
  const std::string start = "cd " + shell_quoted(dir_) + " && " + shell_quoted(bindir_ + "/pg_ctl") + " -D " + shell_quoted(data) +
                            " -l " + shell_quoted(log) + " -w -t 60 -o " + shell_quoted(options) + " start >/dev/null 2>&1";
  if (run(start) != 0) {
    const std::string why = "pg_ctl start failed: " + read_file(log);
    stop();
    return why;
  }
  // If this test program dies without stopping the server (a crash, a time-out's
  // SIGKILL), a watchdog stops it and removes the directory, so no server outlives it.
  const std::string stop_cmd = shell_quoted(bindir_ + "/pg_ctl") + " -D " + shell_quoted(data) + " stop -m immediate";
  const std::string as_user = run_as_.empty() ? "sh -c " : "runuser -u " + run_as_ + " -- sh -c ";
  const std::string watchdog = "(while kill -0 " + std::to_string(::getpid()) + " 2>/dev/null; do sleep 1; done; " +
                               "if [ -d " + shell_quoted(data) + " ]; then " + as_user + shell_quoted(stop_cmd) + "; rm -rf " +
                               shell_quoted(dir_) + "; fi) </dev/null >/dev/null 2>&1 &";
  std::system(("setsid sh -c " + shell_quoted(watchdog) + " </dev/null >/dev/null 2>&1").c_str());
  return std::nullopt;
}

pid_t PgCluster::server_pid() const {
  if (!running()) return 0;
  std::ifstream in(dir_ + "/data/postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

void PgCluster::stop() {
  if (dir_.empty()) return;
  const pid_t pid = server_pid();
  if (pid > 0) {
    run(shell_quoted(bindir_ + "/pg_ctl") + " -D " + shell_quoted(dir_ + "/data") + " stop -m fast -w -t 30 >/dev/null 2>&1");
    if (::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
  dir_.clear();
  tcp_port_ = 0;
}

std::optional<std::string> PgCluster::create_database(const std::string& name) {
  if (!running()) return "the cluster is not running";
  const std::string log = dir_ + "/createdb.log";
  const std::string cmd = shell_quoted(bindir_ + "/createdb") + " -h " + shell_quoted(dir_) + " -p " +
                          std::to_string(tcp_port_ ? tcp_port_ : kPort) +
                          " -U tavle " + shell_quoted(name) + " >" + shell_quoted(log) + " 2>&1";
  if (run(cmd) != 0) return "createdb " + name + " failed: " + read_file(log);
  return std::nullopt;
}

bool PgCluster::terminate_connections(const std::string& database) const {
  if (!running()) return false;
  const std::string sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                          "AND pid <> pg_backend_pid()";
  return run(shell_quoted(bindir_ + "/psql") + " -h " + shell_quoted(dir_) + " -p " +
             std::to_string(tcp_port_ ? tcp_port_ : kPort) + " -U tavle -d " + shell_quoted(database) + " -qAt -c " +
             shell_quoted(sql) + " >/dev/null 2>&1") == 0;
}

bool PgCluster::restart() const {
  if (!running()) return false;
  return run(shell_quoted(bindir_ + "/pg_ctl") + " -D " + shell_quoted(dir_ + "/data") + " -l " +
             shell_quoted(dir_ + "/restart.log") + " restart -m fast -w -t 60 >/dev/null 2>&1") == 0;
}

std::string PgCluster::url(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_ + "&port=" + std::to_string(tcp_port_ ? tcp_port_ : kPort) +
         "&user=tavle";
}

std::string PgCluster::tcp_url(const std::string& database) const {
  return "postgresql://tavle@localhost:" + std::to_string(tcp_port_) + "/" + database + "?hostaddr=127.0.0.1";
}

PgCluster* shared_pg_cluster(std::string& why) {
  static std::unique_ptr<PgCluster> cluster;
  static std::string failure;
  static bool tried = false;
  if (!tried) {
    tried = true;
    auto c = std::make_unique<PgCluster>();
    if (auto e = c->start())
      failure = *e;
    else
      cluster = std::move(c);
  }
  why = failure;
  return cluster.get();
}

}  // namespace tavle::testing
