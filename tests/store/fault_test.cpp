// Promises under faults: a damaged or foreign file is refused and never written; a
// read-only directory and a full disk give clear errors; nothing acknowledged is lost.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;

// An op that adds a card with a long text, so a few of them fill pages quickly.
Op big_card(std::uint64_t n) {
  Op op;
  op.id = "fill:" + std::to_string(n);
  op.author = "p-pia";
  op.at = kNow + static_cast<Millis>(n);
  op.kind = OpKind::AddCard;
  op.target = "c-fill-" + std::to_string(n);
  op.value = {{"column", "worries"}, {"text", std::string(1500, static_cast<char>('a' + n % 26))}};
  return op;
}

// Appends batches of 3 big cards until the store refuses one; returns the acknowledged seqs.
std::vector<std::uint64_t> fill_until_refused(store::Store& s, Board board, Error& refusal) {
  std::vector<std::uint64_t> acknowledged;
  std::uint64_t seq = 0;
  for (int batch = 0; batch < 10000; ++batch) {
    std::vector<store::JournaledOp> ops;
    Board next = board;
    for (int i = 0; i < 3; ++i) {
      Op op = big_card(seq + 1 + static_cast<std::uint64_t>(i));
      EXPECT_TRUE(apply(next, op).ok());
      ops.push_back({seq + 1 + static_cast<std::uint64_t>(i), op});
    }
    if (auto e = s.append_ops("m-sample", ops, batch % 5 == 4 ? &next : nullptr)) {
      refusal = *e;
      return acknowledged;
    }
    for (const auto& o : ops) acknowledged.push_back(o.seq);
    seq += 3;
    board = std::move(next);
  }
  ADD_FAILURE() << "the store never ran out of room";
  return acknowledged;
}

void expect_exactly_these_ops(store::Store& s, const std::vector<std::uint64_t>& acknowledged) {
  std::vector<store::JournaledOp> ops;
  ASSERT_FALSE(s.ops_since("m-sample", 0, ops));
  ASSERT_EQ(ops.size(), acknowledged.size());
  for (std::size_t i = 0; i < ops.size(); ++i) EXPECT_EQ(ops[i].seq, acknowledged[i]);
  store::LoadedMeeting loaded;
  auto e = s.load_meeting("m-sample", loaded);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_EQ(loaded.last_seq, acknowledged.empty() ? 0 : acknowledged.back());
}

class FaultTest : public StoreTest {
 protected:
  // Writes `bytes` as the database file, and checks that opening is refused with
  // `code` and a message that names the file, leaving the bytes as they were.
  Error expect_refused_untouched(const std::string& code) {
    const std::string before = read_bytes(db_path());
    std::unique_ptr<store::Store> s;
    auto e = store::Store::open(dir.string(), s, keyed());
    EXPECT_TRUE(e.has_value()) << "a bad file was opened";
    EXPECT_EQ(s, nullptr);
    EXPECT_EQ(read_bytes(db_path()), before) << "the refused file was changed";
    if (!e) return {};
    EXPECT_EQ(e->code, code) << e->message;
    EXPECT_NE(e->message.find("tavle.db"), std::string::npos) << e->message;
    return *e;
  }
  void write_file(const std::string& bytes) {
    std::filesystem::create_directories(dir);
    std::ofstream(db_path(), std::ios::binary) << bytes;
  }
  void make_store_with_ops() {
    open();
    ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
    Board b = sample_board();
    std::vector<store::JournaledOp> ops;
    for (std::uint64_t i = 1; i <= 40; ++i) {
      ops.push_back({i, big_card(i)});
      ASSERT_TRUE(apply(b, ops.back().op).ok());
    }
    ASSERT_FALSE(store->append_ops("m-sample", ops, &b));
    store.reset();  // the last connection checkpoints the WAL into the file
  }
};

// Whether another process sees a read lock on the database's SHARED bytes (SQLite's
// unix locking: a reader holds them, a writer that wants to check out the WAL waits).
bool another_process_sees_a_reader(const std::filesystem::path& db) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(db.c_str(), O_RDONLY | O_CLOEXEC);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 0x40000002;  // SQLite's SHARED_FIRST
    probe.l_len = 510;           // SHARED_SIZE
    const bool seen = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::_exit(seen ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// POSIX locks belong to the process: closing any descriptor of the file drops every lock
// the process holds on it. Opening a second store (a server opens one per thread) read
// the header through a descriptor of its own and closed it, so another process could
// then checkpoint and truncate the WAL under a reader of this one.
TEST_F(FaultTest, OpeningASecondStoreKeepsTheLocksOfTheFirst) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::Connection reader;
  ASSERT_FALSE(reader.open(db_path().string(), SQLITE_OPEN_READONLY, kTestKey));
  ASSERT_FALSE(reader.exec("BEGIN; SELECT count(*) FROM meetings;", "a read that stays open"));
  ASSERT_TRUE(another_process_sees_a_reader(db_path())) << "the test's own reader holds no lock: nothing to check";
  std::unique_ptr<store::Store> second;
  auto e = store::Store::open(dir.string(), second, keyed());
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_TRUE(another_process_sees_a_reader(db_path())) << "opening a second store dropped the reader's lock";
  ASSERT_FALSE(reader.exec("COMMIT;", "ending the read"));
}

TEST_F(FaultTest, GarbageFileIsRefusedAndLeftUntouched) {
  write_file(std::string("these are my notes, not a database\n") + std::string(4000, 'x'));
  // Without the plain header it is taken as encrypted; the key cannot read it.
  Error e = expect_refused_untouched("wrong_key");
  EXPECT_NE(e.message.find("not a Tavle database"), std::string::npos) << e.message;
}

TEST_F(FaultTest, ShortFileIsRefusedAndLeftUntouched) {
  write_file("SQLite");
  expect_refused_untouched("corrupt");
}

TEST_F(FaultTest, OtherProgramsSqliteDatabaseIsRefusedAndLeftUntouched) {
  std::filesystem::create_directories(dir);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES('boller')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Error e = expect_refused_untouched("corrupt");
  EXPECT_NE(e.message.find("another program"), std::string::npos) << e.message;
}

TEST_F(FaultTest, DamagedTavleDatabaseIsRefusedAndLeftUntouched) {
  make_store_with_ops();
  std::string bytes = read_bytes(db_path());
  ASSERT_GT(bytes.size(), 4u * 4096);
  for (std::size_t i = 4096 * 2; i < 4096 * 4; ++i) bytes[i] = static_cast<char>(0xA5);  // pages 3 and 4
  write_file(bytes);
  Error e = expect_refused_untouched("corrupt");
  EXPECT_NE(e.message.find("damaged"), std::string::npos) << e.message;
}

TEST_F(FaultTest, DatabaseFromANewerTavleIsRefusedAndLeftUntouched) {
  make_store_with_ops();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  const std::string sql = store::key_pragma(kTestKey) + "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  Error e = expect_refused_untouched("corrupt");
  EXPECT_NE(e.message.find("newer Tavle"), std::string::npos) << e.message;
}

TEST_F(FaultTest, FullDatabaseRefusesTheBatchAndKeepsEveryAcknowledgedOp) {
  store::OpenOptions tiny;
  tiny.max_page_count = 60;
  open(tiny);
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  Error refusal;
  const auto acknowledged = fill_until_refused(*store, sample_board(), refusal);
  EXPECT_EQ(refusal.code, "disk_full") << refusal.message;
  EXPECT_NE(refusal.message.find("disk is full"), std::string::npos);
  ASSERT_FALSE(acknowledged.empty());
  expect_exactly_these_ops(*store, acknowledged);
  open();  // after a restart, without the limit
  expect_exactly_these_ops(*store, acknowledged);
}

TEST_F(FaultTest, FullFilesystemRefusesTheBatchAndKeepsEveryAcknowledgedOp) {
  SmallFilesystem fs(dir, "size=400k");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root); the page-limit test covers this";
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  Error refusal;
  const auto acknowledged = fill_until_refused(*store, sample_board(), refusal);
  EXPECT_TRUE(refusal.code == "disk_full" || refusal.code == "io") << refusal.code << ": " << refusal.message;
  ASSERT_FALSE(acknowledged.empty());
  expect_exactly_these_ops(*store, acknowledged);
  store.reset();
  ASSERT_TRUE(fs.remount("size=8m"));  // the user frees space and restarts
  open();
  expect_exactly_these_ops(*store, acknowledged);
}

TEST_F(FaultTest, ReadOnlyDirectoryGivesAClearError) {
  SmallFilesystem fs(dir, "size=4m");
  const bool root = geteuid() == 0;
  if (root && !fs.mounted()) GTEST_SKIP() << "root ignores file modes and cannot mount here";
  make_store_with_ops();
  const std::string before = read_bytes(db_path());
  if (root) {
    ASSERT_TRUE(fs.remount("ro"));
  } else {
    ASSERT_EQ(chmod(db_path().c_str(), 0444), 0);
    ASSERT_EQ(chmod(dir.c_str(), 0555), 0);
  }
  std::unique_ptr<store::Store> s;
  auto e = store::Store::open(dir.string(), s, keyed());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "read_only") << e->message;
  EXPECT_NE(e->message.find("read-only"), std::string::npos) << e->message;
  EXPECT_EQ(read_bytes(db_path()), before);
  if (root) {
    ASSERT_TRUE(fs.remount("rw"));
  } else {
    chmod(dir.c_str(), 0755);
    chmod(db_path().c_str(), 0644);
  }
  open();
  store::MeetingInfo info;
  ASSERT_FALSE(store->meeting_info("m-sample", info));
  EXPECT_EQ(info.op_count, 40u);
}

TEST_F(FaultTest, MissingParentThatCannotBeCreatedGivesAClearError) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a-file") << "x";
  std::unique_ptr<store::Store> s;
  auto e = store::Store::open((dir / "a-file" / "tavle").string(), s, keyed());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "cannot_open");
  EXPECT_NE(e->message.find("data directory"), std::string::npos) << e->message;
}

}  // namespace
}  // namespace tavle::testing

namespace tavle::testing {
namespace {

// A journal row or snapshot holding a number beyond a double (1e309) must give the
// store's "corrupt" error, not an exception that ends the host.
TEST_F(FaultTest, ANumberBeyondADoubleInAJournalRowIsACorruptRowNotACrash) {
  make_store_with_ops();
  for (const char* sql : {"UPDATE ops SET op_json = '{\"id\":\"x\",\"at\":1e309}' WHERE seq = 3",
                          "UPDATE snapshots SET board_json = '{\"schema\":-1e309}' WHERE seq = 0"}) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, store::key_pragma(kTestKey).c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
    open();
    store::LoadedMeeting loaded;
    auto e = store->load_meeting("m-sample", loaded, store::Replay::WholeJournal);
    ASSERT_TRUE(e.has_value()) << sql;
    EXPECT_EQ(e->code, "corrupt") << e->message;
    EXPECT_NE(e->message.find("number overflow"), std::string::npos) << e->message;
    store.reset();
  }
}

}  // namespace
}  // namespace tavle::testing
