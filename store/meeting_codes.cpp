// issue 18: a meeting's own codes on a `tavle server` (docs/server.md, "Each
// meeting's codes"): kept in the database with the meeting, not in one server's data
// directory, so a meeting another server takes over admits with the codes its
// family and professionals already have. Moved (copy_family) and erased
// (delete_family) with the family.
#include "store/store.hpp"

namespace tavle::store {

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

std::optional<Error> Store::replace_meeting_codes(const std::string& meeting_id, const MeetingCodes& codes) {
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  Query clear(*db_, "DELETE FROM meeting_codes WHERE meeting_id = ?");
  clear.bind(1, meeting_id).step();
  if (clear.error()) return clear.error();
  Query meeting(*db_, "SELECT 1 FROM meetings WHERE id = ?");
  if (!meeting.bind(1, meeting_id).step())
    return meeting.error() ? meeting.error() : Error{"not_found", "no meeting \"" + meeting_id + "\" in " + path_};
  Query insert(*db_,
               "INSERT INTO meeting_codes(meeting_id, join_code, professional_code, facilitator_key) VALUES(?, ?, ?, ?)");
  insert.bind(1, meeting_id).bind(2, codes.join_code).bind(3, codes.professional_code).bind(4, codes.facilitator_key);
  insert.step();
  if (insert.error()) return insert.error();
  return tx.commit();
}

}  // namespace tavle::store
