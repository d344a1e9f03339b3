// The access log: recording an entry, reading, verifying the chain, and the
// entries the journal itself writes (consent changed). Erasure's redaction is in
// Store::delete_family (store.cpp). See store/access_log.hpp.
#include "store/access_log.hpp"

#include <pwd.h>
#include <sys/random.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "store/digest.hpp"
#include "store/store.hpp"

namespace tavle::store {
namespace {

const std::string kChainStart(64, '0');

// The salt makes a redacted entry's remaining content hash say nothing about
// what it held (its fields could otherwise be guessed and hashed).
std::string fresh_salt() {
  unsigned char bytes[16] = {};
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) return "no-random";
  return hex_of(bytes, sizeof bytes);
}

std::string content_of(const AccessEntry& e, const std::string& salt) {
  return nlohmann::json::array({e.seq, e.at, e.family_id, e.action, e.actor, e.detail, salt}).dump();
}

// "meetings=2 entries_redacted=5" -> 5
std::int64_t redacted_count_in(const std::string& detail) {
  const std::string key = "entries_redacted=";
  const auto at = detail.find(key);
  if (at == std::string::npos) return 0;
  return std::atoll(detail.c_str() + at + key.size());
}

}  // namespace

std::string system_user() {
  const passwd* pw = ::getpwuid(::geteuid());
  return std::string("user ") + (pw && pw->pw_name ? pw->pw_name : std::to_string(::geteuid()));
}

std::optional<Error> Store::append_access(AccessEntry& entry) {
  if (auto e = db_->lock_access_log()) return e;  // the chain's last link, read and extended as one
  std::string previous = kChainStart;
  entry.seq = 1;
  Query last(*db_, "SELECT seq, chain_hash FROM access_log ORDER BY seq DESC LIMIT 1");
  if (last.step()) {
    entry.seq = last.integer(0) + 1;
    previous = last.text(1);
  }
  if (last.error()) return last.error();
  const std::string salt = fresh_salt();
  const std::string content_hash = sha256_hex(content_of(entry, salt));
  Query insert(*db_,
               "INSERT INTO access_log(seq, at, family_id, action, actor, detail, salt, content_hash, chain_hash) "
               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, entry.seq).bind(2, std::int64_t{entry.at}).bind(3, entry.family_id).bind(4, entry.action);
  insert.bind(5, entry.actor).bind(6, entry.detail).bind(7, salt).bind(8, content_hash);
  insert.bind(9, sha256_hex(previous + content_hash)).step();
  return insert.error();
}

std::optional<Error> Store::record_access(AccessEntry entry) {
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  if (auto e = append_access(entry)) return e;
  return tx.commit();
}

std::optional<Error> Store::read_access_log(const std::string& family_id, Millis since, std::vector<AccessEntry>& out) {
  out.clear();
  Query q(*db_,
          "SELECT seq, at, family_id, action, actor, detail, CASE WHEN salt = '' THEN 1 ELSE 0 END FROM access_log "
          "WHERE (?1 = '' OR family_id = ?1) AND (?2 = 0 OR at >= ?2) ORDER BY seq");
  q.bind(1, family_id).bind(2, std::int64_t{since});
  while (q.step())
    out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5), q.integer(6) != 0});
  return q.error();
}

std::optional<Error> Store::verify_access_log(std::vector<AccessProblem>& problems, std::string& head,
                                              std::int64_t& count) {
  problems.clear();
  head = kChainStart;
  count = 0;
  std::int64_t expected_seq = 1, redacted = 0, redactions_claimed = 0;
  Query q(*db_,
          "SELECT seq, at, family_id, action, actor, detail, salt, content_hash, chain_hash FROM access_log "
          "ORDER BY seq");
  while (q.step()) {
    AccessEntry e{q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5), false};
    const std::string salt = q.text(6), content_hash = q.text(7), chain_hash = q.text(8);
    if (e.seq != expected_seq)
      problems.push_back({e.seq, e.seq > expected_seq
                                     ? "entries " + std::to_string(expected_seq) + " to " + std::to_string(e.seq - 1) + " are missing"
                                     : "entry " + std::to_string(e.seq) + " is out of order"});
    if (salt.empty()) {
      ++redacted;  // emptied by an erasure: only its hashes remain
    } else if (sha256_hex(content_of(e, salt)) != content_hash) {
      problems.push_back({e.seq, "entry " + std::to_string(e.seq) + " was changed after it was written (its content "
                                                                     "does not match its hash)"});
    }
    if (sha256_hex(head + content_hash) != chain_hash)
      problems.push_back({e.seq, "entry " + std::to_string(e.seq) + " does not follow the entry before it (an entry "
                                                                     "was removed, inserted or changed there)"});
    if (e.action == access::kErased) redactions_claimed += redacted_count_in(e.detail);
    head = chain_hash;
    expected_seq = e.seq + 1;
    ++count;
  }
  if (q.error()) return q.error();
  if (redacted != redactions_claimed)
    problems.push_back({0, std::to_string(redacted) + " entries are emptied as if by an erasure, but the erasures "
                                                      "account for " + std::to_string(redactions_claimed)});
  return std::nullopt;
}

// Consent is what allows the meeting to share information (docs/privacy.md): each
// change of it is logged with who made it, never what it says.
std::optional<Error> Store::record_consent_changes(const std::string& meeting_id, const std::vector<JournaledOp>& batch) {
  std::string family_id;
  for (const JournaledOp& s : batch) {
    const bool consent = s.op.kind == OpKind::SetMeetingField && s.op.field.rfind("consent", 0) == 0;
    if (!consent) continue;
    if (family_id.empty()) {
      Query q(*db_, "SELECT family_id FROM meetings WHERE id = ?");
      if (q.bind(1, meeting_id).step()) family_id = q.text(0);
      if (q.error()) return q.error();
    }
    AccessEntry entry{0, s.op.at, family_id, access::kConsentChanged, "participant " + s.op.author,
                      "meeting=" + meeting_id + " field=" + s.op.field + " seq=" + std::to_string(s.seq), false};
    if (auto e = append_access(entry)) return e;
  }
  return std::nullopt;
}

}  // namespace tavle::store
