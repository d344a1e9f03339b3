// The point where an op becomes durable. The host applies an op in memory, gives
// it its seq, hands it to a Journal, and broadcasts only after append() returns
// without an error (session/sqlite_journal.hpp implements it over the store, with
// group commit).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "board/error.hpp"
#include "board/op.hpp"
#include "board/sequenced_op.hpp"

namespace tavle::net {

using SequencedOp = tavle::SequencedOp;  // board/sequenced_op.hpp: the one type net/ and store/ share

class Journal {
 public:
  virtual ~Journal() = default;
  // Makes a batch durable; called off the network thread; returns an error if it could not.
  virtual std::optional<tavle::Error> append(const std::vector<SequencedOp>& batch) = 0;
  // True when append() costs next to nothing (memory): the host then calls it on
  // the network thread instead of handing it to the writer thread.
  virtual bool is_instant() const { return false; }
};

// Keeps every op in memory: for tests and for hosting without --data. Optionally
// fails from a given seq on, so tests can prove the host never broadcasts an op
// the journal refused.
class MemoryJournal : public Journal {
 public:
  // Without keep_ops it only counts batches: hosting without --data has nothing
  // to replay from later, and the host already keeps the board and recent ops.
  explicit MemoryJournal(bool instant = true, bool keep_ops = true) : instant_(instant), keep_ops_(keep_ops) {}

  std::optional<tavle::Error> append(const std::vector<SequencedOp>& batch) override;
  bool is_instant() const override { return instant_; }

  void fail_from_seq(std::uint64_t seq);
  std::vector<SequencedOp> ops() const;
  std::size_t batches() const;

 private:
  bool instant_;
  bool keep_ops_;
  mutable std::mutex mutex_;
  std::vector<SequencedOp> ops_;
  std::size_t batches_ = 0;
  std::uint64_t fail_from_ = 0;  // 0 = never fail
};

}  // namespace tavle::net
