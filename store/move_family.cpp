// Moving a family between two stores (issue 18, docs/server.md "Moving a family"):
// from a laptop's SQLite file to the municipality's PostgreSQL and back. The rows
// are copied as they are stored (the journal's canonical JSON, the snapshots and
// their hashes), so the meetings replay to the same state hash on the other side,
// the continuity between them holds and per-author undo still finds its ops. A
// server meeting's codes go with it, so the family's code still opens it there.
#include "board/hash.hpp"
#include "store/store.hpp"

namespace tavle::store {
namespace {

struct SnapshotRow {
  std::int64_t seq = 0;
  std::string board_json, state_hash;
};
struct OpRow {
  std::int64_t seq = 0;
  std::string op_id, op_json;
};
struct MeetingRows {
  std::string id, previous_id, starts_at;
  std::int64_t created = 0;
  std::vector<SnapshotRow> snapshots;
  std::vector<OpRow> ops;
  std::optional<MeetingCodes> codes;  // a server meeting's (store/meeting_codes.cpp)
};

}  // namespace

std::optional<Error> Store::copy_family(const std::string& family_id, Store& to, const std::string& actor, Millis now,
                                        FamilyCopy& out) {
  out = {};
  if (&to == this) return Error{"invalid", "a family cannot be moved into the store it is in"};
  // [1] Everything of the family, read from here (nothing here changes but the log line at the end).
  Query family(*db_, "SELECT label, created FROM families WHERE id = ?");
  if (!family.bind(1, family_id).step()) return family.error() ? family.error() : Error{"not_found", "no family \"" + family_id + "\" in " + path_};
  const std::string label = family.text(0);
  const std::int64_t created = family.integer(1);
  std::vector<MeetingRows> meetings;
  Query list(*db_, "SELECT id, previous_id, starts_at, created FROM meetings WHERE family_id = ? ORDER BY created, id");
  list.bind(1, family_id);
  while (list.step()) meetings.push_back({list.text(0), list.text(1), list.text(2), list.integer(3), {}, {}, {}});
  if (list.error()) return list.error();
  for (MeetingRows& m : meetings) {
    Query snaps(*db_, "SELECT seq, board_json, state_hash FROM snapshots WHERE meeting_id = ? ORDER BY seq");
    snaps.bind(1, m.id);
    while (snaps.step()) m.snapshots.push_back({snaps.integer(0), snaps.text(1), snaps.text(2)});
    if (snaps.error()) return snaps.error();
    Query ops(*db_, "SELECT seq, op_id, op_json FROM ops WHERE meeting_id = ? ORDER BY seq");
    ops.bind(1, m.id);
    while (ops.step()) m.ops.push_back({ops.integer(0), ops.text(1), ops.text(2)});
    if (ops.error()) return ops.error();
    Query codes(*db_, "SELECT join_code, professional_code, facilitator_key FROM meeting_codes WHERE meeting_id = ?");
    if (codes.bind(1, m.id).step()) m.codes = MeetingCodes{codes.text(0), codes.text(1), codes.text(2)};
    if (codes.error()) return codes.error();
    out.ops += m.ops.size();
  }
  out.meetings = meetings.size();

  // [2] Written there in one transaction: the whole family or nothing.
  {
    WriteTx tx(*to.db_);
    if (tx.begin_error()) return tx.begin_error();
    Query exists(*to.db_, "SELECT 1 FROM families WHERE id = ?");
    if (exists.bind(1, family_id).step())
      return Error{"exists", "the family \"" + family_id + "\" is already in " + to.path_ + "; nothing was copied"};
    if (exists.error()) return exists.error();
    Query f(*to.db_, "INSERT INTO families(id, label, created) VALUES(?, ?, ?)");
    f.bind(1, family_id).bind(2, label).bind(3, created).step();
    if (f.error()) return f.error();
    Query meeting_exists(*to.db_, "SELECT 1 FROM meetings WHERE id = ?");
    Query m_insert(*to.db_, "INSERT INTO meetings(id, family_id, previous_id, starts_at, created) VALUES(?, ?, ?, ?, ?)");
    Query s_insert(*to.db_, "INSERT INTO snapshots(meeting_id, seq, board_json, state_hash) VALUES(?, ?, ?, ?)");
    Query o_insert(*to.db_, "INSERT INTO ops(meeting_id, seq, op_id, op_json) VALUES(?, ?, ?, ?)");
    Query c_insert(*to.db_,
                   "INSERT INTO meeting_codes(meeting_id, join_code, professional_code, facilitator_key) "
                   "VALUES(?, ?, ?, ?)");
    for (const MeetingRows& m : meetings) {
      if (meeting_exists.bind(1, m.id).step())
        return Error{"exists", "a meeting \"" + m.id + "\" is already in " + to.path_ + "; nothing was copied"};
      if (meeting_exists.error()) return meeting_exists.error();
      meeting_exists.reset();
      m_insert.bind(1, m.id).bind(2, family_id).bind(3, m.previous_id).bind(4, m.starts_at).bind(5, m.created).step();
      if (m_insert.error()) return m_insert.error();
      m_insert.reset();
      for (const SnapshotRow& s : m.snapshots) {
        s_insert.bind(1, m.id).bind(2, s.seq).bind(3, s.board_json).bind(4, s.state_hash).step();
        if (s_insert.error()) return s_insert.error();
        s_insert.reset();
      }
      for (const OpRow& o : m.ops) {
        o_insert.bind(1, m.id).bind(2, o.seq).bind(3, o.op_id).bind(4, o.op_json).step();
        if (o_insert.error()) return o_insert.error();
        o_insert.reset();
      }
      if (m.codes) {
        c_insert.bind(1, m.id).bind(2, m.codes->join_code).bind(3, m.codes->professional_code);
        c_insert.bind(4, m.codes->facilitator_key).step();
        if (c_insert.error()) return c_insert.error();
        c_insert.reset();
      }
    }
    AccessEntry in{0, now, family_id, access::kMovedIn, actor,
                   "from=" + path_ + " meetings=" + std::to_string(out.meetings) + " ops=" + std::to_string(out.ops), false};
    if (auto e = to.append_access(in)) return e;
    if (auto e = tx.commit()) return e;
  }

  // [3] Checked there: each meeting loads to the state it has here.
  for (const MeetingRows& m : meetings) {
    LoadedMeeting here, there;
    if (auto e = load_meeting(m.id, here)) return e;
    if (auto e = to.load_meeting(m.id, there, Replay::WholeJournal)) return e;
    if (state_hash_hex(here.board) != state_hash_hex(there.board) || here.last_seq != there.last_seq)
      return Error{"corrupt", "the meeting \"" + m.id + "\" does not give the same state in " + to.path_ +
                                  " as here; the family is kept here, remove the copy there with tavle erase"};
  }
  return record_access({0, now, family_id, access::kMovedOut, actor,
                        "to=" + to.path_ + " meetings=" + std::to_string(out.meetings) + " ops=" + std::to_string(out.ops),
                        false});
}

}  // namespace tavle::store
