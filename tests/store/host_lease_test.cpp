// issue 18 (docs/server.md, "More than one process"): `tavle host --db` takes the
// meeting's lease in the database, as a `tavle server` does. [attack] A second
// `tavle host` of the same meeting (another machine: another data directory) and a
// `tavle server` on the same database would otherwise both write its journal; they
// are refused, the host with one line naming who holds it. Once the first host
// stops, the meeting is free again.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "board/sample.hpp"
#include "probe/host_process.hpp"
#include "probe/ws_client.hpp"
#include "session/server_meetings.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

using namespace std::chrono_literals;
constexpr Millis kNow = 1795593600000;

using HostLeaseTest = StoreBackendTest;

// `tavle host --db` of m-sample with data directory `data`, bounded in time: a host
// that is not refused would run until stopped.
CommandResult host_once(const std::filesystem::path& data, const std::string& url) {
  return run("timeout 20 " + std::string(TAVLE_BIN) + " host --address 127.0.0.1 --port 0 --no-tls --data '" +
             data.string() + "' --db '" + url + "' --meeting m-sample");
}

TEST_P(HostLeaseTest, ASecondHostOrAServerOfAMeetingAHostHoldsIsRefusedNamingIt) {
  if (GetParam() == Backend::Sqlite) GTEST_SKIP() << "a data directory's SQLite file is one machine's: no lease";
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store.reset();
  std::filesystem::create_directories(dir / "web");
  const std::filesystem::path second_dir = dir / "second-machine";
  std::unique_ptr<probe::HostProcess> first;
  ASSERT_NO_THROW(first = std::make_unique<probe::HostProcess>(
                      TAVLE_BIN, "4829135077", (dir / "web").string(),
                      std::vector<std::string>{"--data", (dir / "first-machine").string(), "--db", url, "--meeting",
                                               "m-sample", "--secrets", (dir / "first.secrets").string()}));
  const std::string holder = "tavle host, process " + std::to_string(first->pid());

  // A second host: refused at once, exit status 1, one line naming the first.
  const CommandResult second = host_once(second_dir, url);
  EXPECT_EQ(WEXITSTATUS(second.status), 1) << second.out;
  EXPECT_EQ(second.out.find("listening"), std::string::npos) << "two hosts of one meeting:\n" << second.out;
  std::string line;
  for (std::size_t at = 0; at < second.out.size();) {
    const std::size_t end = second.out.find('\n', at);
    const std::string l = second.out.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (l.find("is being hosted by") != std::string::npos) line = l;
    at = end == std::string::npos ? second.out.size() : end + 1;
  }
  ASSERT_FALSE(line.empty()) << second.out;
  EXPECT_EQ(line.rfind("tavle host: meeting m-sample is being hosted by " + holder, 0), 0u) << line;

  // A server on the same database: the meeting's clients are told where it is hosted.
  {
    auto library = session::stored_meetings({second_dir.string(), "", url}, net::MeetingConfig{}, "test (tavle server)");
    net::ServerConfig config;
    config.address = "127.0.0.1";
    net::Server server(config, std::move(library));
    ASSERT_FALSE(server.start().has_value());
    probe::WsOptions options;
    options.path = "/m/m-sample";
    probe::WsClient ws(server.port(), options);
    ws.send_hello("0000000000", "family", "fam");
    const std::string answer = ws.read().value_or("");
    EXPECT_NE(answer.find("\"meeting_elsewhere\""), std::string::npos) << answer;
    EXPECT_NE(answer.find(holder), std::string::npos) << answer;
    server.stop();
  }

  // The first host stops: its lease goes with its connection, and a host may start.
  first->stop();
  std::unique_ptr<probe::HostProcess> after;
  ASSERT_NO_THROW(after = std::make_unique<probe::HostProcess>(
                      TAVLE_BIN, "4829135077", (dir / "web").string(),
                      std::vector<std::string>{"--data", second_dir.string(), "--db", url, "--meeting", "m-sample",
                                               "--secrets", (dir / "after.secrets").string()}))
      << "the stopped host's lease was not let go";
}

INSTANTIATE_TEST_SUITE_P(Backends, HostLeaseTest, ::testing::Values(Backend::Postgresql), backend_name);

}  // namespace
}  // namespace tavle::testing
