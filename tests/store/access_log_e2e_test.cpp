// The access log end to end (docs/privacy.md, "Access log"), through the real
// programs a municipality runs: `tavle host --data` hosting a stored meeting, an
// app joining it over TLS, `tavle inspect` listing and viewing it, `tavle inspect
// -o` exporting it, `tavle erase` erasing it. Each leaves an entry saying who,
// what and when, and `tavle audit` checks the chain and names a tampered row.
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "board/sample.hpp"
#include "net/client.hpp"
#include "store/database_key.hpp"
#include "tests/store/store_fixture.hpp"
#include "probe/host_process.hpp"

namespace tavle::testing {
namespace {

constexpr const char* kCode = "8642097531";
constexpr const char* kProfessionalCode = "prof4accesslog";

class AccessLogEndToEnd : public StoreTest {
 protected:
  std::string tavle(const std::string& command, const std::string& args) {
    return std::string(TAVLE_BIN) + " " + command + " --data '" + dir.string() + "' " + args;
  }
  // The log as `tavle audit` prints it; fails the test when the chain does not hold.
  std::string audit() {
    const CommandResult r = run(tavle("audit", ""));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("the chain holds"), std::string::npos) << r.out;
    return r.out;
  }
  // The printed row of the first entry with `action` and `detail` in it, or "".
  static std::string row(const std::string& log, const std::string& action, const std::string& detail) {
    std::size_t start = 0;
    while (start < log.size()) {
      std::size_t end = log.find('\n', start);
      if (end == std::string::npos) end = log.size();
      const std::string line = log.substr(start, end - start);
      if (line.find(" " + action + " ") != std::string::npos && line.find(detail) != std::string::npos) return line;
      start = end + 1;
    }
    return "";
  }
  // Who, what and when: the row names the actor, the family and today's date.
  static void expect_who_what_when(const std::string& line, const std::string& who, const std::string& family) {
    ASSERT_FALSE(line.empty());
    EXPECT_NE(line.find(who), std::string::npos) << line;
    EXPECT_NE(line.find(family), std::string::npos) << line;
    char today[16];
    const std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
    EXPECT_NE(line.find(today), std::string::npos) << line;
  }
};

TEST_F(AccessLogEndToEnd, HostingJoiningViewingExportingAndErasingEachLeaveAnEntryAndTamperingIsNamed) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), 1795593600000));
  store.reset();
  const std::string family = sample_board().meeting.family_id;
  const std::string user = store::system_user();

  {  // hosted by the person running tavle host; an app joins as a professional
    std::filesystem::create_directories(dir / "web");
    probe::HostProcess host(TAVLE_BIN, kCode, (dir / "web").string(),
                              {"--data", dir.string(), "--meeting", "m-sample", "--tls", "--professional-code",
                               kProfessionalCode, "--no-announce"});
    net::Client mette;
    net::JoinParams p;
    p.port = host.port();
    p.code = kCode;
    p.name = "Mette Sagsbehandler";
    p.role = net::Role::Professional;
    p.client_id = "mette-laptop";
    p.professional_code = kProfessionalCode;
    p.fingerprint = host.fingerprint();
    mette.connect(p);
    bool joined = false;
    for (int i = 0; i < 1000 && !joined; ++i) {
      joined = mette.status().state == net::ConnectionState::Connected;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(joined) << mette.status().last_error;
    mette.disconnect();
    host.stop();
  }
  const CommandResult listed = run(tavle("inspect", ""));
  ASSERT_EQ(listed.status, 0) << listed.out;
  const CommandResult viewed = run(tavle("inspect", "--meeting m-sample"));
  ASSERT_EQ(viewed.status, 0) << viewed.out;
  const std::string exported_to = (dir.string() + "-export.json");
  const CommandResult exported = run(tavle("inspect", "--meeting m-sample -o '" + exported_to + "'"));
  ASSERT_EQ(exported.status, 0) << exported.out;
  std::filesystem::remove(exported_to);

  const std::string log = audit();
  expect_who_what_when(row(log, "hosted", "meeting=m-sample"), user + " (tavle host)", family);
  expect_who_what_when(row(log, "joined", "meeting=m-sample"), "Mette Sagsbehandler (professional)", family);
  EXPECT_NE(row(log, "joined", "meeting=m-sample").find("from=127.0.0.1"), std::string::npos);
  expect_who_what_when(row(log, "opened", "families listed"), user + " (tavle inspect)", family);
  expect_who_what_when(row(log, "opened", "meeting=m-sample"), user + " (tavle inspect)", family);
  expect_who_what_when(row(log, "exported", "to=" + exported_to), user + " (tavle inspect)", family);
  EXPECT_EQ(log.find("Mor og far bor hver for sig"), std::string::npos) << "never card text";

  const CommandResult erased = run(tavle("erase", "--family " + family + " --yes"));
  ASSERT_EQ(erased.status, 0) << erased.out;
  const std::string after = audit();
  expect_who_what_when(row(after, "erased", "meetings=1"), user, family);
  EXPECT_EQ(after.find("Mette"), std::string::npos) << "the erased family's entries keep only that they were there";

  // Someone with the key changes who erased the family, directly in the file.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  const std::string change = store::key_pragma(kTestKey) + "UPDATE access_log SET actor = 'Nobody' WHERE action = 'erased'";
  ASSERT_EQ(sqlite3_exec(db, change.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  ASSERT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
  const CommandResult tampered = run(tavle("audit", ""));
  EXPECT_EQ(tampered.status >> 8, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("THE CHAIN IS BROKEN"), std::string::npos) << tampered.out;
  const std::string erased_row = row(tampered.out, "erased", "meetings=1");
  ASSERT_FALSE(erased_row.empty()) << tampered.out;
  const std::string seq = erased_row.substr(0, erased_row.find(' '));
  EXPECT_NE(tampered.out.find("entry " + seq + " was changed after it was written"), std::string::npos) << tampered.out;
}

}  // namespace
}  // namespace tavle::testing
