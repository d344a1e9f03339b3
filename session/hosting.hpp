// Hosting a meeting from this process: the one way `tavle host` and the app's
// hosted meetings set up a net::Host. In memory (a file, the demo, a new board) or
// durable (a stored meeting of a data directory), with one policy for snapshots
// and for the recent ops a device that rejoins catches up from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "board/sequenced_op.hpp"
#include "net/host.hpp"
#include "store/store.hpp"

namespace tavle::session {

struct SharedStore;  // session/sqlite_journal.hpp
class StoreWriter;  // session/store_writer.hpp

// A restart replays at most this many ops (~45 us each on a 2000-card board).
inline constexpr std::uint64_t kSnapshotEvery = 5000;
// Ops kept for devices that rejoin: one further behind gets a whole snapshot.
inline constexpr std::uint64_t kRecentOpsForLateJoiners = 2000;

struct HostSetup {
  net::HostConfig config;
  Board board;                            // the meeting to continue (empty: a new one)
  std::uint64_t last_seq = 0;             // its last op's seq
  std::vector<SequencedOp> recent;        // its newest ops, for devices that rejoin
  std::shared_ptr<net::Journal> journal;  // null: ops are kept in memory only
  // issue 13: who hosts a stored meeting, for the access log (docs/privacy.md):
  // "Pia Holm (user pia)"; empty: the system user.
  std::string hosted_by;
  // issue 18: the meeting is stored on a PostgreSQL server (postgresql://..., docs/server.md)
  // instead of the data directory's database (the rejoin tokens too); the data
  // directory still keeps the facilitator key. Empty: the data directory's SQLite store.
  std::string db_url;
  // issue 18: take the meeting's lease before loading it, naming this (a server's
  // location), on the journal's own connection, so it is held as long as the journal
  // lives (docs/server.md, "More than one process"). Empty: no lease.
  std::string lease_holder;
  // issue 18: a server's SQLite meetings share one connection for their journals
  // (session/sqlite_journal.hpp, SharedStore). Null: the meeting opens its own.
  std::shared_ptr<SharedStore> shared_journal;
  // issue 18: the joins, rejoin tokens (and a server's new codes) are written by a
  // store writer off the network thread (session/store_writer.hpp); a server's
  // meetings share one. Null: the meeting gets its own, which flushes when the host
  // is destroyed.
  std::shared_ptr<StoreWriter> writer;
};

// Where durable meetings are kept: a data directory's encrypted SQLite database
// (the key from `key_file`, else the keyring or the user's key file), or, with
// `db_url`, a PostgreSQL database (docs/server.md). The one way hosting opens a store.
struct StorePlace {
  std::string data_dir;
  std::string key_file;
  std::string db_url;
};
std::optional<Error> open_store(const StorePlace& place, std::unique_ptr<store::Store>& out);

// Makes `setup` host the stored meeting `meeting_id` of the data directory `data_dir`
// (or of the PostgreSQL database `setup.db_url`)
// durably: its board, seq and newest ops from the store, a journal with the policy
// above, the facilitator key kept beside the data (unless `setup` has one) and the
// rejoin tokens kept there too (docs/security.md). The access log records that it
// is hosted (by `setup.hosted_by`) and every join (docs/privacy.md). `log` says what was loaded;
// `key_file` is the database key given with --key-file (empty: the keyring or the
// user's key file, store/database_key.hpp).
std::optional<Error> attach_stored_meeting(const std::string& data_dir, const std::string& meeting_id,
                                           HostSetup& setup, std::string* log = nullptr,
                                           const std::string& key_file = {});

// Starts the host `setup` describes (binds the port, starts its network thread).
std::optional<Error> start_host(HostSetup setup, std::unique_ptr<net::Host>& out);

}  // namespace tavle::session
