// issue 13: the rejoin tokens of each hosted meeting, in the encrypted database
// (docs/security.md, "Rejoin tokens"). A host changes them on joins and removals
// only, so the meeting's whole set is written at once.
#include "store/store.hpp"

namespace tavle::store {

std::optional<Error> Store::save_rejoin_tokens(const std::string& meeting_id,
                                               const std::vector<StoredRejoinToken>& tokens) {
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  Query clear(*db_, "DELETE FROM rejoin_tokens WHERE meeting_id = ?");
  clear.bind(1, meeting_id).step();
  if (clear.error()) return clear.error();
  // The meeting's set was just cleared: a plain INSERT (both backends, store/database.hpp).
  Query insert(*db_, "INSERT INTO rejoin_tokens(meeting_id, token, participant_id, role) VALUES(?, ?, ?, ?)");
  for (const StoredRejoinToken& t : tokens) {
    insert.reset();
    insert.bind(1, meeting_id).bind(2, t.token).bind(3, t.participant_id).bind(4, t.role).step();
    if (insert.error()) return insert.error();
  }
  return tx.commit();
}

std::optional<Error> Store::load_rejoin_tokens(const std::string& meeting_id, std::vector<StoredRejoinToken>& out) {
  out.clear();
  Query q(*db_, "SELECT token, participant_id, role FROM rejoin_tokens WHERE meeting_id = ? ORDER BY token");
  q.bind(1, meeting_id);
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
  return q.error();
}

}  // namespace tavle::store
