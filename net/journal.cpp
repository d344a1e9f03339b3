#include "net/journal.hpp"

namespace tavle::net {

std::optional<tavle::Error> MemoryJournal::append(const std::vector<SequencedOp>& batch) {
  std::lock_guard lock(mutex_);
  for (const SequencedOp& s : batch)
    if (fail_from_ != 0 && s.seq >= fail_from_)
      return tavle::Error{"io", "journal: cannot write op " + std::to_string(s.seq) + " (simulated disk failure)"};
  if (keep_ops_) ops_.insert(ops_.end(), batch.begin(), batch.end());
  ++batches_;
  return std::nullopt;
}

void MemoryJournal::fail_from_seq(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  fail_from_ = seq;
}

std::vector<SequencedOp> MemoryJournal::ops() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

std::size_t MemoryJournal::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

}  // namespace tavle::net
