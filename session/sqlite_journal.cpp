#include "session/sqlite_journal.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace tavle::session {

namespace {
// A cut connection ("io"), or a database another writer held past the busy timeout
// ("busy": a `tavle server` with 1,000 meetings writing to one SQLite file, or a
// backup): nothing of the batch may be there yet, so it is looked for and written
// again; the meeting waits, it does not stop taking changes.
bool passing(const Error& e) { return e.code == "io" || e.code == "busy"; }

// The turn's writer must always hand every waiting journal its result: an exception
// (out of memory) is the turn's error, not a writer gone with the others waiting.
std::optional<Error> write_turn(store::Store& store, const std::vector<store::Store::JournalBatch>& batches) {
  try {
    return store.append_together(batches);
  } catch (const std::exception& e) {
    return Error{"storage", std::string("writing the journal: ") + e.what()};
  }
}

std::shared_ptr<SharedStore> own(std::unique_ptr<store::Store> store) {
  auto shared = std::make_shared<SharedStore>();
  shared->store = std::move(store);
  return shared;
}
}  // namespace

SqliteJournal::SqliteJournal(std::unique_ptr<store::Store> store, std::string meeting_id, const store::LoadedMeeting& loaded,
                             std::uint64_t snapshot_every)
    : SqliteJournal(own(std::move(store)), std::move(meeting_id), loaded, snapshot_every) {}

SqliteJournal::SqliteJournal(std::shared_ptr<SharedStore> store, std::string meeting_id,
                             const store::LoadedMeeting& loaded, std::uint64_t snapshot_every)
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

std::optional<Error> SharedStore::append_in_turn(const store::Store::JournalBatch& batch) {
  Waiting mine{batch, std::nullopt, false};
  std::unique_lock turn(turn_mutex_);
  next_turn_.push_back(&mine);
  ++pending_;
  while (!mine.done) {
    if (writing_) {  // another journal writes a turn: ours is in the next one
      turn_done_.wait(turn);
      continue;
    }
    // No turn is being written: this journal writes every batch waiting, its own too.
    writing_ = true;
    std::vector<Waiting*> these;
    these.swap(next_turn_);
    turn.unlock();
    std::vector<store::Store::JournalBatch> batches;
    batches.reserve(these.size());
    for (const Waiting* w : these) batches.push_back(w->batch);
    {
      std::lock_guard lock(mutex);
      std::optional<Error> e = write_turn(*store, batches);
      if (e && these.size() > 1 && !passing(*e)) {
        // Not the connection: one meeting's batch is refused (a seq another process
        // wrote, say). Each is written alone, so only that meeting learns of it.
        for (Waiting* w : these) w->result = write_turn(*store, {w->batch});
      } else {
        for (Waiting* w : these) w->result = e;  // a cut or busy database: each journal retries its own
      }
    }
    turn.lock();
    for (Waiting* w : these) w->done = true;
    pending_ -= these.size();
    ++turns_;
    largest_turn_ = std::max(largest_turn_, these.size());
    writing_ = false;
    turn_done_.notify_all();
  }
  return mine.result;
}

std::size_t SharedStore::pending() const {
  std::lock_guard turn(turn_mutex_);
  return pending_;
}

std::size_t SharedStore::turns() const {
  std::lock_guard turn(turn_mutex_);
  return turns_;
}

std::size_t SharedStore::largest_turn() const {
  std::lock_guard turn(turn_mutex_);
  return largest_turn_;
}

std::optional<Error> SqliteJournal::append_ops(const std::vector<SequencedOp>& batch, const Board* snapshot) {
  return store_->append_in_turn({&meeting_id_, &batch, snapshot});
}

std::optional<Error> SqliteJournal::ops_since(std::uint64_t seq, std::vector<store::JournaledOp>& out) {
  std::lock_guard lock(store_->mutex);
  return store_->store->ops_since(meeting_id_, seq, out);
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
  if (auto e = append_ops(batch, snapshot)) {
    if (passing(*e)) e = retry_after_cut(batch, snapshot, *e);
    if (e) {
      failed_ = true;
      return e;
    }
    snapshot = nullptr;  // whether the snapshot landed is not known: the next one is written when due
  }
  last_seq_ = seq;
  ++batches_;
  if (snapshot) last_snapshot_seq_ = seq;
  return std::nullopt;
}

std::optional<Error> SqliteJournal::retry_after_cut(const std::vector<SequencedOp>& batch, const Board* snapshot,
                                                    Error first) {
  if (batch.empty()) return first;
  const auto give_up = std::chrono::steady_clock::now() + kReconnectWindow;
  auto wait = std::chrono::milliseconds(100);
  for (;;) {
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(2000));
    // What the journal holds from the batch's first seq on (the connection is made anew first).
    std::vector<store::JournaledOp> stored;
    if (auto e = ops_since(batch.front().seq - 1, stored)) {
      if (std::chrono::steady_clock::now() > give_up)
        return Error{"io", first.message + "; the database did not come back within " +
                               std::to_string(kReconnectWindow.count()) + " s, so no more ops are taken"};
      continue;  // still away
    }
    if (stored.empty()) {  // the cut came before the commit: nothing of the batch is there
      if (auto e = append_ops(batch, snapshot)) {
        if (!passing(*e) || std::chrono::steady_clock::now() > give_up) return e;
        continue;
      }
      ++reconnects_;
      return std::nullopt;
    }
    // The commit landed before the cut: the batch is there as it was sent.
    const bool same = stored.size() == batch.size() &&
                      std::equal(batch.begin(), batch.end(), stored.begin(),
                                 [](const SequencedOp& a, const SequencedOp& b) { return a.seq == b.seq && a.op.id == b.op.id; });
    if (!same)
      return Error{"conflict", "journal of meeting " + meeting_id_ + ": after a reconnect the database holds other ops from seq " +
                                   std::to_string(batch.front().seq) + "; no more ops are taken"};
    ++reconnects_;
    return std::nullopt;
  }
}

std::size_t SqliteJournal::reconnects() const {
  std::lock_guard lock(mutex_);
  return reconnects_;
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
