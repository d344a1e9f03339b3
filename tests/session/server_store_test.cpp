// issue 18: a `tavle server` on SQLite keeps a few connections to its database however
// many meetings are open. SQLite walks the list of a process's connections to a file
// at every lock of its write-ahead log: with a connection per open meeting (two, with
// joins and tokens, before the store writer), 1,000 meetings spent a third of the server's CPU in that walk
// (docs/performance.md, "One server, many meetings").
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "net/server.hpp"
#include "session/server_meetings.hpp"
#include "session/sqlite_journal.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;

// This process's open files that are the database `db`.
int open_files_of(const std::filesystem::path& db) {
  int count = 0;
  std::error_code ec;
  const auto wanted = std::filesystem::weakly_canonical(db, ec);
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::error_code link_ec;
    if (std::filesystem::read_symlink(fd.path(), link_ec) == wanted) ++count;
  }
  return count;
}

Op card_for(const std::string& meeting) {
  Op op;
  op.id = "t:" + meeting;
  op.author = "p-pia";
  op.at = kNow;
  op.kind = OpKind::AddCard;
  op.target = "c-" + meeting;
  op.value = {{"column", "worries"}, {"text", "Emma " + meeting}};
  return op;
}

// Meetings m-0 .. m-(count-1) of one family, in the store `open` opens into `store`
// (closed after): the server's own connections then open it.
template <class Open>
void make_meetings(std::unique_ptr<store::Store>& store, Open open, int count) {
  open();
  store::FamilyInfo family;
  ASSERT_FALSE(store->create_family("Familien Jensen", kNow, family));
  for (int i = 0; i < count; ++i) {
    Board board;
    ASSERT_FALSE(store->create_meeting(family.id, "m-" + std::to_string(i), kNow, false, board));
  }
  store.reset();
}

TEST_F(StoreTest, ASqliteServersOpenMeetingsShareTheirDatabaseConnectionsAndEachKeepsItsOwnOps) {
  constexpr int kMeetings = 20;
  ASSERT_NO_FATAL_FAILURE(make_meetings(store, [this] { open(); }, kMeetings));

  auto library = session::stored_meetings({dir.string(), "", ""}, net::MeetingConfig{}, "test (tavle server)");
  std::vector<net::MeetingSetup> open_meetings(kMeetings);
  for (int i = 0; i < kMeetings; ++i) {
    auto e = library->load("m-" + std::to_string(i), "", open_meetings[i]);
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  // One connection for the index, one for the journals, one for joins, tokens and
  // codes (the store writer's, connected from the start), and the files of closed
  // ones, which SQLite keeps open while the others hold its locks: not two per
  // meeting, 40 here.
  EXPECT_LE(open_files_of(db_path()), 6) << "connections to the database with " << kMeetings << " meetings open";

  // The journals' writes on the shared connection land in their own meetings.
  for (int i = 0; i < kMeetings; ++i) {
    net::MeetingSetup& m = open_meetings[i];
    auto e = m.journal->append({SequencedOp{m.last_seq + 1, card_for("m-" + std::to_string(i))}});
    ASSERT_FALSE(e.has_value()) << e->message;
  }
  open_meetings.clear();
  library.reset();
  open();
  for (int i = 0; i < kMeetings; ++i) {
    std::vector<store::JournaledOp> ops;
    ASSERT_FALSE(store->ops_since("m-" + std::to_string(i), 0, ops));
    ASSERT_EQ(ops.size(), 1u) << "meeting m-" << i;
    EXPECT_EQ(ops[0].op.id, "t:m-" + std::to_string(i));
  }
}

// Group commit across meetings: batches that arrive while a turn is being written
// wait and go together in the next turn, one transaction and one sync, instead of
// a sync each (1,000 meetings' batches queued behind one another's syncs,
// docs/performance.md). A batch the database refuses fails only its own meeting.
TEST_F(StoreTest, MeetingsOnOneConnectionCommitWaitingBatchesTogetherAndARefusedBatchFailsOnlyItsOwn) {
  constexpr int kMeetings = 6;
  ASSERT_NO_FATAL_FAILURE(make_meetings(store, [this] { open(); }, kMeetings));

  auto shared = std::make_shared<session::SharedStore>();
  ASSERT_FALSE(session::open_store({dir.string(), "", ""}, shared->store));
  std::vector<std::unique_ptr<session::SqliteJournal>> journals;
  for (int i = 0; i < kMeetings; ++i) {
    store::LoadedMeeting loaded;
    ASSERT_FALSE(shared->store->load_meeting("m-" + std::to_string(i), loaded));
    journals.push_back(std::make_unique<session::SqliteJournal>(shared, "m-" + std::to_string(i), loaded));
  }
  // Meeting 5's seq 1 is taken behind its journal's back (as by a process that
  // lost the meeting's lease): its batch will be refused.
  Op rival = card_for("rival");
  ASSERT_FALSE(shared->store->append_ops("m-5", {SequencedOp{1, rival}}));

  std::vector<std::optional<Error>> results(kMeetings);
  std::vector<std::thread> writers;
  {
    // The connection is busy (a turn being written): every batch handed in meanwhile waits.
    std::unique_lock busy(shared->mutex);
    for (int i = 0; i < kMeetings; ++i)
      writers.emplace_back([&, i] { results[i] = journals[i]->append({SequencedOp{1, card_for("m-" + std::to_string(i))}}); });
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (shared->pending() < kMeetings && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(shared->pending(), static_cast<std::size_t>(kMeetings));
  }
  for (auto& t : writers) t.join();
  // The first journal's turn took what had arrived when it began; everything that
  // waited behind it went in one more turn.
  EXPECT_LE(shared->turns(), 2u);
  EXPECT_GE(shared->largest_turn(), static_cast<std::size_t>(kMeetings / 2));
  for (int i = 0; i < kMeetings - 1; ++i) EXPECT_FALSE(results[i].has_value()) << "meeting m-" << i << ": " << results[i]->message;
  ASSERT_TRUE(results[kMeetings - 1].has_value()) << "meeting m-5's batch collides with the rival's seq 1";

  for (int i = 0; i < kMeetings; ++i) {
    std::vector<store::JournaledOp> ops;
    ASSERT_FALSE(shared->store->ops_since("m-" + std::to_string(i), 0, ops));
    ASSERT_EQ(ops.size(), 1u) << "meeting m-" << i;
    EXPECT_EQ(ops[0].op.id, i == kMeetings - 1 ? rival.id : "t:m-" + std::to_string(i));
  }
}

}  // namespace
}  // namespace tavle::testing
