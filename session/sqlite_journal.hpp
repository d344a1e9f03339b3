// The host's durable journal (net::Journal) over a Store: every batch the host hands
// over is one transaction and one sync (group commit), and every `snapshot_every`
// ops a snapshot of the board is written in the same transaction. It lives in
// session/ because it joins two siblings that never include each other (net/, store/).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "net/journal.hpp"
#include "store/store.hpp"

namespace tavle::session {

class SqliteJournal : public net::Journal {
 public:
  // Opens the meeting's journal; `loaded` must be the meeting as load_meeting() gave it
  // (the journal keeps its own copy of the board to write snapshots from).
  SqliteJournal(std::unique_ptr<store::Store> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                std::uint64_t snapshot_every = 1000);

  std::optional<Error> append(const std::vector<net::SequencedOp>& batch) override;

  std::uint64_t last_seq() const;
  std::size_t batches() const;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<store::Store> store_;
  std::string meeting_id_;
  Board board_;  // the state after last_seq_, for snapshots
  std::uint64_t last_seq_ = 0;
  std::uint64_t last_snapshot_seq_ = 0;
  std::uint64_t snapshot_every_;
  std::size_t batches_ = 0;
  bool failed_ = false;  // after a failed write the copy of the board may be ahead
};

}  // namespace tavle::session
