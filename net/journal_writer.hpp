// The writer thread of group commit: runs Journal::append off the network
// thread, one batch at a time. The meeting collects every op that arrives while
// a batch is being written into the next batch.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "net/journal.hpp"

namespace tavle::net {

class JournalWriter {
 public:
  using Done = std::function<void(std::optional<Error>)>;

  explicit JournalWriter(std::shared_ptr<Journal> journal);
  ~JournalWriter();  // finishes the batch in hand, then joins the thread
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Appends `batch` on the writer thread and calls `done` there with the result;
  // `snapshot` (the board after the batch) when the journal asked for one.
  void submit(std::vector<SequencedOp> batch, std::shared_ptr<const Board> snapshot, Done done);

 private:
  void run();

  std::shared_ptr<Journal> journal_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<SequencedOp> batch_;
  std::shared_ptr<const Board> snapshot_;
  Done done_;
  bool has_batch_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tavle::net
