// Opening a Tavle database safely and bringing its schema up to date.
//
// Before SQLite may write anything, the file is checked: its first bytes must be an
// SQLite header carrying Tavle's application_id, and a read-only connection must find
// it intact (quick_check) and not newer than this program. Only then is it opened
// for writing. A damaged or foreign file is reported and left byte-for-byte as it was.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "store/sqlite_db.hpp"

namespace tavle::store {

inline constexpr int kStoreSchemaVersion = 1;

struct OpenOptions {
  // Synchronous=FULL (default): a commit survives power loss, not only a crash.
  bool sync_full = true;
  // Only read: nothing is created, migrated or written (tavle inspect). The database
  // must exist and have the current schema.
  bool read_only = false;
  // Test hook: limit the database to this many pages to simulate a full disk (0 = off).
  long long max_page_count = 0;
};

// Checks and opens (creating when absent) the database at `path` into `out`.
std::optional<Error> open_database(const std::string& path, Connection& out, const OpenOptions& = {});

}  // namespace tavle::store
