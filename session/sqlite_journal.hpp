// The host's durable journal (net::Journal) over a Store: every batch the host hands
// over is one transaction and one sync (group commit), and every `snapshot_every`
// ops a snapshot of the board is written in the same transaction. It lives in
// session/ because it joins two siblings that never include each other (net/, store/).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/journal.hpp"
#include "store/store.hpp"

namespace tavle::session {

// A store connection that several journals take turns on. A `tavle server` on
// SQLite gives every meeting's journal the same one: SQLite walks the list of the
// process's connections to a file at every lock of its write-ahead log, so 1,000
// meetings with a connection each spent a third of the server's CPU in that walk
// (docs/performance.md, "One server, many meetings").
//
// Its journals commit together (group commit across meetings): a journal whose
// batch arrives while another turn is being written waits, and the next turn
// writes every batch that waited in one transaction and one sync. One sync per
// meeting's batch was what 1,000 meetings' batches queued behind.
struct SharedStore {
  std::mutex mutex;  // one store call at a time
  std::unique_ptr<store::Store> store;

  // Writes `batch` in the next turn; returns its turn's result.
  std::optional<Error> append_in_turn(const store::Store::JournalBatch& batch);
  std::size_t turns() const;         // transactions written by append_in_turn
  std::size_t largest_turn() const;  // most batches in one of them
  std::size_t pending() const;       // batches handed in and not yet written

 private:
  struct Waiting {
    store::Store::JournalBatch batch;
    std::optional<Error> result;
    bool done = false;
  };
  mutable std::mutex turn_mutex_;
  std::condition_variable turn_done_;
  std::vector<Waiting*> next_turn_;
  bool writing_ = false;
  std::size_t pending_ = 0;
  std::size_t turns_ = 0;
  std::size_t largest_turn_ = 0;
};

class SqliteJournal : public net::Journal {
 public:
  // Opens the meeting's journal; `loaded` must be the meeting as load_meeting() gave it.
  // It keeps no board: the host hands over its board when a snapshot is due.
  SqliteJournal(std::unique_ptr<store::Store> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                std::uint64_t snapshot_every = 1000);
  // The same on a connection other journals share.
  SqliteJournal(std::shared_ptr<SharedStore> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                std::uint64_t snapshot_every = 1000);

  std::optional<Error> append(const std::vector<net::SequencedOp>& batch) override;
  bool snapshot_due(std::uint64_t seq) const override;
  std::optional<Error> append(const std::vector<net::SequencedOp>& batch, const Board& after) override;

  std::uint64_t last_seq() const;
  std::size_t batches() const;
  // Batches that went through only after the database connection was made anew.
  std::size_t reconnects() const;

  // How long a batch waits for a database whose connection was cut (a restarted
  // PostgreSQL server, a network blip) or that another writer keeps locked, before
  // the journal gives up and takes no more ops. Meanwhile the batch is not acknowledged: durable before broadcast holds.
  static constexpr std::chrono::seconds kReconnectWindow{30};

 private:
  std::optional<Error> write(const std::vector<SequencedOp>& batch, const Board* snapshot);
  // After an "io" or "busy" failure: waits for the database, then finds out whether the batch's
  // transaction committed before the cut (all its ops are there: done) or not (none
  // is: written again). The error when the window ran out or the journal holds
  // other ops at those seqs.
  std::optional<Error> retry_after_cut(const std::vector<SequencedOp>& batch, const Board* snapshot, Error first);

  // The store's calls, each with the shared connection's lock held.
  std::optional<Error> append_ops(const std::vector<SequencedOp>& batch, const Board* snapshot);
  std::optional<Error> ops_since(std::uint64_t seq, std::vector<store::JournaledOp>& out);

  mutable std::mutex mutex_;
  std::shared_ptr<SharedStore> store_;
  std::string meeting_id_;
  std::uint64_t last_seq_ = 0;
  std::atomic<std::uint64_t> last_snapshot_seq_{0};  // read on the network thread (snapshot_due)
  std::uint64_t snapshot_every_;
  std::size_t batches_ = 0;
  std::size_t reconnects_ = 0;
  bool failed_ = false;  // after a failed write nothing more is taken
};

}  // namespace tavle::session
