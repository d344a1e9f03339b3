// The access log and erasure, as a data protection officer would try them: a
// changed or removed log entry is named by `tavle audit`; `tavle erase` leaves no
// trace of the family even in the decrypted pages of the file, and the log keeps
// only that it happened; `tavle purge` erases what the retention rule lists, after
// a person confirms.
#include <openssl/evp.h>
#include <sqlite3.h>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr Millis kNow = 1795593600000;
constexpr Millis kDay = 24LL * 3600 * 1000;

// SQLCipher 3's page: AES-256-CBC over all but the reserved tail (IV + HMAC,
// 48 bytes); page 1 starts with 16 bytes of salt. With the raw key the decryption
// needs nothing else. Decrypts every page of the file (and every frame of a WAL).
std::string decrypted_pages(const std::string& file, bool wal) {
  constexpr std::size_t page = 4096, reserve = 48;
  unsigned char key[32];
  for (int i = 0; i < 32; ++i) key[i] = static_cast<unsigned char>(std::stoi(kTestKey.substr(i * 2, 2), nullptr, 16));
  std::string out;
  const std::size_t header = wal ? 32 : 0, frame = wal ? 24 + page : page;
  for (std::size_t at = header; at + frame <= file.size(); at += frame) {
    const auto* p = reinterpret_cast<const unsigned char*>(file.data() + at + (wal ? 24 : 0));
    const bool first = !wal && at == 0;
    const std::size_t skip = first ? 16 : 0;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key, p + page - reserve);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    std::string plain(page, '\0');
    int n = 0;
    EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plain.data()), &n, p + skip,
                      static_cast<int>(page - reserve - skip));
    EVP_CIPHER_CTX_free(ctx);
    out += plain.substr(0, static_cast<std::size_t>(n));
  }
  return out;
}

class ErasureTest : public StoreTest {
 protected:
  std::string tavle(const std::string& command, const std::string& args) {
    return std::string(TAVLE_BIN) + " " + command + " --data '" + dir.string() + "' " + args;
  }
  // Two families: the sample one (hosted, joined, exported, consent given) and another.
  void two_families() {
    open();
    Board board = sample_board();
    ASSERT_FALSE(store->import_meeting(board, kNow));
    const std::string f = board.meeting.family_id;
    ASSERT_FALSE(store->record_access({0, kNow, f, store::access::kHosted, "Pia Holm (user pia)", "meeting=m-sample", false}));
    ASSERT_FALSE(store->record_access({0, kNow + 1, f, store::access::kJoined, "Mette (professional)", "meeting=m-sample", false}));
    Op consent;
    consent.id = "op-consent";
    consent.author = "p-pia";
    consent.at = kNow + 2;
    consent.kind = OpKind::SetMeetingField;
    consent.field = "consent_by";
    consent.value = "Line og Kasper";
    ASSERT_TRUE(apply(board, consent).ok());
    ASSERT_FALSE(store->append_ops("m-sample", {{1, consent}}));
    store::MeetingCodes codes;  // issue 18: the meeting's codes on a server
    ASSERT_FALSE(store->meeting_codes("m-sample", {"7730012345", "PRO-CODE-JENSEN-77", "facilitator-key-of-the-jensens-0042"},
                                      codes));
    ASSERT_FALSE(store->record_access({0, kNow + 3, f, store::access::kExported, "Pia Holm (user pia)",
                                       "meeting=m-sample as=pdf to=/home/pia/plan.pdf", false}));
    ASSERT_FALSE(store->create_family("Familien Hansen", kNow, other));
    Board started;
    ASSERT_FALSE(store->create_meeting(other.id, "m-hansen", kNow + 4, false, started));
    ASSERT_FALSE(store->record_access({0, kNow + 4, other.id, store::access::kHosted, "Pia Holm (user pia)", "meeting=m-hansen", false}));
    store.reset();
  }
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    const std::string all = store::key_pragma(kTestKey) + statement;
    ASSERT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  store::FamilyInfo other;
};

TEST_F(ErasureTest, AuditPrintsTheLogWithoutCardTextAndTheChainHolds) {
  two_families();
  CommandResult r = run(tavle("audit", ""));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("the chain holds: 5 entries"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("consent_changed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("participant p-pia"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Line og Kasper"), std::string::npos) << "what the consent says is not logged";
  EXPECT_NE(r.out.find("to=/home/pia/plan.pdf"), std::string::npos) << r.out;
  CommandResult hansen = run(tavle("audit", "--family " + other.id));
  EXPECT_EQ(hansen.status, 0) << hansen.out;
  EXPECT_EQ(hansen.out.find("f-jensen"), std::string::npos) << hansen.out;
  EXPECT_NE(hansen.out.find("meeting=m-hansen"), std::string::npos) << hansen.out;
  CommandResult later = run(tavle("audit", "--since 2099-01-01"));
  EXPECT_EQ(later.out.find("meeting="), std::string::npos) << later.out;
  EXPECT_EQ(run(tavle("audit", "--since yesterday")).status >> 8, 2);
}

TEST_F(ErasureTest, AnEntryChangedInTheFileIsNamedByTheCheck) {
  two_families();
  sql("UPDATE access_log SET actor = 'Someone else' WHERE seq = 2");
  CommandResult r = run(tavle("audit", ""));
  EXPECT_EQ(r.status >> 8, 1) << r.out;
  EXPECT_NE(r.out.find("THE CHAIN IS BROKEN (1 places)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("entry 2 was changed after it was written"), std::string::npos) << r.out;
}

TEST_F(ErasureTest, AnEntryRemovedFromTheFileIsNamedByTheCheck) {
  two_families();
  sql("DELETE FROM access_log WHERE seq = 3");
  CommandResult removed = run(tavle("audit", ""));
  EXPECT_EQ(removed.status >> 8, 1) << removed.out;
  EXPECT_NE(removed.out.find("entries 3 to 3 are missing"), std::string::npos) << removed.out;
  EXPECT_NE(removed.out.find("entry 4 does not follow the entry before it"), std::string::npos) << removed.out;
}

TEST_F(ErasureTest, EraseLeavesNoTraceEvenInTheDecryptedPagesAndTheLogKeepsOnlyTheErasure) {
  two_families();
  const std::vector<std::string> family_texts = {"Mor og far bor hver for sig", "Familien Jensen", "SAG-2026-0417",
                                                 "Mette (professional)", "/home/pia/plan.pdf", "PRO-CODE-JENSEN-77",
                                                 "facilitator-key-of-the-jensens-0042"};
  {
    open();  // everything in the main file, then look: the decrypter must see the texts
    store.reset();
    const std::string before = decrypted_pages(read_bytes(db_path()), false);
    for (const auto& text : family_texts) ASSERT_NE(before.find(text), std::string::npos) << text;
  }
  CommandResult r = run(tavle("erase", "--family f-jensen --yes"));
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string after = decrypted_pages(read_bytes(db_path()), false) +
                            decrypted_pages(read_bytes(dir / "tavle.db-wal"), true);
  for (const auto& text : family_texts) EXPECT_EQ(after.find(text), std::string::npos) << text;
  EXPECT_NE(after.find("Familien Hansen"), std::string::npos) << "the other family is still there";

  CommandResult log = run(tavle("audit", ""));
  EXPECT_EQ(log.status, 0) << log.out;
  EXPECT_NE(log.out.find("the chain holds: 6 entries"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("(emptied when its family was erased)"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("erased"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("meetings=1 entries_redacted=4"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find("Mette"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("meeting=m-hansen"), std::string::npos) << log.out;
}

TEST_F(ErasureTest, EraseAsksFirstAndWithoutAYesErasesNothing) {
  two_families();
  CommandResult r = run("echo no | " + tavle("erase", "--family f-jensen"));
  EXPECT_EQ(r.status >> 8, 1) << r.out;
  EXPECT_NE(r.out.find("Erase the family \"Familien Jensen\" (f-jensen) and its 1 meetings"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was erased"), std::string::npos) << r.out;
  open();
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  EXPECT_EQ(families.size(), 2u);
  CommandResult missing = run(tavle("erase", "--family f-nobody --yes"));
  EXPECT_NE(missing.out.find("no family \"f-nobody\""), std::string::npos) << missing.out;
}

TEST_F(ErasureTest, PurgeErasesOnlyFamiliesPastTheRetentionRuleAfterAYes) {
  open();
  const Millis today = static_cast<Millis>(std::time(nullptr)) * 1000;
  store::FamilyInfo old_family, recent;
  Board started;
  ASSERT_FALSE(store->create_family("Familien Gammel", today - 400 * kDay, old_family));
  ASSERT_FALSE(store->create_meeting(old_family.id, "m-old", today - 400 * kDay, false, started));
  ASSERT_FALSE(store->create_family("Familien Ny", today - 400 * kDay, recent));
  ASSERT_FALSE(store->create_meeting(recent.id, "m-then", today - 400 * kDay, false, started));
  ASSERT_FALSE(store->create_meeting(recent.id, "m-now", today - 10 * kDay, true, started));
  std::vector<store::FamilyDue> due;
  ASSERT_FALSE(store->families_due_for_deletion(today, 365, due));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].family.id, old_family.id);
  store.reset();

  CommandResult asked = run("echo no | " + tavle("purge", "--retain 365"));
  EXPECT_NE(asked.out.find("Familien Gammel"), std::string::npos) << asked.out;
  EXPECT_EQ(asked.out.find("Familien Ny"), std::string::npos) << asked.out;
  EXPECT_NE(asked.out.find("nothing was erased"), std::string::npos) << asked.out;
  CommandResult r = run(tavle("purge", "--retain 365 --yes"));
  EXPECT_EQ(r.status, 0) << r.out;
  open();
  std::vector<store::FamilyInfo> families;
  ASSERT_FALSE(store->list_families(families));
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].label, "Familien Ny");
  std::vector<store::AccessEntry> log;
  ASSERT_FALSE(store->read_access_log(old_family.id, 0, log));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "erased");
  EXPECT_NE(log[0].detail.find("reason=retention:365days"), std::string::npos) << log[0].detail;
  CommandResult nothing = run(tavle("purge", "--retain 365"));
  EXPECT_NE(nothing.out.find("nothing to erase"), std::string::npos) << nothing.out;
}

}  // namespace
}  // namespace tavle::testing
