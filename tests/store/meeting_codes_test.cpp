// issue 18: a server meeting's codes kept in the store (store/meeting_codes.cpp), on
// both backends (StoreBackendTest, instantiated in store_test.cpp): one set however
// many servers ask at once, new codes seen by every connection, none for a meeting
// the store does not hold, erased and moved with the family, and the upgrade of a
// database from before them (schema 4). docs/server.md, "Each meeting's codes".
#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;

store::MeetingCodes codes_numbered(int n) {
  const std::string s = std::to_string(n);
  return {"code-" + s, "professional-" + s, "facilitator-key-0123456789-" + s};
}

bool same(const store::MeetingCodes& a, const store::MeetingCodes& b) {
  return a.join_code == b.join_code && a.professional_code == b.professional_code &&
         a.facilitator_key == b.facilitator_key;
}

std::int64_t rows(store::Database& db, const std::string& sql) {
  store::Query q(db, sql.c_str());
  EXPECT_TRUE(q.step()) << (q.error() ? q.error()->message : sql);
  return q.integer(0);
}

// Two servers loading the same meetings at once, each with codes of its own making:
// every meeting ends with one set, the same for both.
TEST_P(StoreBackendTest, TwoConnectionsAskingAtOnceForAMeetingsCodesGetOneSet) {
  open();
  store::FamilyInfo family;
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, family));
  constexpr int kMeetings = 20;
  for (int i = 0; i < kMeetings; ++i) {
    Board b;
    ASSERT_FALSE(store->create_meeting(family.id, "m-" + std::to_string(i), kNow + i, false, b));
  }
  std::unique_ptr<store::Store> other = open_another();
  ASSERT_TRUE(other);
  std::vector<store::MeetingCodes> a(kMeetings), b(kMeetings);
  std::vector<std::optional<Error>> errors(2 * kMeetings);
  auto ask = [&](store::Store& s, int base, std::vector<store::MeetingCodes>& out) {
    for (int i = 0; i < kMeetings; ++i)
      errors[base + i] = s.meeting_codes("m-" + std::to_string(i), codes_numbered(base + i), out[i]);
  };
  std::thread first([&] { ask(*store, 0, a); });
  std::thread second([&] { ask(*other, kMeetings, b); });
  first.join();
  second.join();
  for (const auto& e : errors) ASSERT_FALSE(e.has_value()) << e->message;
  for (int i = 0; i < kMeetings; ++i) {
    EXPECT_TRUE(same(a[i], b[i])) << "meeting " << i << ": " << a[i].join_code << " and " << b[i].join_code;
    EXPECT_TRUE(same(a[i], codes_numbered(i)) || same(a[i], codes_numbered(kMeetings + i))) << a[i].join_code;
  }
  // Asked again with other codes: the kept ones.
  store::MeetingCodes again;
  ASSERT_FALSE(store->meeting_codes("m-0", codes_numbered(99), again));
  EXPECT_TRUE(same(again, a[0]));
  EXPECT_EQ(rows(*raw_database(), "SELECT count(*) FROM meeting_codes"), kMeetings);
}

// The race itself, made certain: another server has inserted its codes but not yet
// committed when this one asks. PostgreSQL makes this insert wait, then refuses it on
// the key; the codes read are the other server's, not an error and not a second set.
TEST_P(StoreBackendTest, CodesAskedForWhileAnotherServerIsKeepingItsOwnAreThatServers) {
  if (GetParam() == Backend::Sqlite) GTEST_SKIP() << "SQLite's one writer at a time: no such moment";
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  auto other = raw_database();
  ASSERT_FALSE(other->begin());
  store::Query insert(*other, "INSERT INTO meeting_codes VALUES('m-sample', 'code-1', 'professional-1', "
                              "'facilitator-key-0123456789-1')");
  insert.step();
  ASSERT_FALSE(insert.error().has_value()) << insert.error()->message;
  std::optional<Error> e;
  store::MeetingCodes got;
  std::thread asking([&] { e = store->meeting_codes("m-sample", codes_numbered(2), got); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // it waits for the other transaction
  ASSERT_FALSE(other->commit());
  asking.join();
  ASSERT_FALSE(e.has_value()) << e->message;
  EXPECT_TRUE(same(got, codes_numbered(1))) << got.join_code;
}

TEST_P(StoreBackendTest, NewCodesAreKeptAndAnotherConnectionSeesThem) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::MeetingCodes first, seen;
  ASSERT_FALSE(store->meeting_codes("m-sample", codes_numbered(1), first));
  ASSERT_FALSE(store->replace_room_codes("m-sample", "code-2", "professional-2"));
  // A new room's code leaves the facilitator key as the store has it.
  const store::MeetingCodes expected{"code-2", "professional-2", first.facilitator_key};
  std::unique_ptr<store::Store> other = open_another();
  ASSERT_TRUE(other);
  ASSERT_FALSE(other->meeting_codes("m-sample", codes_numbered(3), seen));
  EXPECT_TRUE(same(seen, expected)) << seen.join_code;
  store.reset();
  open();  // and after the store was closed
  ASSERT_FALSE(store->meeting_codes("m-sample", codes_numbered(4), seen));
  EXPECT_TRUE(same(seen, expected)) << seen.join_code;
}

// [attack] A facilitator's access taken away: the family revoked, a new password
// (a lost laptop), the account disabled. The meetings whose keys the account may
// have been handed get new ones, in the same transaction as the change and its
// access log entry; every other meeting keeps its key, and every code stays.
TEST_P(StoreBackendTest, TakingAFacilitatorsAccessAwayGivesThoseMeetingsNewKeys) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));  // f-jensen: m-sample
  Board next, holm;
  ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", kNow + 1, true, next));
  store::FamilyInfo other;
  ASSERT_FALSE(store->create_family("Familien Holm", kNow, other));
  ASSERT_FALSE(store->create_meeting(other.id, "m-holm", kNow + 2, false, holm));
  store::FamilyInfo third;
  ASSERT_FALSE(store->create_family("Familien Berg", kNow, third));
  Board berg;
  ASSERT_FALSE(store->create_meeting(third.id, "m-berg", kNow + 3, false, berg));
  const std::vector<std::string> ids{"m-sample", "m-next", "m-holm", "m-berg"};
  std::map<std::string, store::MeetingCodes> before;
  for (std::size_t i = 0; i < ids.size(); ++i)
    ASSERT_FALSE(store->meeting_codes(ids[i], codes_numbered(static_cast<int>(i)), before[ids[i]]));
  ASSERT_FALSE(store->add_facilitator("pia", "correct horse battery", kNow, "tester"));
  ASSERT_FALSE(store->grant_family("pia", "f-jensen", kNow, "tester"));
  ASSERT_FALSE(store->grant_family("pia", other.id, kNow, "tester"));
  // Which keys changed since `then`; the codes never change here.
  auto changed = [&](const std::map<std::string, store::MeetingCodes>& then) {
    std::map<std::string, std::string> keys;
    EXPECT_FALSE(store->facilitator_keys(ids, keys));
    EXPECT_EQ(keys.size(), ids.size());
    std::set<std::string> out;
    for (const std::string& id : ids) {
      store::MeetingCodes now;
      EXPECT_FALSE(store->meeting_codes(id, codes_numbered(99), now));
      EXPECT_EQ(now.join_code, then.at(id).join_code) << id;
      EXPECT_EQ(now.professional_code, then.at(id).professional_code) << id;
      EXPECT_EQ(keys[id], now.facilitator_key) << id;
      if (now.facilitator_key != then.at(id).facilitator_key) {
        out.insert(id);
        EXPECT_EQ(now.facilitator_key.size(), 32u) << "a key of the usual form: " << now.facilitator_key;
        EXPECT_EQ(now.facilitator_key.find_first_not_of("0123456789abcdef"), std::string::npos);
      }
    }
    return out;
  };
  auto codes_now = [&] {
    std::map<std::string, store::MeetingCodes> out;
    for (const std::string& id : ids) EXPECT_FALSE(store->meeting_codes(id, codes_numbered(99), out[id]));
    return out;
  };
  ASSERT_FALSE(store->revoke_family("pia", "f-jensen", kNow + 10, "admin"));
  EXPECT_EQ(changed(before), (std::set<std::string>{"m-sample", "m-next"}));
  auto then = codes_now();
  ASSERT_FALSE(store->set_facilitator_password("pia", "a new password for pia", kNow + 20, "admin"));
  EXPECT_EQ(changed(then), (std::set<std::string>{"m-holm"})) << "the families pia may still open";
  then = codes_now();
  ASSERT_FALSE(store->set_facilitator_disabled("pia", true, kNow + 30, "admin"));
  EXPECT_EQ(changed(then), (std::set<std::string>{"m-holm"}));
  then = codes_now();
  ASSERT_FALSE(store->set_facilitator_disabled("pia", false, kNow + 40, "admin"));
  EXPECT_TRUE(changed(then).empty()) << "enabling gives nobody a key";
  // The access log says it with the change.
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log("f-jensen", 0, log));
  const bool said = std::any_of(log.begin(), log.end(), [](const store::AccessEntry& e) {
    return e.action == store::access::kFamilyRevoked && e.detail == "facilitator=pia new_facilitator_keys=2";
  });
  EXPECT_TRUE(said) << "no revocation entry naming the two new keys";
}

// [attack] An id no meeting has (a typo, a scan) gets no codes and leaves nothing.
TEST_P(StoreBackendTest, AMeetingTheStoreDoesNotHoldGetsNoCodes) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store::MeetingCodes out;
  for (const std::string& id : {std::string("m-none"), std::string("m-sample' OR '1'='1"), std::string()}) {
    auto e = store->meeting_codes(id, codes_numbered(1), out);
    ASSERT_TRUE(e.has_value()) << id;
    EXPECT_EQ(e->code, "not_found") << id << ": " << e->message;
    EXPECT_TRUE(store->replace_room_codes(id, "code-2", "professional-2").has_value()) << id;
  }
  EXPECT_EQ(rows(*raw_database(), "SELECT count(*) FROM meeting_codes"), 0);
}

TEST_P(StoreBackendTest, ErasingAFamilyErasesItsMeetingsCodes) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  Board next;
  ASSERT_FALSE(store->create_meeting(sample.meeting.family_id, "m-next", kNow + 1, true, next));
  store::FamilyInfo other;
  ASSERT_FALSE(store->create_family("Familien Hansen", kNow, other));
  Board others;
  ASSERT_FALSE(store->create_meeting(other.id, "m-other", kNow + 2, false, others));
  store::MeetingCodes out;
  for (const std::string id : {"m-sample", "m-next", "m-other"})
    ASSERT_FALSE(store->meeting_codes(id, codes_numbered(static_cast<int>(id.size())), out));
  ASSERT_FALSE(store->delete_family(sample.meeting.family_id, "tester", "test"));
  EXPECT_EQ(rows(*raw_database(), "SELECT count(*) FROM meeting_codes"), 1) << "only the other family's meeting";
  EXPECT_EQ(store->meeting_codes("m-sample", codes_numbered(7), out)->code, "not_found");
  ASSERT_FALSE(store->meeting_codes("m-other", codes_numbered(8), out));
  EXPECT_TRUE(same(out, codes_numbered(7))) << "the other family's codes changed";
}

// `tavle move`: the family's code opens its meeting on the other side too.
TEST_P(StoreBackendTest, AFamilyMovesWithItsMeetingsCodes) {
  open();
  std::unique_ptr<store::Store> laptop;
  ASSERT_FALSE(store::Store::open((dir.string() + "-laptop"), laptop, keyed()));
  Board first = sample_board();
  ASSERT_FALSE(laptop->import_meeting(first, kNow));
  Board second;
  ASSERT_FALSE(laptop->create_meeting(first.meeting.family_id, "m-2", kNow + 1000, true, second));
  store::MeetingCodes kept;
  ASSERT_FALSE(laptop->meeting_codes("m-sample", codes_numbered(1), kept));  // m-2 has none
  store::FamilyCopy copied;
  auto e = laptop->copy_family(first.meeting.family_id, *store, "tester", kNow + 2000, copied);
  ASSERT_FALSE(e.has_value()) << e->message;
  store::MeetingCodes there;
  ASSERT_FALSE(store->meeting_codes("m-sample", codes_numbered(2), there));
  EXPECT_TRUE(same(there, codes_numbered(1))) << there.join_code;
  ASSERT_FALSE(store->meeting_codes("m-2", codes_numbered(3), there));
  EXPECT_TRUE(same(there, codes_numbered(3))) << "a meeting without codes gets its own there";
  laptop.reset();
  std::filesystem::remove_all(dir.string() + "-laptop");
}

// A database of the schema before the meetings' codes (4), with its families,
// meetings, journal, rejoin tokens, accounts and access log, is brought to the
// current schema: nothing lost, and meetings get codes.
TEST_P(StoreBackendTest, ADatabaseFromBeforeMeetingCodesUpgradesAndLosesNothing) {
  open();
  Board sample = sample_board();
  ASSERT_FALSE(store->import_meeting(sample, kNow));
  ASSERT_FALSE(store->record_access({0, kNow, sample.meeting.family_id, store::access::kHosted, "tester", "m", false}));
  ASSERT_FALSE(store->save_rejoin_tokens(sample.meeting.id, {{"t-1", "p-1", "professional"}}));
  ASSERT_FALSE(store->add_facilitator("pia", "correct horse battery", kNow, "tester"));
  ASSERT_FALSE(store->grant_family("pia", sample.meeting.family_id, kNow, "tester"));
  store::LoadedMeeting before;
  ASSERT_FALSE(store->load_meeting(sample.meeting.id, before));
  store.reset();
  // Back to schema 4: the table migration 5 made is gone, and so is its record.
  ASSERT_FALSE(raw_sql(GetParam() == Backend::Sqlite
                           ? "DROP TABLE meeting_codes; DELETE FROM schema_version WHERE version = 5; "
                             "PRAGMA user_version = 4"
                           : "DROP TABLE meeting_codes; DELETE FROM schema_version WHERE version = 5"));
  open();
  store::MeetingCodes codes;
  ASSERT_FALSE(store->meeting_codes(sample.meeting.id, codes_numbered(1), codes)) << "the codes' table is back";
  EXPECT_TRUE(same(codes, codes_numbered(1)));
  store::LoadedMeeting after;
  ASSERT_FALSE(store->load_meeting(sample.meeting.id, after));
  EXPECT_EQ(after.last_seq, before.last_seq);
  EXPECT_EQ(state_hash_hex(after.board), state_hash_hex(before.board));
  std::vector<store::StoredRejoinToken> tokens;
  ASSERT_FALSE(store->load_rejoin_tokens(sample.meeting.id, tokens));
  EXPECT_EQ(tokens.size(), 1u);
  bool may = false;
  ASSERT_FALSE(store->may_open("pia", sample.meeting.family_id, may));
  EXPECT_TRUE(may);
  std::vector<store::AccessProblem> problems;
  std::string head;
  std::int64_t count = 0;
  ASSERT_FALSE(store->verify_access_log(problems, head, count));
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(count, 3) << "hosted, the account added and its grant";
  auto db = raw_database();
  store::Query versions(*db, "SELECT count(*), max(version) FROM schema_version");
  ASSERT_TRUE(versions.step());
  EXPECT_EQ(versions.integer(0), store::kStoreSchemaVersion);
  EXPECT_EQ(versions.integer(1), 5);
}

}  // namespace
}  // namespace tavle::testing
