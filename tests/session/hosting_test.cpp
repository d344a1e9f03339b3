// One way to host (session/hosting.hpp), for `tavle host --data` and the app's stored
// meetings alike: a stored meeting comes back with its seq, the recent ops devices
// catch up from, a durable journal, the facilitator key and the rejoin tokens.
#include "session/hosting.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "session/lan_address.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::testing {
namespace {

namespace fs = std::filesystem;
constexpr Millis kNow = 1795593600000;

template <class Base>
class HostingFixture : public Base {
 protected:
  // A stored meeting with `count` journaled ops; returns the board after them.
  Board store_meeting_with_ops(int count) {
    this->open();
    auto& store = this->store;
    EXPECT_FALSE(store->import_meeting(sample_board(), kNow));
    Board board = sample_board();
    RandomOps random(7, "c7");
    std::vector<SequencedOp> batch;
    for (std::uint64_t seq = 0; static_cast<int>(seq) < count;) {
      Op op = random.next(board, "p-pia");
      if (!apply(board, op).ok()) continue;
      batch.push_back({++seq, op});
    }
    EXPECT_FALSE(store->append_ops("m-sample", batch));
    store.reset();
    return board;
  }
};
using HostingTest = HostingFixture<StoreTest>;
// issue 18: against both stores (the PostgreSQL one through HostSetup::db_url).
using HostingBackendTest = HostingFixture<StoreBackendTest>;

TEST_P(HostingBackendTest, AStoredMeetingComesBackWithItsSeqRecentOpsAndADurableJournal) {
  const Board board = store_meeting_with_ops(2100);
  session::HostSetup setup;
  setup.db_url = url;  // empty for SQLite: the data directory's store
  std::string log;
  ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", setup, &log));
  EXPECT_EQ(setup.last_seq, 2100u);
  EXPECT_EQ(state_hash_hex(setup.board), state_hash_hex(board));
  ASSERT_EQ(setup.recent.size(), session::kRecentOpsForLateJoiners) << "a device that rejoins gets the ops it missed";
  EXPECT_EQ(setup.recent.front().seq, 2100u - session::kRecentOpsForLateJoiners + 1);
  EXPECT_EQ(setup.recent.back().seq, 2100u);
  EXPECT_NE(setup.journal, nullptr);
  EXPECT_NE(log.find("continuing after seq 2100"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Backends, HostingBackendTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

TEST_F(HostingTest, TheFacilitatorKeyAndTheRejoinTokensOutliveARestartAndStayPrivate) {
  store_meeting_with_ops(3);
  std::string key;
  {
    session::HostSetup setup;
    ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", setup));
    key = setup.config.meeting.facilitator_key;
    EXPECT_EQ(key.size(), 32u);
    ASSERT_TRUE(setup.config.meeting.tokens_changed);
    setup.config.meeting.tokens_changed({{"t-1", net::RejoinGrant{"p-mor", net::Role::Family}}});
  }
  EXPECT_EQ(fs::status(dir / "facilitator.key").permissions() & fs::perms::mask,
            fs::perms::owner_read | fs::perms::owner_write);
  session::HostSetup again;
  ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", again));
  EXPECT_EQ(again.config.meeting.facilitator_key, key);
  ASSERT_EQ(again.config.meeting.initial_tokens.count("t-1"), 1u);
  EXPECT_EQ(again.config.meeting.initial_tokens.at("t-1").participant_id, "p-mor");
  EXPECT_EQ(again.config.meeting.initial_tokens.at("t-1").role, net::Role::Family);
}

// issue 13: hosting meeting B in the same data directory used to replace A's tokens
// (one plain file per directory); they are kept per meeting, encrypted, and erased
// with the family.
TEST_F(HostingTest, RejoinTokensAreKeptPerMeetingEncryptedAndErasedWithTheFamily) {
  store_meeting_with_ops(1);
  open();
  Board started;
  ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", kNow + 1, true, started));
  store.reset();
  const std::string token_a = "3f9c1b7e2a5d4c8f9e0a1b2c3d4e5f6a", token_b = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  for (auto [meeting, token] : {std::pair{"m-sample", token_a}, std::pair{"m-next", token_b}}) {
    session::HostSetup setup;
    ASSERT_FALSE(session::attach_stored_meeting(dir.string(), meeting, setup));
    ASSERT_TRUE(setup.config.meeting.tokens_changed);
    setup.config.meeting.tokens_changed({{token, net::RejoinGrant{"p-mor", net::Role::Family}}});
  }
  session::HostSetup a;
  ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", a));
  EXPECT_EQ(a.config.meeting.initial_tokens.count(token_a), 1u) << "hosting m-next forgot m-sample's tokens";
  EXPECT_EQ(a.config.meeting.initial_tokens.count(token_b), 0u) << "m-next's token opens m-sample";
  a = {};
  for (const auto& file : fs::recursive_directory_iterator(dir)) {
    if (!file.is_regular_file()) continue;
    for (const std::string& token : {token_a, token_b})
      EXPECT_EQ(read_bytes(file.path()).find(token), std::string::npos) << "in clear in " << file.path();
  }
  open();
  ASSERT_FALSE(store->delete_family("f-jensen"));
  std::vector<store::StoredRejoinToken> left;
  ASSERT_FALSE(store->load_rejoin_tokens("m-sample", left));
  EXPECT_TRUE(left.empty());
}

TEST_F(HostingTest, AnOldTokensFileMovesIntoTheStoreOnceAndIsRemoved) {
  store_meeting_with_ops(1);
  std::ofstream(dir / "rejoin-tokens.json")
      << R"({"meeting":"m-sample","tokens":{"t-old":{"participant":"p-mor","role":"family"}}})";
  session::HostSetup setup;
  ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", setup));
  EXPECT_EQ(setup.config.meeting.initial_tokens.count("t-old"), 1u);
  EXPECT_FALSE(fs::exists(dir / "rejoin-tokens.json"));
  setup = {};
  session::HostSetup again;
  ASSERT_FALSE(session::attach_stored_meeting(dir.string(), "m-sample", again));
  EXPECT_EQ(again.config.meeting.initial_tokens.count("t-old"), 1u);
}

TEST_F(HostingTest, AMeetingThatIsNotStoredIsAnErrorAndStartsNothing) {
  store_meeting_with_ops(1);
  session::HostSetup setup;
  auto e = session::attach_stored_meeting(dir.string(), "m-nowhere", setup);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "not_found");
  EXPECT_EQ(setup.journal, nullptr);
}

TEST(LanAddress, AHostOnEveryInterfaceShowsAnAddressATabletCanUse) {
  EXPECT_NE(session::reachable_address("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(session::reachable_address("0.0.0.0"), session::lan_address());
  EXPECT_EQ(session::reachable_address("127.0.0.1"), "127.0.0.1");
}

}  // namespace
}  // namespace tavle::testing
