// Promises of docs/privacy.md about data at rest: the data directory is private to
// its user (0700, files 0600), checked and tightened at every start; the database
// is encrypted, refuses a wrong key untouched, and an earlier plain file is
// encrypted once without losing anything, even when killed half-way.
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <thread>
#include <vector>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "store/database_key.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

using PrivacyTest = StoreTest;

TEST_F(PrivacyTest, ANewDataDirectoryAndEveryFileInItArePrivate) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));  // WAL and shared memory exist now
  EXPECT_EQ(mode_of(dir), 0700u);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(mode_of(entry.path()), 0600u) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 2) << "the database and its write-ahead log";
  EXPECT_TRUE(store->permissions_fixed().empty());
}

TEST_F(PrivacyTest, OpenModesOnAnExistingDirectoryAreTightenedAndReported) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store.reset();
  // As an earlier Tavle left it: the directory 0755, the database 0644.
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(db_path().c_str(), 0644), 0);
  std::ofstream(dir / "notes.txt") << "x";
  ASSERT_EQ(::chmod((dir / "notes.txt").c_str(), 0664), 0);
  std::filesystem::create_directories(dir / "old");
  ASSERT_EQ(::chmod((dir / "old").c_str(), 0775), 0);
  open();
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(db_path()), 0600u);
  EXPECT_EQ(mode_of(dir / "notes.txt"), 0600u);
  EXPECT_EQ(mode_of(dir / "old"), 0700u);
  const auto& fixed = store->permissions_fixed();
  ASSERT_EQ(fixed.size(), 4u);
  EXPECT_EQ(fixed[0], dir.string() + ": 0755 -> 0700");
  EXPECT_NE(std::find(fixed.begin(), fixed.end(), "tavle.db: 0644 -> 0600"), fixed.end());
}

TEST_F(PrivacyTest, AModeThatCannotBeTightenedIsAClearErrorAndNothingIsWritten) {
  SmallFilesystem fs(dir, "size=4m");
  if (!fs.mounted()) GTEST_SKIP() << "needs a read-only tmpfs (root) to make chmod fail";
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store.reset();
  ASSERT_EQ(::chmod(db_path().c_str(), 0644), 0);
  const std::string before = read_bytes(db_path());
  ASSERT_TRUE(fs.remount("ro"));
  std::unique_ptr<store::Store> s;
  auto e = store::Store::open(dir.string(), s, keyed());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "permissions") << e->message;
  EXPECT_NE(e->message.find("tavle.db can be read by other users (mode 0644)"), std::string::npos) << e->message;
  EXPECT_EQ(read_bytes(db_path()), before);
  ASSERT_TRUE(fs.remount("rw"));
}

// What a meeting says that must never be readable from the disk.
const std::vector<std::string> kDistinctive = {"Mor og far bor hver for sig", "Familien Jensen", "SAG-2026-0417",
                                               "Zebrafinken Oskar synger om natten"};

Op distinctive_card() {
  Op op;
  op.id = "op-zebra";
  op.author = "p-pia";
  op.at = kNow + 1;
  op.kind = OpKind::AddCard;
  op.target = "c-zebra";
  op.value = {{"column", "worries"}, {"text", kDistinctive.back()}};
  return op;
}

// Every file in the directory (and below), by name.
std::map<std::string, std::string> every_file(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).string()] = read_bytes(entry.path());
  return files;
}

void expect_no_trace(const std::filesystem::path& dir) {
  for (const auto& [name, bytes] : every_file(dir))
    for (const std::string& text : kDistinctive) EXPECT_EQ(bytes.find(text), std::string::npos) << name << ": " << text;
}

class AtRestTest : public StoreTest {
 protected:
  // A meeting with the distinctive texts, journaled; returns its state hash.
  std::string write_meeting(store::OpenOptions options = {}) {
    open(options);
    Board board = sample_board();
    EXPECT_FALSE(store->import_meeting(board, kNow));
    Op op = distinctive_card();
    EXPECT_TRUE(apply(board, op).ok());
    EXPECT_FALSE(store->append_ops("m-sample", {{1, op}}, &board));
    store.reset();
    return state_hash_hex(board);
  }
  std::string stored_hash() {
    store::LoadedMeeting loaded;
    auto e = store->load_meeting("m-sample", loaded);
    EXPECT_FALSE(e.has_value()) << e->message;
    return state_hash_hex(loaded.board);
  }
};

TEST_F(AtRestTest, NothingAMeetingSaysCanBeFoundInAnyFileOfTheDataDirectory) {
  const std::string hash = write_meeting();
  expect_no_trace(dir);
  open();
  EXPECT_EQ(stored_hash(), hash) << "the meeting is all there when opened with its key";
  EXPECT_NE(read_bytes(db_path()).substr(0, 16), std::string("SQLite format 3\0", 16));
}

TEST_F(AtRestTest, TheSearchFindsTheTextsInAPlainFileSoItCanFail) {
  write_meeting(store::OpenOptions{.key_hex = "plain"});
  std::string all;
  for (const auto& [name, bytes] : every_file(dir)) all += bytes;
  for (const std::string& text : kDistinctive) EXPECT_NE(all.find(text), std::string::npos) << text;
}

TEST_F(AtRestTest, AWrongKeyIsRefusedWithAClearErrorAndNothingIsWritten) {
  write_meeting();
  const auto before = every_file(dir);
  store::OpenOptions wrong;
  wrong.key_hex = std::string(64, '7');
  for (bool read_only : {false, true}) {
    wrong.read_only = read_only;
    std::unique_ptr<store::Store> s;
    auto e = store::Store::open(dir.string(), s, wrong);
    ASSERT_TRUE(e.has_value()) << "opened with a wrong key";
    EXPECT_EQ(e->code, "wrong_key") << e->message;
    EXPECT_NE(e->message.find("tavle.db: cannot be read with this key"), std::string::npos) << e->message;
    EXPECT_NE(e->message.find("has not changed the file"), std::string::npos) << e->message;
    EXPECT_EQ(every_file(dir), before) << "a file was written, changed or added";
  }
}

TEST_F(AtRestTest, APlainDatabaseOfAnEarlierVersionIsEncryptedOnceInPlace) {
  store::OpenOptions plain;
  plain.key_hex = "plain";
  const std::string hash = write_meeting(plain);
  ASSERT_NE(read_bytes(db_path()).find(kDistinctive.back()), std::string::npos) << "the earlier file is plain";
  open();
  EXPECT_EQ(stored_hash(), hash);
  store.reset();
  expect_no_trace(dir);
  const auto files = every_file(dir);
  for (const auto& [name, bytes] : files) EXPECT_TRUE(name.starts_with("tavle.db")) << name << " left behind";
  EXPECT_EQ(files.count("tavle.db.encrypting"), 0u);
  std::unique_ptr<store::Store> s;
  EXPECT_TRUE(store::Store::open(dir.string(), s, store::OpenOptions{}).has_value()) << "readable without the key";
}

// A real process is killed (_exit, no clean-up) at each step of the migration; the
// next start must find every op, and the plain text gone once it is done.
// A server opens one data directory from several threads at its start (the index, the
// desk, the store writer, the meetings). With a new encrypted file each connection
// that read the empty file before another wrote it had a salt of its own, and failed
// with "the file is damaged or is not a Tavle database" (seen in CI's package step).
TEST_F(AtRestTest, ANewDatabaseOpenedFromManyThreadsAtOnceIsMadeOnceAndOpensInEach) {
  constexpr int kRounds = 12;
  constexpr int kThreads = 6;
  for (int round = 0; round < kRounds; ++round) {
    std::filesystem::remove_all(dir);
    std::vector<std::optional<Error>> errors(kThreads);
    std::vector<std::unique_ptr<store::Store>> stores(kThreads);
    {
      std::vector<std::jthread> threads;
      for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] { errors[i] = store::Store::open(dir.string(), stores[i], keyed()); });
    }
    for (int i = 0; i < kThreads; ++i) {
      ASSERT_FALSE(errors[i].has_value()) << "round " << round << ", thread " << i << ": " << errors[i]->message;
      std::vector<store::FamilyInfo> families;
      auto e = stores[i]->list_families(families);
      ASSERT_FALSE(e.has_value()) << "round " << round << ", thread " << i << ": " << e->message;
    }
  }
}

TEST_F(AtRestTest, AMigrationKilledAtAnyStepLosesNothing) {
  for (int step = 1; step <= 4; ++step) {
    SCOPED_TRACE("killed at step " + std::to_string(step));
    std::filesystem::remove_all(dir);
    const std::string hash = write_meeting(store::OpenOptions{.key_hex = "plain"});
    static int kill_at;
    kill_at = step;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      store::OpenOptions options = keyed();
      options.encrypt_hook = [](store::EncryptStep s) {
        if (static_cast<int>(s) == kill_at) ::_exit(42);
      };
      std::unique_ptr<store::Store> s;
      store::Store::open(dir.string(), s, options);
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 42) << "the migration never reached the step";
    open();
    EXPECT_EQ(stored_hash(), hash);
    store.reset();
    expect_no_trace(dir);
  }
}

TEST_F(AtRestTest, TheKeyIsMadeOnceInAPrivateFileOutsideTheDataDirectory) {
  std::filesystem::remove_all(config);
  store::DatabaseKey first, again;
  ASSERT_FALSE(store::find_database_key({"", dir.string(), false}, first));
  EXPECT_TRUE(first.made);
  EXPECT_EQ(first.where, (config / "tavle" / "database.key").string());
  EXPECT_EQ(mode_of(config / "tavle" / "database.key"), 0600u);
  EXPECT_EQ(mode_of(config / "tavle"), 0700u);
  ASSERT_FALSE(store::find_database_key({"", dir.string(), false}, again));
  EXPECT_FALSE(again.made);
  EXPECT_EQ(again.hex, first.hex);
  EXPECT_EQ(first.hex.size(), 64u);
}

TEST_F(AtRestTest, AKeyFileInsideTheDataDirectoryOrReadableByOthersIsRefused) {
  open();
  const auto inside = dir / "my.key";
  std::ofstream(inside) << kTestKey << "\n";
  ::chmod(inside.c_str(), 0600);
  store::DatabaseKey key;
  auto e = store::find_database_key({inside.string(), dir.string(), false}, key);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->message.find("inside the data directory"), std::string::npos) << e->message;
  const auto open_file = config / "open.key";
  std::ofstream(open_file) << kTestKey << "\n";
  ::chmod(open_file.c_str(), 0644);
  e = store::find_database_key({open_file.string(), dir.string(), false}, key);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "permissions") << e->message;
  const auto short_file = config / "short.key";
  std::ofstream(short_file) << "secret\n";
  ::chmod(short_file.c_str(), 0600);
  e = store::find_database_key({short_file.string(), dir.string(), false}, key);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->message.find("64 hex digits"), std::string::npos) << e->message;
}

}  // namespace
}  // namespace tavle::testing
