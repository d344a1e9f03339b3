// The journal and snapshots of a meeting: loading (snapshot + replay), appending a
// batch in one transaction, reading the ops after a seq, pruning old snapshots.
#include <algorithm>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "store/store.hpp"

namespace tavle::store {
namespace {

std::optional<Error> parse_op(const std::string& text, std::uint64_t seq, Op& out) {
  nlohmann::json j;
  if (auto e = parse_json(text, j)) return Error{"corrupt", "journal op " + std::to_string(seq) + ": " + e->message};
  if (auto e = op_from_json(j, out)) return Error{"corrupt", "journal op " + std::to_string(seq) + ": " + e->message};
  return std::nullopt;
}

}  // namespace

std::optional<Error> Store::load_meeting(const std::string& meeting_id, LoadedMeeting& out, Replay replay) {
  const char* pick = replay == Replay::WholeJournal
                         ? "SELECT seq, board_json, state_hash FROM snapshots WHERE meeting_id = ? AND seq = 0"
                         : "SELECT seq, board_json, state_hash FROM snapshots WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1";
  Query snap(*db_, pick);
  if (!snap.bind(1, meeting_id).step())
    return snap.error() ? snap.error() : Error{"not_found", "no meeting \"" + meeting_id + "\" in " + path_};
  LoadedMeeting loaded;
  loaded.snapshot_seq = static_cast<std::uint64_t>(snap.integer(0));
  const std::string where = "snapshot " + std::to_string(loaded.snapshot_seq) + " of meeting " + meeting_id;
  nlohmann::json j;
  if (auto e = parse_json(snap.text(1), j)) return Error{"corrupt", where + ": " + e->message};
  if (auto e = board_from_json(j, loaded.board)) return Error{"corrupt", where + ": " + e->message};
  if (state_hash_hex(loaded.board) != snap.text(2)) return Error{"corrupt", where + ": its state hash does not match"};

  std::vector<JournaledOp> ops;
  if (auto e = ops_since(meeting_id, loaded.snapshot_seq, ops)) return e;
  loaded.last_seq = loaded.snapshot_seq;
  for (const JournaledOp& s : ops) {
    // The journal holds only ops the host applied, and apply() is deterministic, so a
    // rejection here means the journal does not belong to this board.
    ApplyResult r = apply(loaded.board, s.op);
    if (!r.ok())
      return Error{"corrupt", "journal op " + std::to_string(s.seq) + " of meeting " + meeting_id +
                                  " no longer applies: " + r.error->message};
    loaded.last_seq = s.seq;
    ++loaded.replayed;
  }
  out = std::move(loaded);
  return std::nullopt;
}

std::optional<Error> Store::ops_since(const std::string& meeting_id, std::uint64_t after_seq,
                                      std::vector<JournaledOp>& out) {
  out.clear();
  Query q(*db_, "SELECT seq, op_json FROM ops WHERE meeting_id = ? AND seq > ? ORDER BY seq");
  q.bind(1, meeting_id).bind(2, static_cast<std::int64_t>(after_seq));
  while (q.step()) {
    JournaledOp s;
    s.seq = static_cast<std::uint64_t>(q.integer(0));
    if (auto e = parse_op(q.text(1), s.seq, s.op)) return e;
    out.push_back(std::move(s));
  }
  return q.error();
}

std::optional<Error> Store::append_ops(const std::string& meeting_id, const std::vector<JournaledOp>& batch,
                                       const Board* snapshot) {
  return append_together({{&meeting_id, &batch, snapshot}});
}

std::optional<Error> Store::append_together(const std::vector<JournalBatch>& batches) {
  if (std::all_of(batches.begin(), batches.end(), [](const JournalBatch& b) { return b.ops->empty() && !b.snapshot; }))
    return std::nullopt;
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  Query insert(*db_, "INSERT INTO ops(meeting_id, seq, op_id, op_json) VALUES(?, ?, ?, ?)");
  for (const JournalBatch& b : batches) {
    const std::string& meeting_id = *b.meeting_id;
    for (const JournaledOp& s : *b.ops) {
      insert.bind(1, meeting_id).bind(2, static_cast<std::int64_t>(s.seq)).bind(3, s.op.id);
      insert.bind(4, canonical_text(to_json(s.op))).step();
      if (insert.error()) return insert.error();
      insert.reset();
    }
    if (auto e = record_consent_changes(meeting_id, *b.ops)) return e;  // issue 13: in the batch's transaction
    if (!b.snapshot) continue;
    const std::uint64_t seq = b.ops->empty() ? 0 : b.ops->back().seq;
    // Replaces a snapshot at the same seq (an empty batch): delete and insert, which
    // both backends say alike (Debian's SQLCipher predates ON CONFLICT ... DO UPDATE).
    Query drop(*db_, "DELETE FROM snapshots WHERE meeting_id = ? AND seq = ?");
    drop.bind(1, meeting_id).bind(2, static_cast<std::int64_t>(seq)).step();
    if (drop.error()) return drop.error();
    Query put(*db_, "INSERT INTO snapshots(meeting_id, seq, board_json, state_hash) VALUES(?, ?, ?, ?)");
    put.bind(1, meeting_id).bind(2, static_cast<std::int64_t>(seq));
    put.bind(3, canonical_text(to_json(*b.snapshot))).bind(4, state_hash_hex(*b.snapshot)).step();
    if (put.error()) return put.error();
    // Older snapshots are only a cost; dropping them here shares the batch's sync.
    if (auto e = prune_snapshots(meeting_id, kSnapshotsKept)) return e;
  }
  return tx.commit();
}

std::optional<Error> Store::prune_snapshots(const std::string& meeting_id, std::size_t keep) {
  Query d(*db_,
          "DELETE FROM snapshots WHERE meeting_id = ?1 AND seq > 0 AND seq NOT IN "
          "(SELECT seq FROM snapshots WHERE meeting_id = ?1 ORDER BY seq DESC LIMIT ?2)");
  d.bind(1, meeting_id).bind(2, static_cast<std::int64_t>(keep)).step();
  return d.error();
}

}  // namespace tavle::store
