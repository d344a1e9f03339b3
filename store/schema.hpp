// Opening a Tavle database safely and bringing its schema up to date.
//
// Before SQLite may write anything, the file is checked: a plain file's first bytes
// must be an SQLite header carrying Tavle's application_id; an encrypted file must
// open with the key; a read-only connection must then find it Tavle's, intact
// (quick_check) and not newer than this program. Only then is it opened for
// writing. A damaged, foreign or wrongly keyed file is reported and left
// byte-for-byte as it was.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "store/encrypt_plain.hpp"
#include "store/sqlite_db.hpp"

namespace tavle::store {

inline constexpr int kStoreSchemaVersion = 5;

struct OpenOptions {
  // Synchronous=FULL (default): a commit survives power loss, not only a crash.
  bool sync_full = true;
  // Only read: nothing is created, migrated or written (tavle inspect). The database
  // must exist and have the current schema.
  bool read_only = false;
  // Test hook: limit the database to this many pages to simulate a full disk (0 = off).
  long long max_page_count = 0;
  // The database key: 64 hex digits (256 bits), from find_database_key()
  // (store/database_key.hpp). A plain file of an earlier version is encrypted with
  // it once (store/encrypt_plain.hpp). Empty: plain SQLite, only for measuring what
  // encryption costs (bench) and for tests of the migration.
  std::string key_hex;
  // Test hook: called at each step of encrypting a plain file.
  EncryptHook encrypt_hook = nullptr;
};

// Checks and opens (creating when absent) the database at `path` into `out`.
std::optional<Error> open_database(const std::string& path, Connection& out, const OpenOptions& = {});

}  // namespace tavle::store
