// Families, meetings, the journal and snapshots, files, scale history, deletion:
// against both backends (StoreBackendTest), except what is about SQLite's file.
#include <unistd.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::testing {
namespace {

using store::JournaledOp;
using store::LoadedMeeting;
using store::Replay;

constexpr Millis kNow = 1795593600000;

// Journals `count` random ops (the ones apply() accepts) in batches of `batch`,
// with a snapshot every `snapshot_every` ops; returns the board they give.
Board journal_random_ops(store::Store& s, const std::string& meeting, Board board, int count, int batch,
                         int snapshot_every, std::uint64_t seed) {
  RandomOps random(seed, "client");
  std::uint64_t seq = 0;
  std::vector<JournaledOp> pending;
  while (static_cast<int>(seq) < count) {
    Op op = random.next(board, "p-pia");
    if (!apply(board, op).ok()) continue;
    pending.push_back({++seq, op});
    if (static_cast<int>(pending.size()) == batch || static_cast<int>(seq) == count) {
      const bool snap = seq % static_cast<std::uint64_t>(snapshot_every) < pending.size();
      auto e = s.append_ops(meeting, pending, snap ? &board : nullptr);
      EXPECT_FALSE(e.has_value()) << e->message;
      pending.clear();
    }
  }
  return board;
}

TEST_P(StoreBackendTest, CreatesAndListsFamiliesAndMeetings) {
  open();
  store::FamilyInfo jensen, hansen;
  ASSERT_FALSE(store->create_family("Familien Jensen", kNow, jensen));
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, hansen));
  EXPECT_NE(jensen.id, hansen.id);
  Board board;
  ASSERT_FALSE(store->create_meeting(jensen.id, "m1", kNow, false, board));
  ASSERT_FALSE(store->create_meeting(jensen.id, "m2", kNow + 1, false, board));
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[1].label, "Familien Jensen");
  EXPECT_EQ(families[1].meetings, 2u);
  std::vector<store::MeetingInfo> meetings;
  ASSERT_FALSE(store->list_meetings(jensen.id, meetings));
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[0].id, "m1");
  auto e = store->create_meeting(jensen.id, "m1", kNow, false, board);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "exists");
  e = store->create_meeting("f-nobody", "m3", kNow, false, board);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "not_found");
}

TEST_P(StoreBackendTest, NewMeetingContinuesTheFamilysLastMeeting) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  Board next;
  ASSERT_FALSE(store->create_meeting(sample.meeting.family_id, "m-next", kNow + 1000, true, next));
  EXPECT_EQ(next.meeting.previous_meeting_id, "m-sample");
  ASSERT_NE(next.find_card("c-aftenplan"), nullptr);
  EXPECT_EQ(next.find_card("c-aftenplan")->carried_from, "c-aftenplan");
  LoadedMeeting loaded;
  ASSERT_FALSE(store->load_meeting("m-next", loaded));
  EXPECT_EQ(state_hash(loaded.board), state_hash(next));
}

TEST_P(StoreBackendTest, SnapshotPlusJournalAndJournalAloneGiveTheSameState) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  Board expected = journal_random_ops(*store, "m-sample", sample, 600, 7, 100, 42);
  LoadedMeeting from_snapshot, from_journal;
  ASSERT_FALSE(store->load_meeting("m-sample", from_snapshot, Replay::FromLatestSnapshot));
  ASSERT_FALSE(store->load_meeting("m-sample", from_journal, Replay::WholeJournal));
  EXPECT_GT(from_snapshot.snapshot_seq, 0u) << "no snapshot was used";
  EXPECT_LT(from_snapshot.replayed, 600u);
  EXPECT_EQ(from_journal.snapshot_seq, 0u);
  EXPECT_EQ(from_journal.replayed, 600u);
  EXPECT_EQ(state_hash_hex(from_snapshot.board), state_hash_hex(expected));
  EXPECT_EQ(state_hash_hex(from_journal.board), state_hash_hex(expected));
  EXPECT_EQ(from_snapshot.last_seq, 600u);
  EXPECT_EQ(from_journal.last_seq, 600u);
}

TEST_P(StoreBackendTest, ReopeningRecoversTheSameHash) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  Board expected = journal_random_ops(*store, "m-sample", sample, 250, 1, 64, 7);
  open();  // a new connection on the same file
  LoadedMeeting loaded;
  ASSERT_FALSE(store->load_meeting("m-sample", loaded));
  EXPECT_EQ(state_hash_hex(loaded.board), state_hash_hex(expected));
  store::MeetingInfo info;
  ASSERT_FALSE(store->meeting_info("m-sample", info));
  EXPECT_EQ(info.op_count, 250u);
  EXPECT_EQ(info.last_seq, 250u);
}

TEST_P(StoreBackendTest, OpsSinceGivesTheJournalTailInOrder) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  journal_random_ops(*store, "m-sample", sample, 30, 4, 1000, 3);
  std::vector<JournaledOp> tail;
  ASSERT_FALSE(store->ops_since("m-sample", 25, tail));
  ASSERT_EQ(tail.size(), 5u);
  for (std::size_t i = 0; i < tail.size(); ++i) EXPECT_EQ(tail[i].seq, 26 + i);
}

TEST_P(StoreBackendTest, BatchWithARepeatedSeqIsRefusedWhole) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  journal_random_ops(*store, "m-sample", sample, 5, 5, 1000, 3);
  std::vector<JournaledOp> tail;
  ASSERT_FALSE(store->ops_since("m-sample", 0, tail));
  std::vector<JournaledOp> batch{{6, tail[0].op}, {5, tail[1].op}};  // seq 5 exists
  ASSERT_TRUE(store->append_ops("m-sample", batch).has_value());
  store::MeetingInfo info;
  ASSERT_FALSE(store->meeting_info("m-sample", info));
  EXPECT_EQ(info.op_count, 5u) << "half a batch was written";
}

TEST_P(StoreBackendTest, SavesAMeetingToAFileAndOpensItElsewhere) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  Board expected = journal_random_ops(*store, "m-sample", sample, 40, 3, 1000, 11);
  const auto file = dir / "moede.json";
  ASSERT_FALSE(store->save_meeting_file("m-sample", file.string()));

  std::unique_ptr<store::Store> other;  // "another machine": a second database
  ASSERT_FALSE(store::Store::open((dir / "other").string(), other, keyed()));
  Board opened;
  ASSERT_FALSE(other->open_meeting_file(file.string(), kNow, opened));
  EXPECT_EQ(state_hash_hex(opened), state_hash_hex(expected));
  LoadedMeeting loaded;
  ASSERT_FALSE(other->load_meeting("m-sample", loaded));
  EXPECT_EQ(state_hash_hex(loaded.board), state_hash_hex(expected));
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(other->list_families(families));
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].label, "Familien Jensen");
}

TEST_P(StoreBackendTest, OpeningABrokenMeetingFileNamesTheProblem) {
  open();
  const auto file = dir / "broken.json";
  std::ofstream(file) << R"({"schema":1,"cards":[{"id":"c1","text":5}]})";
  Board opened;
  auto e = store->open_meeting_file(file.string(), kNow, opened);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->message.find("cards[0].text"), std::string::npos) << e->message;
}

TEST_P(StoreBackendTest, ScaleHistoryHasOnePointPerMeetingInDateOrder) {
  open();
  Board first = sample_board();
  ASSERT_FALSE(store->import_meeting(first, kNow));
  Board second;
  ASSERT_FALSE(store->create_meeting(first.meeting.family_id, "m-2", kNow + 1, true, second));
  Op rate;
  rate.id = "t:1";
  rate.author = "p-pia";
  rate.at = kNow + 2;
  rate.kind = OpKind::SetRating;
  rate.target = "p-pia";
  rate.value = {{"value", 7}};
  ASSERT_TRUE(apply(second, rate).ok());
  ASSERT_FALSE(store->append_ops("m-2", {{1, rate}}));
  std::vector<ScalePoint> history;
  ASSERT_FALSE(store->scale_history(first.meeting.family_id, history));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].meeting_id, "m-sample");
  EXPECT_EQ(history[0].lowest, 4);
  EXPECT_EQ(history[1].meeting_id, "m-2");
  EXPECT_EQ(history[1].date, "2027-01-14");
  EXPECT_EQ(history[1].by_participant.size(), 0u) << "blind rating stays out until revealed";
}

// issue 18: a family moves from a laptop (SQLite) to the store under test (the
// municipality's server on PostgreSQL, or another laptop) and back, with its whole
// history: the same state hashes, the continuity between its meetings, and the
// move in both access logs.
TEST_P(StoreBackendTest, AFamilyMovesFromALaptopAndBackWithItsWholeHistory) {
  open();
  std::unique_ptr<store::Store> laptop;
  ASSERT_FALSE(store::Store::open((dir.string() + "-laptop"), laptop, keyed()));
  Board first = sample_board();
  ASSERT_FALSE(laptop->import_meeting(first, kNow));
  const Board first_end = journal_random_ops(*laptop, "m-sample", first, 300, 9, 100, 7);
  Board second;
  ASSERT_FALSE(laptop->create_meeting(first.meeting.family_id, "m-2", kNow + 1000, true, second));
  const Board second_end = journal_random_ops(*laptop, "m-2", second, 120, 5, 50, 8);
  const std::string family = first.meeting.family_id;

  store::FamilyCopy copied;
  auto e = laptop->copy_family(family, *store, "tester", kNow + 2000, copied);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_EQ(copied.meetings, 2u);
  EXPECT_EQ(copied.ops, 420u);
  for (const auto& [id, expected] : {std::pair<std::string, const Board*>{"m-sample", &first_end}, {"m-2", &second_end}}) {
    LoadedMeeting there;
    ASSERT_FALSE(store->load_meeting(id, there));
    EXPECT_EQ(state_hash_hex(there.board), state_hash_hex(*expected)) << id;
    LoadedMeeting replayed;
    ASSERT_FALSE(store->load_meeting(id, replayed, Replay::WholeJournal));
    EXPECT_EQ(state_hash_hex(replayed.board), state_hash_hex(*expected)) << id;
  }
  store::MeetingInfo info;
  ASSERT_FALSE(store->meeting_info("m-2", info));
  EXPECT_EQ(info.previous_id, "m-sample");
  EXPECT_EQ(info.last_seq, 120u);
  // The next meeting on the server continues the moved family's last one.
  Board third;
  ASSERT_FALSE(store->create_meeting(family, "m-3", kNow + 3000, true, third));
  EXPECT_EQ(third.meeting.previous_meeting_id, "m-2");

  std::vector<store::AccessEntry> in, out;
  ASSERT_FALSE(store->read_access_log(family, 0, in));
  ASSERT_FALSE(laptop->read_access_log(family, 0, out));
  ASSERT_FALSE(in.empty());
  EXPECT_EQ(in.back().action, store::access::kMovedIn);
  EXPECT_NE(in.back().detail.find("meetings=2 ops=420"), std::string::npos) << in.back().detail;
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back().action, store::access::kMovedOut);
  std::vector<store::AccessProblem> problems;
  std::string head;
  std::int64_t count = 0;
  ASSERT_FALSE(store->verify_access_log(problems, head, count));
  EXPECT_TRUE(problems.empty());

  // And back to another laptop, with the server's third meeting.
  std::unique_ptr<store::Store> back;
  ASSERT_FALSE(store::Store::open((dir.string() + "-back"), back, keyed()));
  e = store->copy_family(family, *back, "tester", kNow + 4000, copied);
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_EQ(copied.meetings, 3u);
  LoadedMeeting home;
  ASSERT_FALSE(back->load_meeting("m-2", home));
  EXPECT_EQ(state_hash_hex(home.board), state_hash_hex(second_end));
  laptop.reset();
  back.reset();
  std::filesystem::remove_all(dir.string() + "-laptop");
  std::filesystem::remove_all(dir.string() + "-back");
}

// A move is all or nothing: a family that is already there, or one of whose meetings
// collides with a meeting there, leaves the destination as it was.
TEST_P(StoreBackendTest, AMoveThatCannotFinishLeavesNothingBehind) {
  open();
  std::unique_ptr<store::Store> laptop;
  ASSERT_FALSE(store::Store::open((dir.string() + "-laptop"), laptop, keyed()));
  Board first = sample_board();
  ASSERT_FALSE(laptop->import_meeting(first, kNow));
  Board second;
  ASSERT_FALSE(laptop->create_meeting(first.meeting.family_id, "m-2", kNow + 1000, true, second));
  // The server already has a meeting "m-2", of another family.
  store::FamilyInfo other;
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, other));
  Board theirs;
  ASSERT_FALSE(store->create_meeting(other.id, "m-2", kNow, false, theirs));

  store::FamilyCopy copied;
  auto e = laptop->copy_family(first.meeting.family_id, *store, "tester", kNow + 2000, copied);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "exists");
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  ASSERT_EQ(families.size(), 1u) << "a half-moved family was left on the server";
  EXPECT_EQ(families[0].id, other.id);
  store::MeetingInfo info;
  EXPECT_TRUE(store->meeting_info("m-sample", info).has_value()) << "the first meeting was left behind";
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log(first.meeting.family_id, 0, log));
  EXPECT_TRUE(log.empty());

  // Moved once, a second move of the same family is refused.
  ASSERT_FALSE(store->delete_family(other.id));
  ASSERT_FALSE(laptop->copy_family(first.meeting.family_id, *store, "tester", kNow + 3000, copied));
  e = laptop->copy_family(first.meeting.family_id, *store, "tester", kNow + 4000, copied);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "exists");
  EXPECT_TRUE(laptop->copy_family("f-nobody", *store, "tester", kNow, copied).has_value());
  laptop.reset();
  std::filesystem::remove_all(dir.string() + "-laptop");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreBackendTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

// Plain, so the raw bytes can be searched: erasure is the same SQL on an encrypted
// file (privacy_test.cpp searches the decrypted pages of one).
TEST_F(StoreTest, DeletingAFamilyLeavesNoReadableTraceInTheFile) {
  open(store::OpenOptions{.key_hex = "plain"});
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  journal_random_ops(*store, "m-sample", sample, 50, 5, 20, 5);
  Board next;
  ASSERT_FALSE(store->create_meeting(sample.meeting.family_id, "m-next", kNow + 1, true, next));
  store::FamilyInfo other;
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, other));
  const std::string secret = "Mor og far bor hver for sig";  // a card of the deleted family
  ASSERT_NE((read_bytes(db_path()) + read_bytes(dir / "tavle.db-wal")).find(secret), std::string::npos)
      << "the text was never written, so the test would prove nothing";

  ASSERT_FALSE(store->delete_family(sample.meeting.family_id));
  for (const auto& file : {db_path(), dir / "tavle.db-wal"}) {
    const std::string bytes = read_bytes(file);
    EXPECT_EQ(bytes.find(secret), std::string::npos) << file;
    EXPECT_EQ(bytes.find("Familien Jensen"), std::string::npos) << file;
    EXPECT_EQ(bytes.find("SAG-2026-0417"), std::string::npos) << file;
  }
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].label, "Familien Hansen");
  std::vector<store::MeetingInfo> meetings;
  ASSERT_FALSE(store->list_meetings("", meetings));
  EXPECT_TRUE(meetings.empty());
}

}  // namespace
}  // namespace tavle::testing
