// A fresh data directory per test, and small helpers shared by the store tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "store/sqlite_db.hpp"
#include "store/store.hpp"
#include "store_pg/pg_store.hpp"
#include "tests/support/pg_cluster.hpp"

namespace tavle::testing {

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs a shell command; its exit status and what it printed (stdout and stderr).
struct CommandResult {
  int status = -1;
  std::string out;
};

inline CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, p)) r.out.append(buffer, n);
  r.status = pclose(p);
  return r;
}

// A tmpfs mounted on a test directory, when this process may mount (root in CI).
class SmallFilesystem {
 public:
  SmallFilesystem(const std::filesystem::path& at, const std::string& options) : at_(at) {
    std::filesystem::create_directories(at);
    const std::string cmd = "mount -t tmpfs -o " + options + " tmpfs '" + at.string() + "' 2>/dev/null";
    mounted_ = geteuid() == 0 && std::system(cmd.c_str()) == 0;
  }
  ~SmallFilesystem() {
    if (mounted_) std::system(("umount -l '" + at_.string() + "'").c_str());  // lazy: even while busy
  }
  bool mounted() const { return mounted_; }
  bool remount(const std::string& options) {
    return std::system(("mount -o remount," + options + " '" + at_.string() + "'").c_str()) == 0;
  }
 private:
  std::filesystem::path at_;
  bool mounted_ = false;
};

// The key every store test's database has; the fixture also puts it in a key file
// of its own config directory, so `tavle` run by a test finds the same key.
inline const std::string kTestKey = "5d1c0a9e77b3f24c8e6a0d13b59f7c2e4a81d6f03c9b5e7a2d4f6081b3c5e7a9";

inline store::OpenOptions keyed(store::OpenOptions options = {}) {
  options.key_hex = kTestKey;
  return options;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = std::filesystem::temp_directory_path() /
          ("tavle-store-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    config = dir.string() + "-config";
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(config);
    std::filesystem::create_directories(config / "tavle");
    std::ofstream(config / "tavle" / "database.key") << kTestKey << "\n";
    std::filesystem::permissions(config / "tavle" / "database.key", std::filesystem::perms::owner_read |
                                                                        std::filesystem::perms::owner_write);
    ::setenv("XDG_CONFIG_HOME", config.c_str(), 1);
    ::unsetenv("DBUS_SESSION_BUS_ADDRESS");  // the key file above, never a desktop keyring
  }
  void TearDown() override {
    store.reset();
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(config);
  }

  // Opens the test's store, encrypted with kTestKey (plain when `options.key_hex`
  // is "plain": the file of an earlier Tavle).
  void open(store::OpenOptions options = {}) {
    store.reset();
    if (options.key_hex.empty()) options.key_hex = kTestKey;
    if (options.key_hex == "plain") options.key_hex.clear();
    auto e = store::Store::open(dir.string(), store, options);
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  std::filesystem::path db_path() const { return dir / "tavle.db"; }

  std::filesystem::path dir;
  std::filesystem::path config;
  std::unique_ptr<store::Store> store;
};

// The store's suite runs against both backends (docs/server.md): SQLite in the
// test's data directory, and PostgreSQL in a fresh database of a throwaway cluster
// (tests/support/pg_cluster.hpp). The PostgreSQL runs are skipped, saying why, only
// where PostgreSQL's server programs are not installed; CI installs them.
enum class Backend { Sqlite, Postgresql };

inline void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::Sqlite ? "SQLite" : "PostgreSQL"); }

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgresql";
}

class StoreBackendTest : public StoreTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (GetParam() != Backend::Postgresql) return;
    std::filesystem::create_directories(dir);  // for the files a test writes (SQLite's store makes it itself)
    std::string why;
    PgCluster* cluster = shared_pg_cluster(why);
    if (!cluster) {
      if (PgCluster::find_bindir().empty()) GTEST_SKIP() << why;
      FAIL() << why;
    }
    static int databases = 0;
    const std::string name = "tavle_test_" + std::to_string(++databases);
    auto e = cluster->create_database(name);
    ASSERT_FALSE(e.has_value()) << *e;
    url = cluster->url(name);
    database = name;
  }

  // A new connection to the test's database (the same data on every call).
  void open(store::OpenOptions options = {}) {
    if (GetParam() == Backend::Sqlite) return StoreTest::open(options);
    store.reset();
    auto e = store_pg::open_store(url, store);
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  // A second store on the same data, as another process would have.
  std::unique_ptr<store::Store> open_another() {
    std::unique_ptr<store::Store> other;
    auto e = GetParam() == Backend::Sqlite ? store::Store::open(dir.string(), other, keyed())
                                           : store_pg::open_store(url, other);
    EXPECT_FALSE(e.has_value()) << e->message;
    return other;
  }

  // issue 18: the test's database without a Store, for what an attacker or an
  // older Tavle would have done to it (edited rows, an older schema). `script` is
  // SQL of the backend's own dialect, one or more statements.
  std::unique_ptr<store::Database> raw_database() {
    if (GetParam() == Backend::Sqlite) {
      auto db = std::make_unique<store::SqliteDatabase>(db_path().string());
      auto e = store::open_database(db_path().string(), db->connection(), keyed());
      EXPECT_FALSE(e.has_value()) << e->message;
      return db;
    }
    std::unique_ptr<store_pg::PgDatabase> db;
    auto e = store_pg::PgDatabase::connect(url, db);
    EXPECT_FALSE(e.has_value()) << e->message;
    return db;
  }
  std::optional<Error> raw_sql(const std::string& script) {
    auto db = raw_database();
    if (GetParam() == Backend::Sqlite)
      return static_cast<store::SqliteDatabase&>(*db).connection().exec(script.c_str(), "a test's edit");
    return static_cast<store_pg::PgDatabase&>(*db).exec(script, "a test's edit");
  }

  std::string url;       // the PostgreSQL database of this test
  std::string database;  // its name (for the cluster's own commands)
};

}  // namespace tavle::testing
