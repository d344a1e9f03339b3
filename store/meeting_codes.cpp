// issue 18: a meeting's own codes on a `tavle server` (docs/server.md, "Each
// meeting's codes"): kept in the database with the meeting, not in one server's data
// directory, so a meeting another server takes over admits with the codes its
// family and professionals already have. Moved (copy_family) and erased
// (delete_family) with the family.
//
// A facilitator's access taken away (revoke_family, a disabled account, a new
// password: store/accounts.cpp) gives the meetings of the families concerned new
// facilitator keys, so a key an app was handed earlier leads none of them any more;
// a server compares the keys of its loaded meetings with these (facilitator_keys).
#include <sys/random.h>

#include <algorithm>

#include "store/digest.hpp"
#include "store/store.hpp"

namespace tavle::store {

namespace {

// 128 random bits as 32 hex digits: the form of every facilitator key
// (net::random_facilitator_key makes the first ones; the store does not include net/).
std::optional<Error> new_facilitator_key(std::string& out) {
  unsigned char bytes[16];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
    return Error{"storage", "no random numbers for a new facilitator key"};
  out = hex_of(bytes, sizeof bytes);
  return std::nullopt;
}

}  // namespace

std::optional<Error> Store::meeting_codes(const std::string& meeting_id, const MeetingCodes& if_none,
                                          MeetingCodes& out) {
  // One statement, so the check and the insert are one step: SQLite takes its write
  // lock for the whole statement. On PostgreSQL two servers may both find none; the
  // second insert then waits for the first to commit and fails on the primary key
  // ("exists"), and that server reads the first one's codes below. Either way one set wins.
  // (No INSERT ... ON CONFLICT: Debian's SQLCipher predates it, store/database.hpp.)
  Query keep(*db_,
             "INSERT INTO meeting_codes(meeting_id, join_code, professional_code, facilitator_key) "
             "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?1) "
             "AND NOT EXISTS (SELECT 1 FROM meeting_codes WHERE meeting_id = ?1)");
  keep.bind(1, meeting_id).bind(2, if_none.join_code).bind(3, if_none.professional_code).bind(4, if_none.facilitator_key);
  keep.step();
  if (keep.error() && keep.error()->code != "exists") return keep.error();
  Query read(*db_, "SELECT join_code, professional_code, facilitator_key FROM meeting_codes WHERE meeting_id = ?");
  if (!read.bind(1, meeting_id).step())
    return read.error() ? read.error() : Error{"not_found", "no meeting \"" + meeting_id + "\" in " + path_};
  out = MeetingCodes{read.text(0), read.text(1), read.text(2)};
  return std::nullopt;
}

std::optional<Error> Store::replace_room_codes(const std::string& meeting_id, const std::string& join_code,
                                              const std::string& professional_code) {
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  Query kept(*db_, "SELECT 1 FROM meeting_codes WHERE meeting_id = ?");
  if (!kept.bind(1, meeting_id).step())
    return kept.error() ? kept.error() : Error{"not_found", "no codes of meeting \"" + meeting_id + "\" in " + path_};
  kept.reset();
  // The facilitator key is left as the store has it: it may be newer than the one
  // the meeting in memory was loaded with (an account's access taken away meanwhile).
  Query update(*db_, "UPDATE meeting_codes SET join_code = ?, professional_code = ? WHERE meeting_id = ?");
  update.bind(1, join_code).bind(2, professional_code).bind(3, meeting_id).step();
  if (update.error()) return update.error();
  return tx.commit();
}

std::optional<Error> Store::facilitator_keys(const std::vector<std::string>& meeting_ids,
                                             std::map<std::string, std::string>& out) {
  out.clear();
  constexpr std::size_t kPerQuery = 200;  // well under either database's limit of parameters
  for (std::size_t at = 0; at < meeting_ids.size(); at += kPerQuery) {
    const std::size_t n = std::min(kPerQuery, meeting_ids.size() - at);
    std::string sql = "SELECT meeting_id, facilitator_key FROM meeting_codes WHERE meeting_id IN (";
    for (std::size_t i = 0; i < n; ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
    Query q(*db_, sql.c_str());
    for (std::size_t i = 0; i < n; ++i) q.bind(static_cast<int>(i + 1), meeting_ids[at + i]);
    while (q.step()) out[q.text(0)] = q.text(1);
    if (q.error()) return q.error();
  }
  return std::nullopt;
}

std::optional<Error> Store::change_facilitator_keys(const char* meetings_sql, const std::string& arg,
                                                    std::size_t& changed) {
  changed = 0;
  std::vector<std::string> ids;
  Query select(*db_, meetings_sql);
  select.bind(1, arg);
  while (select.step()) ids.push_back(select.text(0));
  if (select.error()) return select.error();
  Query update(*db_, "UPDATE meeting_codes SET facilitator_key = ? WHERE meeting_id = ?");
  for (const std::string& id : ids) {
    std::string key;
    if (auto e = new_facilitator_key(key)) return e;
    update.reset();
    update.bind(1, key).bind(2, id).step();
    if (update.error()) return update.error();
    ++changed;
  }
  return std::nullopt;
}

}  // namespace tavle::store
