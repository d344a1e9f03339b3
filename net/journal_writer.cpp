#include "net/journal_writer.hpp"

namespace tavle::net {

JournalWriter::JournalWriter(std::shared_ptr<Journal> journal)
    : journal_(std::move(journal)), thread_([this] { run(); }) {}

JournalWriter::~JournalWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void JournalWriter::submit(std::vector<SequencedOp> batch, std::shared_ptr<const Board> snapshot, Done done) {
  {
    std::lock_guard lock(mutex_);
    batch_ = std::move(batch);
    snapshot_ = std::move(snapshot);
    done_ = std::move(done);
    has_batch_ = true;
  }
  wake_.notify_one();
}

void JournalWriter::run() {
  for (;;) {
    std::vector<SequencedOp> batch;
    std::shared_ptr<const Board> snapshot;
    Done done;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return has_batch_ || stopping_; });
      if (!has_batch_) return;
      batch = std::move(batch_);
      snapshot = std::move(snapshot_);
      done = std::move(done_);
      has_batch_ = false;
    }
    std::optional<Error> result;
    try {
      result = snapshot ? journal_->append(batch, *snapshot) : journal_->append(batch);
    } catch (const std::exception& e) {
      result = Error{"io", std::string("journal: ") + e.what()};
    }
    done(std::move(result));
  }
}

}  // namespace tavle::net
