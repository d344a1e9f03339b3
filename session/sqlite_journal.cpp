#include "session/sqlite_journal.hpp"

#include "board/apply.hpp"

namespace tavle::session {

SqliteJournal::SqliteJournal(std::unique_ptr<store::Store> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                             std::uint64_t snapshot_every)
    : store_(std::move(store)),
      meeting_id_(std::move(meeting_id)),
      board_(loaded.board),
      last_seq_(loaded.last_seq),
      last_snapshot_seq_(loaded.snapshot_seq),
      snapshot_every_(snapshot_every == 0 ? 1 : snapshot_every) {}

std::optional<Error> SqliteJournal::append(const std::vector<net::SequencedOp>& batch) {
  std::lock_guard lock(mutex_);
  if (failed_) return Error{"io", "journal of meeting " + meeting_id_ + ": an earlier write failed; no more ops are taken"};
  std::uint64_t seq = last_seq_;
  for (const SequencedOp& s : batch) {
    if (s.seq <= seq)
      return Error{"invalid", "journal: op " + s.op.id + " has seq " + std::to_string(s.seq) + ", not after " +
                                  std::to_string(seq)};
    seq = s.seq;
  }
  // The board copy only moves forward once the batch is known to be good; a failed
  // write then leaves it ahead of the file, so the journal stops taking ops.
  for (const SequencedOp& row : batch) {
    ApplyResult r = apply(board_, row.op);
    if (!r.ok()) {
      failed_ = true;
      return Error{"invalid", "journal: op " + row.op.id + " (seq " + std::to_string(row.seq) +
                                  ") does not apply to the stored meeting: " + r.error->message};
    }
  }
  const bool snapshot_due = seq - last_snapshot_seq_ >= snapshot_every_;
  if (auto e = store_->append_ops(meeting_id_, batch, snapshot_due ? &board_ : nullptr)) {
    failed_ = true;
    return e;
  }
  last_seq_ = seq;
  ++batches_;
  if (snapshot_due) last_snapshot_seq_ = seq;
  return std::nullopt;
}

std::uint64_t SqliteJournal::last_seq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

std::size_t SqliteJournal::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

}  // namespace tavle::session
