#include "session/sqlite_journal.hpp"

namespace tavle::session {

SqliteJournal::SqliteJournal(std::unique_ptr<store::Store> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                             std::uint64_t snapshot_every)
    : store_(std::move(store)),
      meeting_id_(std::move(meeting_id)),
      last_seq_(loaded.last_seq),
      last_snapshot_seq_(loaded.snapshot_seq),
      snapshot_every_(snapshot_every == 0 ? 1 : snapshot_every) {}

bool SqliteJournal::snapshot_due(std::uint64_t seq) const { return seq - last_snapshot_seq_.load() >= snapshot_every_; }

std::optional<Error> SqliteJournal::append(const std::vector<SequencedOp>& batch) { return write(batch, nullptr); }

std::optional<Error> SqliteJournal::append(const std::vector<SequencedOp>& batch, const Board& after) {
  return write(batch, &after);
}

std::optional<Error> SqliteJournal::write(const std::vector<SequencedOp>& batch, const Board* snapshot) {
  std::lock_guard lock(mutex_);
  if (failed_) return Error{"io", "journal of meeting " + meeting_id_ + ": an earlier write failed; no more ops are taken"};
  std::uint64_t seq = last_seq_;
  for (const SequencedOp& s : batch) {
    if (s.seq <= seq)
      return Error{"invalid", "journal: op " + s.op.id + " has seq " + std::to_string(s.seq) + ", not after " +
                                  std::to_string(seq)};
    seq = s.seq;
  }
  if (auto e = store_->append_ops(meeting_id_, batch, snapshot)) {
    failed_ = true;
    return e;
  }
  last_seq_ = seq;
  ++batches_;
  if (snapshot) last_snapshot_seq_ = seq;
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
