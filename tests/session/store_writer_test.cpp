// issue 18: a meeting's joins, rejoin tokens and new codes are written off the
// network thread (session/store_writer.hpp). The attack first: a store slow to take
// a join's access log entry (another connection holds it locked) once stalled every
// meeting of the server for as long; now a second meeting's round trip stays fast.
// Then what a data protection officer and an operator need of it: every join in the
// access log, in order, with the time it happened; only the newest tokens written,
// and what a meeting loads again; shutdown writes everything; a full queue said,
// never silent.
#include "session/store_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "board/sample.hpp"
#include "board/text.hpp"
#include "net/server.hpp"
#include "probe/ws_client.hpp"
#include "session/server_meetings.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
constexpr Millis kNow = 1795593600000;

class StoreWriterTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    open();
    ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
    Board next;
    ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", kNow + 1, true, next));
    store.reset();
  }
  void TearDown() override {
    server.reset();
    StoreBackendTest::TearDown();
  }

  session::StorePlace place() const { return {dir.string(), "", url}; }

  // Another connection holds the store so that writes wait and reads go on: SQLite's
  // write lock; on PostgreSQL the tables the writer writes. Released by rollback().
  std::unique_ptr<store::Database> lock_store() {
    auto db = raw_database();
    if (!db) return db;
    EXPECT_FALSE(db->begin().has_value());
    if (GetParam() == Backend::Postgresql)
      EXPECT_FALSE(static_cast<store_pg::PgDatabase&>(*db)
                       .exec("LOCK TABLE access_log, rejoin_tokens, meeting_codes IN EXCLUSIVE MODE", "a test's lock")
                       .has_value());
    return db;
  }

  void start_server() {
    net::MeetingConfig meeting;
    meeting.security_log = [this](const std::string& line) {
      std::lock_guard lock(lines_mutex);
      security_lines.push_back(line);
    };
    net::ServerConfig config;
    config.address = "127.0.0.1";
    server = std::make_unique<net::Server>(config, session::stored_meetings(place(), meeting, "test (tavle server)"));
    auto e = server->start();
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  session::MeetingCodes codes(const std::string& meeting) {
    session::MeetingCodes c;
    auto e = session::meeting_codes(place(), meeting, c);
    EXPECT_FALSE(e.has_value()) << e->message;
    return c;
  }
  std::unique_ptr<probe::WsClient> connect(const std::string& meeting) {
    probe::WsOptions options;
    options.path = "/m/" + meeting;
    return std::make_unique<probe::WsClient>(server->port(), options);
  }
  void join_as_facilitator(probe::WsClient& ws, const std::string& meeting) {
    ws.send_hello("", "facilitator", "fac", R"(,"facilitator_key":")" + codes(meeting).facilitator_key + "\"");
    ASSERT_TRUE(ws.read_until("\"welcome\"")) << "no welcome in " << meeting;
  }
  static void hello_as_professional(probe::WsClient& ws, const std::string& id, const session::MeetingCodes& c) {
    ws.send_hello("", "professional", id, R"(,"professional_code":")" + c.professional_code + "\"");
  }

  // The access log's joins of `meeting`, in the log's order.
  std::vector<store::AccessEntry> joins_of(const std::string& meeting) {
    open();
    std::vector<store::AccessEntry> all, joins;
    EXPECT_FALSE(store->read_access_log("", 0, all).has_value());
    for (store::AccessEntry& a : all)
      if (a.action == store::access::kJoined && a.detail.find("meeting=" + meeting + " ") == 0)
        joins.push_back(std::move(a));
    return joins;
  }

  std::unique_ptr<net::Server> server;
  std::mutex lines_mutex;
  std::vector<std::string> security_lines;
};

// [attack] Professionals join meeting m-sample while the store takes no write; the
// facilitator of m-next meanwhile pings. Before the writer, the network thread
// waited in the join's access log write until the store was free again: every
// meeting of the server stood still that long.
TEST_P(StoreWriterTest, ASlowStoreDuringJoinsDoesNotHoldUpAnotherMeetingsRoundTrip) {
  start_server();
  auto other = connect("m-next");
  join_as_facilitator(*other, "m-next");
  auto facilitator = connect("m-sample");
  join_as_facilitator(*facilitator, "m-sample");  // loaded: its loading wrote while the store was free
  const session::MeetingCodes c = codes("m-sample");

  auto lock = lock_store();
  ASSERT_TRUE(lock);
  const Millis locked_at = now_millis();
  std::atomic<Millis> released_at{0};
  std::thread release([&] {
    std::this_thread::sleep_for(2500ms);
    released_at = now_millis();
    lock->rollback();
  });
  // The professionals connect and say hello on a thread of their own: before the
  // writer, the server took no further connection while it waited for the store.
  std::vector<std::unique_ptr<probe::WsClient>> pros;
  std::atomic<bool> first_hello{false};
  std::thread joining([&] {
    for (int i = 0; i < 5; ++i) {
      pros.push_back(connect("m-sample"));
      hello_as_professional(*pros.back(), "pro" + std::to_string(i), c);
      first_hello = true;
    }
  });
  while (!first_hello) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(300ms);  // the first join happens now
  const auto start = Clock::now();
  other->send(R"({"type":"ping","t":"during-the-joins"})");
  const bool answered = other->read_until("during-the-joins").has_value();
  const auto took = Clock::now() - start;
  joining.join();
  release.join();
  EXPECT_TRUE(answered);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  std::printf("m-next's ping round trip during m-sample's joins: %lld ms\n", static_cast<long long>(ms));
  EXPECT_LT(took, 1000ms) << "m-next's ping waited for m-sample's joins to be written";

  for (auto& pro : pros) EXPECT_TRUE(pro->read_until("\"welcome\"")) << "a professional was not let in";
  server.reset();  // writes what is pending
  const auto joins = joins_of("m-sample");
  ASSERT_EQ(joins.size(), 6u) << "the facilitator and five professionals";
  for (std::size_t i = 1; i < joins.size(); ++i) {
    EXPECT_GE(joins[i].at, locked_at) << "the time of the join, not of the write";
    EXPECT_LT(joins[i].at, released_at) << "the time of the join, not of the write";
  }
}

// Every join of a burst is in the access log, in the order the meeting took them in,
// each with the time it happened; destroying the server (its SIGTERM path) writes them.
TEST_P(StoreWriterTest, EveryJoinOfABurstIsInTheAccessLogInOrderWithItsTime) {
  start_server();
  auto facilitator = connect("m-sample");
  join_as_facilitator(*facilitator, "m-sample");
  const session::MeetingCodes c = codes("m-sample");
  constexpr int kJoins = 30;
  std::vector<std::unique_ptr<probe::WsClient>> pros;
  std::vector<std::pair<Millis, Millis>> between;  // each join happened after its hello, before its welcome
  for (int i = 0; i < kJoins; ++i) {
    const Millis sent = now_millis();
    pros.push_back(connect("m-sample"));
    hello_as_professional(*pros.back(), "pro" + std::to_string(i), c);
    ASSERT_TRUE(pros.back()->read_until("\"welcome\""));
    between.emplace_back(sent, now_millis());
  }
  server.reset();
  const auto joins = joins_of("m-sample");
  ASSERT_EQ(joins.size(), static_cast<std::size_t>(kJoins + 1));
  for (int i = 0; i < kJoins; ++i) {
    const store::AccessEntry& j = joins[i + 1];
    EXPECT_EQ(j.actor, "Raw pro" + std::to_string(i) + " (professional)") << "join " << i << " out of order";
    EXPECT_GE(j.at, between[i].first);
    EXPECT_LE(j.at, between[i].second);
  }
}

// A meeting unloaded while its new tokens and codes still waited for the store, and
// loaded again, loads them: loading waits for the meeting's own writes.
TEST_P(StoreWriterTest, AMeetingLoadedAgainHasTheTokensAndCodesItHadWhileTheStoreWasSlow) {
  auto library = session::stored_meetings(place(), net::MeetingConfig{}, "test (tavle server)");
  net::MeetingSetup first;
  auto e = library->load("m-sample", "", first);
  ASSERT_FALSE(e.has_value()) << e->message;
  const std::string key = first.config.facilitator_key;

  auto lock = lock_store();
  ASSERT_TRUE(lock);
  std::thread release([&] {
    std::this_thread::sleep_for(1000ms);
    lock->rollback();
  });
  net::RejoinTokens tokens;
  for (int i = 0; i < 20; ++i) {  // a burst of joins, each a new token set
    tokens["t" + std::to_string(i)] = net::RejoinGrant{"p-" + std::to_string(i), net::Role::Family};
    first.config.tokens_changed(tokens);
  }
  first.config.codes_changed("NEWCODE1", "NEWPROF1");
  first = net::MeetingSetup{};  // unloaded
  net::MeetingSetup again;
  e = library->load("m-sample", "", again);
  release.join();
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_EQ(again.config.initial_tokens.size(), 20u) << "the newest token set";
  EXPECT_EQ(again.config.join_code, "NEWCODE1");
  EXPECT_EQ(again.config.professional_code, "NEWPROF1");
  EXPECT_EQ(again.config.facilitator_key, key);
}

// Rejoin tokens coalesce: a burst of changes while the store is busy writes the
// newest set once (twice at most: one may be in hand already), never an older one last.
TEST_P(StoreWriterTest, ABurstOfTokenChangesWritesTheNewestSetOnlyAndLast) {
  auto writer = std::make_unique<session::StoreWriter>(place());
  auto lock = lock_store();
  ASSERT_TRUE(lock);
  net::RejoinTokens tokens;
  for (int i = 0; i < 100; ++i) {
    tokens["t" + std::to_string(i)] = net::RejoinGrant{"p-" + std::to_string(i), net::Role::Professional};
    writer->save_rejoin_tokens("m-sample", tokens);
  }
  lock->rollback();
  writer->flush("m-sample");
  EXPECT_LE(writer->counts().tokens_written, 2u);
  open();
  std::vector<store::StoredRejoinToken> stored;
  ASSERT_FALSE(store->load_rejoin_tokens("m-sample", stored).has_value());
  EXPECT_EQ(stored.size(), 100u);
}

// Shutdown writes everything queued, in order, before the writer is gone.
TEST_P(StoreWriterTest, DestroyingTheWriterWritesEverythingQueuedInOrder) {
  auto writer = std::make_unique<session::StoreWriter>(place());
  auto lock = lock_store();
  ASSERT_TRUE(lock);
  constexpr int kEntries = 200;
  for (int i = 0; i < kEntries; ++i)
    writer->record_access("m-sample", {0, kNow + i, "f-jensen", store::access::kJoined, "Raw " + std::to_string(i) + " (family)",
                                       "meeting=m-sample participant=p-" + std::to_string(i) + " from=127.0.0.1", false});
  writer->save_rejoin_tokens("m-sample", {{"last", net::RejoinGrant{"p-1", net::Role::Family}}});
  std::thread release([&] {
    std::this_thread::sleep_for(300ms);
    lock->rollback();
  });
  writer.reset();
  release.join();
  const auto joins = joins_of("m-sample");
  ASSERT_EQ(joins.size(), static_cast<std::size_t>(kEntries));
  for (int i = 0; i < kEntries; ++i) EXPECT_EQ(joins[i].at, kNow + i);
  std::vector<store::StoredRejoinToken> stored;
  ASSERT_FALSE(store->load_rejoin_tokens("m-sample", stored).has_value());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].token, "last");
}

// [attack] A store down while joins keep coming: the queue stops at its bound; a join
// beyond it is said on the security log (meeting, participant, role, time, address;
// never the name), and the ones queued are written once the store is back.
TEST_P(StoreWriterTest, AJoinBeyondTheQueuesBoundIsSaidInTheSecurityLogNotLostSilently) {
  std::vector<std::string> lines;
  std::mutex m;
  auto writer = std::make_unique<session::StoreWriter>(
      place(),
      [&](const std::string& line) {
        std::lock_guard lock(m);
        lines.push_back(line);
      },
      3);
  auto lock = lock_store();
  ASSERT_TRUE(lock);
  for (int i = 0; i < 6; ++i)
    writer->record_access("m-sample", {0, kNow + i, "f-jensen", store::access::kJoined, "Emma Jensen (family)",
                                       "meeting=m-sample participant=p-" + std::to_string(i) + " from=10.0.0.7", false},
                          "10.0.0.7");
  lock->rollback();
  writer->flush();
  // One in hand, three queued: at least two beyond the bound.
  const std::size_t beyond = writer->counts().not_written;
  EXPECT_GE(beyond, 2u);
  EXPECT_EQ(writer->counts().access_written + beyond, 6u);
  writer.reset();
  std::lock_guard guard(m);
  ASSERT_EQ(lines.size(), beyond);
  EXPECT_NE(lines.back().find("access_log_entry_not_written address=10.0.0.7"), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find("meeting=m-sample participant=p-5 action=joined role=family at=" + std::to_string(kNow + 5)),
            std::string::npos)
      << lines.back();
  EXPECT_EQ(lines.back().find("Emma"), std::string::npos) << "a name in the security log";
  EXPECT_EQ(joins_of("m-sample").size(), 6u - beyond);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreWriterTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

}  // namespace
}  // namespace tavle::testing
