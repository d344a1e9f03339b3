// A throwaway PostgreSQL for tests (docs/server.md, "Tests"): initdb + pg_ctl in a
// fresh temporary directory, listening only on a Unix socket inside that directory
// (no TCP port, so parallel test runs never meet), stopped and removed when the
// object goes. PostgreSQL refuses to run as root, so under root (CI) the server runs
// as the `postgres` user Debian's package creates (else `nobody`) through runuser.
//
// The binaries come from $TAVLE_PG_BINDIR, else /usr/lib/postgresql/<newest>/bin
// (Debian keeps initdb off PATH), else PATH. When they are missing, start() says so
// and the tests that need a cluster skip with that message.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace tavle::testing {

struct PgClusterOptions {
  // Also listen on 127.0.0.1 at a port the OS picked free (for tests of TLS, which
  // libpq never uses on a Unix socket).
  bool tcp = false;
  // With tcp: TLS on, with a fresh self-signed certificate for "localhost"
  // (tls_certificate(), to give a client as its root).
  bool tls = false;
};

class PgCluster {
 public:
  PgCluster() = default;
  ~PgCluster() { stop(); }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // The folder holding initdb and pg_ctl; empty when there is none.
  static std::string find_bindir();

  // Makes and starts the cluster; the reason when it cannot (binaries missing, initdb
  // or pg_ctl failed: their log is in the message).
  std::optional<std::string> start(PgClusterOptions options = {});
  // Stops the server (fast shutdown, then SIGKILL if it lingers) and removes the directory.
  void stop();
  bool running() const { return !dir_.empty(); }

  // A new empty database; the reason when it could not be made.
  std::optional<std::string> create_database(const std::string& name);
  // libpq's URL for a database of this cluster (the superuser `tavle`, trust auth on the socket).
  std::string url(const std::string& database) const;
  // With tcp: the URL over TCP (host localhost, address 127.0.0.1, so verify-full can check the name).
  std::string tcp_url(const std::string& database) const;
  std::string tls_certificate() const { return dir_ + "/server.crt"; }
  const std::string& socket_dir() const { return dir_; }
  // The postmaster's process id (0 when not running).
  pid_t server_pid() const;
  // Ends every client connection to `database`, as a server restart or a network cut
  // would (pg_terminate_backend); false when psql failed.
  bool terminate_connections(const std::string& database) const;
  // Restarts the server (fast shutdown: open connections are cut), waiting until it
  // is back; false when it did not come back.
  bool restart() const;

 private:
  int run(const std::string& command) const;  // as the server's user when root

  std::string bindir_;
  std::string dir_;
  std::string run_as_;  // empty: this process's own user
  int tcp_port_ = 0;
};

// One cluster for a whole test program, started on first use and stopped at exit.
// Null (and `why` set) when it cannot start.
PgCluster* shared_pg_cluster(std::string& why);

}  // namespace tavle::testing
