// issue 18: the store writes a meeting makes on the network thread (every join's
// access log entry, the rejoin tokens as they change, a server meeting's new codes),
// written on a thread of their own. Written there directly, each was a transaction
// (a sync to disk with SQLite, a round trip with PostgreSQL) during which every other
// meeting of a `tavle server` stood still; a stream of joins stalled them all
// (docs/architecture.md, "The store writer").
//
// One writer per server (and per `tavle host`), on one store connection of its own
// (with SQLite the only one besides the journals'). Writes keep their order; the
// network thread only queues. Rejoin tokens and codes are coalesced per meeting:
// only the newest set is written, never an older one after a newer one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "board/error.hpp"
#include "net/meeting.hpp"
#include "net/security_log.hpp"
#include "session/hosting.hpp"
#include "store/store.hpp"

namespace tavle::session {

class StoreWriter {
 public:
  // Joins' access log entries queued at most (about 300 bytes each): a store that is
  // slow or down holds back no more than this. A join beyond it is not written to the
  // access log: it is said on stderr and in the security log (without the person's
  // name, as every security log line), never dropped silently.
  static constexpr std::size_t kMaxPendingJoins = 10000;
  // A write the store refuses for a while ("busy": SQLite locked by another writer;
  // "io": the connection cut, e.g. PostgreSQL restarted) is tried again, the
  // connection made anew, for this long; then it is reported and the next is written.
  static constexpr std::chrono::seconds kRetryWindow{30};

  // Opens its connection to the store at `place` on its own thread when it first
  // writes. `security_log` hears of joins not written to the access log (empty: stderr only).
  explicit StoreWriter(StorePlace place, net::SecurityLogSink security_log = {},
                       std::size_t max_pending_joins = kMaxPendingJoins);
  // Writes everything queued (within kRetryWindow in all when the store fails), then stops.
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queued (never waits for the store). `entry.at` is when it happened: set it before.
  // `address` is where the join came from, for the security log if it cannot be written.
  void record_access(const std::string& meeting_id, store::AccessEntry entry, const std::string& address = "");
  // The meeting's whole token set; a newer set replaces one not written yet.
  void save_rejoin_tokens(const std::string& meeting_id, net::RejoinTokens tokens);
  // The meeting's new room's code and professional code (new_code; the facilitator
  // key is left as the store has it); newer codes replace ones not written yet.
  void replace_room_codes(const std::string& meeting_id, std::string join_code, std::string professional_code);

  // Waits until every write queued for `meeting_id` before the call is done (written
  // or reported): a meeting loaded again reads its own newest tokens and codes.
  void flush(const std::string& meeting_id);
  // The same for every meeting.
  void flush();
  // Writes queued for `meeting_id` are not done yet (net::MeetingConfig::writes_pending).
  bool pending(const std::string& meeting_id) const;

  struct Counts {
    std::size_t access_written = 0;
    std::size_t tokens_written = 0;  // token sets written (a burst coalesces into few)
    std::size_t codes_written = 0;
    std::size_t not_written = 0;  // reported on stderr (and joins in the security log)
  };
  Counts counts() const;

 private:
  enum class Kind { Access, Tokens, Codes };
  struct Item {
    Kind kind;
    std::string meeting_id;
    std::uint64_t ticket;
    store::AccessEntry entry;  // Access
    std::string address;       // Access
  };
  struct Newest {  // a meeting's newest tokens and codes not yet written
    std::optional<net::RejoinTokens> tokens;
    std::optional<store::MeetingCodes> codes;
  };

  std::uint64_t enqueue(Kind kind, const std::string& meeting_id);  // mutex_ held
  void run();
  void write(Item& item);
  std::optional<Error> write_once(Item& item, const net::RejoinTokens* tokens, const store::MeetingCodes* codes);
  void not_written(const Item& item, const Error& e);

  StorePlace place_;
  net::SecurityLogSink security_log_;
  std::size_t max_pending_joins_;
  std::unique_ptr<store::Store> store_;  // the writer thread's only

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the writer: something queued, or stop
  std::condition_variable done_;  // flush(): a write is done
  std::deque<Item> queue_;
  std::map<std::string, Newest> newest_;
  std::map<std::string, std::uint64_t> last_ticket_;  // per meeting, until it is done
  std::size_t pending_joins_ = 0;
  std::uint64_t next_ticket_ = 1;
  std::uint64_t done_ticket_ = 0;  // every ticket up to this one is done
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_{};
  Counts counts_;
  std::thread thread_;
};

}  // namespace tavle::session
