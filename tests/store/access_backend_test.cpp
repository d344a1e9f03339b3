// The access log, erasure and retention through the Store, against both backends
// (StoreBackendTest): the same chain, the same redaction, the same listing, and
// text the database cannot keep whole is refused, never cut. (Instantiated for
// both backends in store_test.cpp.)
#include "board/apply.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;
constexpr Millis kDay = 24LL * 3600 * 1000;

store::AccessEntry entry(const std::string& family, const char* action, Millis at, const std::string& detail) {
  return {0, at, family, action, "Pia Holm (user pia)", detail, false};
}

TEST_P(StoreBackendTest, TwoConnectionsWritingTheAccessLogKeepOneUnbrokenChain) {
  open();
  std::unique_ptr<store::Store> other = open_another();
  ASSERT_TRUE(other);
  // Interleaved like the host's own connection and its join logger's.
  for (int i = 0; i < 20; ++i) {
    store::Store& s = i % 2 ? *other : *store;
    ASSERT_FALSE(s.record_access(entry("f-1", store::access::kJoined, kNow + i, "meeting=m-1 n=" + std::to_string(i))));
  }
  std::vector<store::AccessProblem> problems;
  std::string head;
  std::int64_t count = 0;
  ASSERT_FALSE(store->verify_access_log(problems, head, count));
  EXPECT_TRUE(problems.empty()) << problems.front().what;
  EXPECT_EQ(count, 20);
  std::vector<store::AccessEntry> read;
  ASSERT_FALSE(other->read_access_log("f-1", kNow + 10, read));
  ASSERT_EQ(read.size(), 10u);
  EXPECT_EQ(read.front().detail, "meeting=m-1 n=10");
  EXPECT_FALSE(read.front().redacted);
}

TEST_P(StoreBackendTest, ErasingAFamilyRedactsItsLogEntriesAndTheChainStillHolds) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  const std::string family = sample.meeting.family_id;
  ASSERT_FALSE(store->record_access(entry(family, store::access::kHosted, kNow, "meeting=m-sample")));
  Op consent;
  consent.id = "op-consent";
  consent.author = "p-pia";
  consent.at = kNow + 1;
  consent.kind = OpKind::SetMeetingField;
  consent.field = "consent_by";
  consent.value = "Line og Kasper";
  ASSERT_TRUE(apply(sample, consent).ok());
  ASSERT_FALSE(store->append_ops("m-sample", {{1, consent}}, &sample));
  store::FamilyInfo hansen;
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, hansen));
  ASSERT_FALSE(store->record_access(entry(hansen.id, store::access::kOpened, kNow + 2, "meeting=none")));

  ASSERT_FALSE(store->delete_family(family, "Pia Holm (user pia)", "retention"));
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("", 0, log));
  ASSERT_EQ(log.size(), 4u);  // hosted, consent changed (from the journal), opened, erased
  EXPECT_TRUE(log[0].redacted);
  EXPECT_TRUE(log[1].redacted);
  EXPECT_EQ(log[2].family_id, hansen.id);
  EXPECT_EQ(log[3].action, store::access::kErased);
  EXPECT_EQ(log[3].detail, "meetings=1 entries_redacted=2 reason=retention");
  std::vector<store::AccessProblem> problems;
  std::string head;
  std::int64_t count = 0;
  ASSERT_FALSE(store->verify_access_log(problems, head, count));
  EXPECT_TRUE(problems.empty()) << problems.front().what;
  store::LoadedMeeting gone;
  auto e = store->load_meeting("m-sample", gone);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "not_found");
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].id, hansen.id);
}

TEST_P(StoreBackendTest, RetentionListsOnlyFamiliesWithoutARecentMeetingOldestFirst) {
  open();
  store::FamilyInfo old_one, older, fresh;
  ASSERT_FALSE(store->create_family("Gammel", kNow - 900 * kDay, old_one));
  ASSERT_FALSE(store->create_family("Ældre", kNow - 1000 * kDay, older));
  ASSERT_FALSE(store->create_family("Ny", kNow - 1000 * kDay, fresh));
  Board b;
  ASSERT_FALSE(store->create_meeting(fresh.id, "m-fresh", kNow - 10 * kDay, false, b));
  ASSERT_FALSE(store->create_meeting(old_one.id, "m-old", kNow - 800 * kDay, false, b));
  std::vector<store::FamilyDue> due;
  ASSERT_FALSE(store->families_due_for_deletion(kNow, store::kDefaultRetainDays, due));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].family.id, older.id);
  EXPECT_EQ(due[0].last_meeting, kNow - 1000 * kDay);
  EXPECT_EQ(due[1].family.id, old_one.id);
  EXPECT_EQ(due[1].last_meeting, kNow - 800 * kDay);
  EXPECT_EQ(due[1].family.meetings, 1u);
}

// Attack: a NUL byte in text the store is handed unchecked: an access log entry's
// actor is the name a joining device gave (family labels and card text are already
// refused by check_text). libpq sends text parameters as C strings, so a backend that
// passed it on would keep "Mette" and lose the rest without a word.
TEST_P(StoreBackendTest, TextWithANulByteIsKeptWholeOrRefusedNeverCut) {
  open();
  const std::string actor("Mette\0 (facilitator)", 20);
  auto e = store->record_access({0, kNow, "f-1", store::access::kJoined, actor, "meeting=m-1", false});
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("", 0, log));
  if (e) {
    EXPECT_TRUE(log.empty()) << "refused, yet something was written";
  } else {
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actor, actor) << "the text was cut";
  }
}

}  // namespace
}  // namespace tavle::testing
