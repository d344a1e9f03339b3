// What only the PostgreSQL store has: the URL and its TLS mode, the placeholders,
// the schema's migrations and what they refuse. The store's behaviour itself is
// the same suite for both backends (tests/store, StoreBackendTest).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "store_pg/pg_store.hpp"
#include "tests/support/pg_cluster.hpp"

namespace tavle::testing {
namespace {

std::map<std::string, std::string> options_of(const std::string& url) {
  std::vector<std::pair<std::string, std::string>> list;
  auto e = store_pg::connection_options(url, list);
  EXPECT_FALSE(e.has_value()) << e->message;
  return {list.begin(), list.end()};
}

TEST(PgUrl, AServerOnAnotherMachineGetsVerifiedTlsUnlessTheUrlSaysOtherwise) {
  ::unsetenv("PGSSLMODE");
  ::unsetenv("PGHOST");
  EXPECT_EQ(options_of("postgresql://tavle@db.kommune.dk/tavle")["sslmode"], "verify-full");
  EXPECT_EQ(options_of("postgresql://tavle@db.kommune.dk/tavle?sslmode=require")["sslmode"], "require");
  EXPECT_EQ(options_of("postgresql://tavle@db.kommune.dk/tavle?sslmode=disable")["sslmode"], "disable")
      << "an sslmode written in the URL is honoured as written";
  EXPECT_EQ(options_of("postgresql://tavle@localhost/tavle").count("sslmode"), 0u);
  EXPECT_EQ(options_of("postgresql://tavle@127.0.0.1:5433/tavle").count("sslmode"), 0u);
  EXPECT_EQ(options_of("postgresql:///tavle?host=/run/postgresql").count("sslmode"), 0u);
  EXPECT_EQ(options_of("postgresql://tavle@localhost,db2.kommune.dk/tavle")["sslmode"], "verify-full");
  EXPECT_EQ(options_of("postgresql://tavle@db.kommune.dk/tavle")["connect_timeout"], "10");
  EXPECT_EQ(options_of("postgresql://tavle@db.kommune.dk/tavle")["application_name"], "tavle");
}

TEST(PgUrl, AMalformedUrlIsAClearErrorThatDoesNotRepeatThePassword) {
  std::vector<std::pair<std::string, std::string>> list;
  auto e = store_pg::connection_options("postgresql://tavle:hemmelig@db.kommune.dk/tavle?sslmod=require", list);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "usage");
  EXPECT_NE(e->message.find("sslmod"), std::string::npos) << e->message;
  EXPECT_EQ(e->message.find("hemmelig"), std::string::npos) << e->message;
  e = store_pg::connection_options("mysql://db/tavle", list);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "usage");
}

TEST(PgUrl, PlaceholdersBecomeNumberedOutsideQuotedText) {
  int count = 0;
  EXPECT_EQ(store_pg::numbered_parameters("SELECT 1 WHERE a = ? AND b = ?", count), "SELECT 1 WHERE a = $1 AND b = $2");
  EXPECT_EQ(count, 2);
  EXPECT_EQ(store_pg::numbered_parameters("WHERE (?1 = '' OR f = ?1) AND (?2 = 0 OR at >= ?2)", count),
            "WHERE ($1 = '' OR f = $1) AND ($2 = 0 OR at >= $2)");
  EXPECT_EQ(count, 2);
  EXPECT_EQ(store_pg::numbered_parameters("SELECT '?', 'it''s ?' WHERE x = ?", count),
            "SELECT '?', 'it''s ?' WHERE x = $1");
  EXPECT_EQ(count, 1);
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    cluster = shared_pg_cluster(why);
    if (!cluster) {
      if (PgCluster::find_bindir().empty()) GTEST_SKIP() << why;
      FAIL() << why;
    }
    static int databases = 0;
    const std::string name = "pg_store_" + std::to_string(++databases);
    auto e = cluster->create_database(name);
    ASSERT_FALSE(e.has_value()) << *e;
    url = cluster->url(name);
  }
  // Runs SQL on the test's database outside the store (as a DBA or another program would).
  void sql(const std::string& statement) {
    PGconn* c = PQconnectdb(url.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, statement.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) << PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
  }
  std::string scalar(const std::string& query) {
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, query.c_str());
    std::string out = PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    return out;
  }

  PgCluster* cluster = nullptr;
  std::string url;
};

TEST_F(PgStoreTest, ANewDatabaseGetsEveryMigrationOnceAndReopeningChangesNothing) {
  std::unique_ptr<store::Store> s;
  auto e = store_pg::open_store(url, s);
  ASSERT_FALSE(e.has_value()) << e->message;
  std::string versions;
  for (int v = 1; v <= store_pg::kPgSchemaVersion; ++v) versions += (v > 1 ? "," : "") + std::to_string(v);
  EXPECT_EQ(scalar("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version"), versions);
  s.reset();
  e = store_pg::open_store(url, s);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_version"), std::to_string(store_pg::kPgSchemaVersion));
  EXPECT_EQ(s->path().find("postgresql://tavle@"), 0u) << s->path();
}

TEST_F(PgStoreTest, ADatabaseOfAnotherProgramIsRefusedAndLeftAsItWas) {
  sql("CREATE TABLE patients(id int); INSERT INTO patients VALUES (7)");
  std::unique_ptr<store::Store> s;
  auto e = store_pg::open_store(url, s);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "corrupt");
  EXPECT_NE(e->message.find("another program"), std::string::npos) << e->message;
  EXPECT_EQ(scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), "1");
}

TEST_F(PgStoreTest, ADatabaseOfANewerTavleIsRefusedAndLeftAsItWas) {
  {
    std::unique_ptr<store::Store> s;
    ASSERT_FALSE(store_pg::open_store(url, s).has_value());
  }
  sql("INSERT INTO schema_version VALUES (99, 0)");
  std::unique_ptr<store::Store> s;
  auto e = store_pg::open_store(url, s);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->message.find("newer Tavle"), std::string::npos) << e->message;
  EXPECT_EQ(scalar("SELECT max(version) FROM schema_version"), "99");
}

// sslmode in the URL is enforced, never quietly downgraded: a server without TLS is
// refused when the URL asks for TLS; with TLS, verify-full accepts the server only
// with the root that signed its certificate. (TCP: libpq never uses TLS on a socket.)
TEST(PgTls, TheUrlsSslmodeDecidesAndVerifyFullChecksTheServersCertificate) {
  if (PgCluster::find_bindir().empty()) GTEST_SKIP() << "PostgreSQL's server programs are not installed (.ci/install)";
  std::unique_ptr<store::Store> s;
  {
    PgCluster plain;
    auto started = plain.start({.tcp = true});
    ASSERT_FALSE(started.has_value()) << *started;
    ASSERT_FALSE(plain.create_database("tls_test").has_value());
    auto e = store_pg::open_store(plain.tcp_url("tls_test") + "&sslmode=require", s);
    ASSERT_TRUE(e.has_value()) << "connected in clear although the URL required TLS";
    EXPECT_EQ(e->code, "cannot_open");
    EXPECT_NE(e->message.find("SSL"), std::string::npos) << e->message;
    e = store_pg::open_store(plain.tcp_url("tls_test") + "&sslmode=disable", s);
    EXPECT_FALSE(e.has_value()) << "sslmode=disable, written in the URL, is honoured: " << e->message;
  }
  PgCluster tls;
  auto started = tls.start({.tcp = true, .tls = true});
  ASSERT_FALSE(started.has_value()) << *started;
  ASSERT_FALSE(tls.create_database("tls_test").has_value());
  const std::string url = tls.tcp_url("tls_test");
  auto e = store_pg::open_store(url + "&sslmode=verify-full&sslrootcert=" + tls.tls_certificate(), s);
  ASSERT_FALSE(e.has_value()) << e->message;
  std::vector<store::MeetingInfo> meetings;
  EXPECT_FALSE(s->list_meetings("", meetings).has_value()) << "the store does not work over TLS";
  s.reset();
  // A root that did not sign the server's certificate: refused.
  const std::string other_root =
      (std::filesystem::temp_directory_path() / ("tavle-other-root-" + std::to_string(::getpid()) + ".crt")).string();
  std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=other -keyout /dev/null -out '" +
               other_root + "' >/dev/null 2>&1").c_str());
  e = store_pg::open_store(url + "&sslmode=verify-full&sslrootcert=" + other_root, s);
  std::filesystem::remove(other_root);
  ASSERT_TRUE(e.has_value()) << "verify-full accepted a certificate its root did not sign";
  EXPECT_EQ(e->code, "cannot_open");
}

TEST(PgConnect, AServerThatIsNotThereIsAClearErrorWithinSeconds) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<store::Store> s;
  auto e = store_pg::open_store("postgresql:///tavle?host=/nonexistent-tavle-socket-dir&user=tavle", s);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "cannot_open");
  EXPECT_NE(e->message.find("cannot connect to the PostgreSQL database"), std::string::npos) << e->message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

}  // namespace
}  // namespace tavle::testing
