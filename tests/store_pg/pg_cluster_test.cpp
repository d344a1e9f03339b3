// The throwaway PostgreSQL of the tests (tests/support/pg_cluster.hpp): it starts as
// a user PostgreSQL accepts, makes databases, and leaves no server or directory behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/pg_cluster.hpp"

namespace tavle::testing {
namespace {

// Running, and not only a zombie waiting for a parent (in a container, PID 1 may
// reap late) to collect its exit status.
bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

TEST(PgCluster, StartsMakesADatabaseAndLeavesNothingBehind) {
  if (PgCluster::find_bindir().empty()) GTEST_SKIP() << "PostgreSQL's server programs are not installed (.ci/install)";
  std::string dir;
  pid_t pid = 0;
  {
    PgCluster cluster;
    auto e = cluster.start();
    ASSERT_FALSE(e.has_value()) << *e;
    dir = cluster.socket_dir();
    pid = cluster.server_pid();
    ASSERT_GT(pid, 0);
    EXPECT_TRUE(alive(pid)) << "the server is not running";
    EXPECT_TRUE(std::filesystem::exists(dir + "/.s.PGSQL.5432")) << "no socket in the private directory";
    e = cluster.create_database("tavle_probe");
    EXPECT_FALSE(e.has_value()) << *e;
    e = cluster.create_database("tavle_probe");
    EXPECT_TRUE(e.has_value()) << "a second database of the same name was made";
  }
  EXPECT_FALSE(alive(pid)) << "the server outlived its cluster object";
  EXPECT_FALSE(std::filesystem::exists(dir)) << "the cluster's directory was left behind";
}

}  // namespace
}  // namespace tavle::testing
