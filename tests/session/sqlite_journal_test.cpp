// The host's journal over the store (SQLite and PostgreSQL): group commit per
// batch, periodic snapshots, and a restart that continues from the same seq with
// the same state.
#include "session/sqlite_journal.hpp"

#include <thread>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;

// What a host does: apply, sequence, hand the batch to the journal.
Board host_ops(net::Journal& journal, Board board, std::uint64_t& seq, int count, int batch_size, std::uint64_t seed) {
  RandomOps random(seed, "c" + std::to_string(seed));
  std::vector<net::SequencedOp> batch;
  for (int n = 0; n < count;) {
    Op op = random.next(board, "p-pia");
    if (!apply(board, op).ok()) continue;
    ++n;
    batch.push_back({++seq, op});
    if (static_cast<int>(batch.size()) == batch_size || n == count) {
      auto e = journal.snapshot_due(seq) ? journal.append(batch, board) : journal.append(batch);
      EXPECT_FALSE(e.has_value()) << e->message;
      batch.clear();
    }
  }
  return board;
}

// The journal over either store (issue 18: SQLite and PostgreSQL, StoreBackendTest).
class SqliteJournalTest : public StoreBackendTest {
 protected:
  std::unique_ptr<session::SqliteJournal> journal_for(const std::string& meeting, std::uint64_t snapshot_every,
                                                    store::LoadedMeeting& loaded) {
    open();
    EXPECT_FALSE(store->load_meeting(meeting, loaded).has_value());
    return std::make_unique<session::SqliteJournal>(std::move(store), meeting, loaded, snapshot_every);
  }
};

TEST_P(SqliteJournalTest, RestartContinuesWithTheSameSeqAndState) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::LoadedMeeting loaded;
  auto journal = journal_for("m-sample", 50, loaded);
  std::uint64_t seq = loaded.last_seq;
  Board board = host_ops(*journal, loaded.board, seq, 230, 8, 1);
  EXPECT_EQ(journal->last_seq(), 230u);
  EXPECT_EQ(journal->batches(), 29u) << "one transaction per batch";
  journal.reset();

  store::LoadedMeeting again;
  journal = journal_for("m-sample", 50, again);
  EXPECT_EQ(again.last_seq, 230u);
  EXPECT_GE(again.snapshot_seq, 200u) << "periodic snapshots were not written";
  EXPECT_EQ(state_hash_hex(again.board), state_hash_hex(board));
  board = host_ops(*journal, again.board, seq, 40, 3, 2);
  journal.reset();

  open();
  store::LoadedMeeting snap, whole;
  ASSERT_FALSE(store->load_meeting("m-sample", snap));
  ASSERT_FALSE(store->load_meeting("m-sample", whole, store::Replay::WholeJournal));
  EXPECT_EQ(snap.last_seq, 270u);
  EXPECT_EQ(state_hash_hex(snap.board), state_hash_hex(board));
  EXPECT_EQ(state_hash_hex(whole.board), state_hash_hex(board));
}

TEST_P(SqliteJournalTest, RefusesASeqThatDoesNotMoveForward) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::LoadedMeeting loaded;
  auto journal = journal_for("m-sample", 1000, loaded);
  std::uint64_t seq = 0;
  Board board = host_ops(*journal, loaded.board, seq, 3, 3, 4);
  RandomOps random(9, "late");
  Op op = random.next(board, "p-pia");
  auto e = journal->append({{3, op}});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "invalid");
  EXPECT_EQ(journal->last_seq(), 3u);
}

// issue 18: a `tavle server` with 1,000 meetings on one SQLite file had a journal wait
// past SQLite's 5 s busy timeout for the file's write lock; the journal took that as
// a failed disk and the meeting took no more changes ("journal_failed", docs/performance.md,
// "One server, many meetings"). Another writer holding the lock for 6 s now delays
// the batch; the meeting goes on.
TEST_F(StoreTest, ADatabaseLockedPastTheBusyTimeoutDelaysAJournalBatchButDoesNotStopTheMeeting) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::LoadedMeeting loaded;
  ASSERT_FALSE(store->load_meeting("m-sample", loaded));
  auto journal = std::make_unique<session::SqliteJournal>(std::move(store), "m-sample", loaded, 1000);
  std::uint64_t seq = loaded.last_seq;
  Board board = host_ops(*journal, loaded.board, seq, 2, 2, 5);

  store::SqliteDatabase other(db_path().string());  // another writer of the file
  ASSERT_FALSE(store::open_database(db_path().string(), other.connection(), keyed()));
  std::optional<store::WriteTx> holding(std::in_place, other);
  ASSERT_FALSE(holding->begin_error());
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::seconds(6));
    EXPECT_FALSE(holding->commit());
  });
  board = host_ops(*journal, board, seq, 2, 2, 6);  // waits for the lock, then lands
  release.join();
  board = host_ops(*journal, board, seq, 2, 2, 7);  // and the journal goes on taking ops
  EXPECT_EQ(journal->last_seq(), seq);
  journal.reset();

  open();
  store::LoadedMeeting again;
  ASSERT_FALSE(store->load_meeting("m-sample", again));
  EXPECT_EQ(again.last_seq, seq);
  EXPECT_EQ(state_hash_hex(again.board), state_hash_hex(board));
}

// issue 18: the municipality's PostgreSQL restarts (an update, a failover) or the
// network between server and database blips while a meeting is running. The journal
// makes its connection anew and goes on; every op it acknowledged is there once, and
// the meeting's state is the one the host had. Without the reconnect the journal
// failed on the first batch after the cut and took no more ops.
TEST_P(SqliteJournalTest, ADatabaseThatCutsTheConnectionOrRestartsCostsAReconnectNotTheMeeting) {
  if (GetParam() != Backend::Postgresql) GTEST_SKIP() << "a cut connection is PostgreSQL's (SQLite is a file)";
  std::string why;
  PgCluster* cluster = shared_pg_cluster(why);
  ASSERT_NE(cluster, nullptr) << why;
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::LoadedMeeting loaded;
  auto journal = journal_for("m-sample", 40, loaded);
  std::uint64_t seq = loaded.last_seq;
  Board board = host_ops(*journal, loaded.board, seq, 60, 6, 11);

  // The server ends the journal's connection between two batches.
  ASSERT_TRUE(cluster->terminate_connections(database));
  board = host_ops(*journal, board, seq, 60, 6, 12);
  EXPECT_EQ(journal->last_seq(), 120u);
  EXPECT_GE(journal->reconnects(), 1u);

  // The server restarts while batches keep coming: they wait for it, then go through.
  std::thread restart([&] { EXPECT_TRUE(cluster->restart()); });
  board = host_ops(*journal, board, seq, 200, 4, 13);
  restart.join();
  board = host_ops(*journal, board, seq, 20, 4, 14);
  EXPECT_EQ(journal->last_seq(), 340u);
  EXPECT_GE(journal->reconnects(), 2u) << "the restart cut no connection";
  journal.reset();

  open();
  store::LoadedMeeting snap, whole;
  ASSERT_FALSE(store->load_meeting("m-sample", snap));
  ASSERT_FALSE(store->load_meeting("m-sample", whole, store::Replay::WholeJournal));
  EXPECT_EQ(whole.last_seq, 340u);
  EXPECT_EQ(whole.replayed, 340u) << "an op was lost or written twice";
  EXPECT_EQ(state_hash_hex(snap.board), state_hash_hex(board));
  EXPECT_EQ(state_hash_hex(whole.board), state_hash_hex(board));
}

// The meeting's lease (a session advisory lock) goes with a cut connection. The
// journal takes it again when it reconnects; if another server took the meeting in
// the meantime, the journal writes nothing more rather than writing beside it.
// Without taking the lease again, the reconnected journal wrote under the other
// server's lease (the second half failed).
TEST_P(SqliteJournalTest, ALeaseIsTakenAgainAfterACutAndALeaseLostMeanwhileStopsTheJournal) {
  if (GetParam() != Backend::Postgresql) GTEST_SKIP() << "leases are PostgreSQL's (SQLite is one machine's file)";
  std::string why;
  PgCluster* cluster = shared_pg_cluster(why);
  ASSERT_NE(cluster, nullptr) << why;
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  std::string held_by;
  ASSERT_FALSE(store->take_meeting_lease("m-sample", "server-a:8443", held_by));
  ASSERT_EQ(held_by, "");
  store::LoadedMeeting loaded;
  ASSERT_FALSE(store->load_meeting("m-sample", loaded));
  auto journal = std::make_unique<session::SqliteJournal>(std::move(store), "m-sample", loaded, 1000);
  std::uint64_t seq = loaded.last_seq;
  Board board = host_ops(*journal, loaded.board, seq, 10, 5, 21);

  // A cut, and nobody else about: the lease is taken again with the connection.
  ASSERT_TRUE(cluster->terminate_connections(database));
  board = host_ops(*journal, board, seq, 10, 5, 22);
  EXPECT_EQ(journal->last_seq(), 20u);
  auto other = open_another();
  ASSERT_FALSE(other->take_meeting_lease("m-sample", "server-b:8443", held_by));
  EXPECT_EQ(held_by, "server-a:8443") << "the reconnected journal did not hold the lease again";

  // A cut, and server B takes the meeting before the journal is back.
  ASSERT_TRUE(cluster->terminate_connections(database));
  other = open_another();
  ASSERT_FALSE(other->take_meeting_lease("m-sample", "server-b:8443", held_by));
  ASSERT_EQ(held_by, "") << "server B could not take the lease after the cut";
  RandomOps random(23, "late");
  Op op = random.next(board, "p-pia");
  ASSERT_TRUE(apply(board, op).ok());
  auto e = journal->append({{21, op}});
  ASSERT_TRUE(e.has_value()) << "the journal wrote under server B's lease";
  EXPECT_EQ(e->code, "lease_lost") << e->message;
  store::LoadedMeeting now;
  ASSERT_FALSE(other->load_meeting("m-sample", now));
  EXPECT_EQ(now.last_seq, 20u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteJournalTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

// SQLite's page limit stands in for a full disk.
using SqliteFullTest = StoreTest;

TEST_F(SqliteFullTest, AfterAFailedWriteTakesNoMoreOps) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store.reset();
  store::OpenOptions tiny;
  tiny.max_page_count = 40;
  std::unique_ptr<store::Store> small;
  ASSERT_FALSE(store::Store::open(dir.string(), small, keyed(tiny)));
  store::LoadedMeeting loaded;
  ASSERT_FALSE(small->load_meeting("m-sample", loaded));
  session::SqliteJournal journal(std::move(small), "m-sample", loaded, 1000);
  Board board = loaded.board;
  std::uint64_t seq = 0;
  std::optional<Error> failure;
  for (int i = 0; i < 5000 && !failure; ++i) {
    Op op;
    op.id = "fill:" + std::to_string(i);
    op.author = "p-pia";
    op.at = kNow + i;
    op.kind = OpKind::AddCard;
    op.target = "c-f" + std::to_string(i);
    op.value = {{"column", "worries"}, {"text", std::string(1800, 'z')}};
    if (!apply(board, op).ok()) break;
    failure = journal.append({{++seq, op}});
  }
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->code, "disk_full");
  const std::uint64_t durable = journal.last_seq();
  EXPECT_EQ(durable, seq - 1);
  Op more = RandomOps(1, "x").next(board, "p-pia");
  EXPECT_TRUE(journal.append({{seq + 1, more}}).has_value());
}

}  // namespace
}  // namespace tavle::testing
