#include "store/schema.hpp"

#include "store/encrypt_plain.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace tavle::store {
namespace {

// Migration N brings a database from version N-1 to N. Append, never edit.
constexpr std::array<const char*, kStoreSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE schema_version(version INTEGER NOT NULL, applied_at INTEGER NOT NULL);
CREATE TABLE families(
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  created INTEGER NOT NULL);
CREATE TABLE meetings(
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  previous_id TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL);
CREATE INDEX meetings_by_family ON meetings(family_id, created);
-- The journal: every accepted op of a meeting, in host order, as canonical JSON.
CREATE TABLE ops(
  meeting_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  op_id TEXT NOT NULL,
  op_json TEXT NOT NULL,
  PRIMARY KEY(meeting_id, seq)) WITHOUT ROWID;
CREATE INDEX ops_by_op_id ON ops(meeting_id, op_id);
-- The board as it stood after op `seq` (seq 0 = the meeting's starting board).
CREATE TABLE snapshots(
  meeting_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  board_json TEXT NOT NULL,
  state_hash TEXT NOT NULL,
  PRIMARY KEY(meeting_id, seq)) WITHOUT ROWID;
)sql",
    // 2 (issue 13): the access log, hash-chained (store/access_log.hpp).
    R"sql(
CREATE TABLE access_log(
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  family_id TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT NOT NULL,
  salt TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  chain_hash TEXT NOT NULL);
CREATE INDEX access_by_family ON access_log(family_id, seq);
)sql",
    // 3 (issue 13): the rejoin tokens of each hosted meeting (were one file per data
    // directory, in clear, for the meeting hosted last): store/store.hpp.
    R"sql(
CREATE TABLE rejoin_tokens(
  meeting_id TEXT NOT NULL,
  token TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY(meeting_id, token)) WITHOUT ROWID;
)sql",
    // 4 (issue 18): facilitator accounts of a `tavle server` and the families each
    // may open (store/accounts.hpp). password_hash is Argon2id's encoded form;
    // disabled is when (0: active); the failures slow down guessing.
    R"sql(
CREATE TABLE facilitators(
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  last_failure INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE facilitator_families(
  name TEXT NOT NULL REFERENCES facilitators(name),
  family_id TEXT NOT NULL REFERENCES families(id),
  granted INTEGER NOT NULL,
  PRIMARY KEY(name, family_id)) WITHOUT ROWID;
CREATE INDEX facilitator_families_by_family ON facilitator_families(family_id);
)sql",
    // 5 (issue 18): each meeting's own codes on a `tavle server` (were one file per
    // meeting in each server's data directory, DIR/meetings/ID.codes): store/meeting_codes.cpp.
    R"sql(
CREATE TABLE meeting_codes(
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
  join_code TEXT NOT NULL,
  professional_code TEXT NOT NULL,
  facilitator_key TEXT NOT NULL) WITHOUT ROWID;
)sql",
};

std::int32_t big_endian_at(const unsigned char* p) {
  return static_cast<std::int32_t>((std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                   (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]});
}

Error untouched(const std::string& path, const std::string& why) {
  return Error{"corrupt", path + ": " + why +
                              ". Tavle has not changed the file; move it away or choose another directory with --data"};
}

enum class FileKind { New, Plain, Encrypted };

// The file's first bytes, read through SQLite's own file layer but not as a database.
// A descriptor of our own would drop, when closed, the POSIX locks that other
// connections of this process hold on the file (they belong to the process); SQLite
// keeps such a descriptor open until those connections are done.
bool read_start(const std::string& path, unsigned char* out, int n) {
  sqlite3* db = nullptr;
  bool ok = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_file* file = nullptr;
    ok = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK && file &&
         file->pMethods && file->pMethods->xRead(file, out, n, 0) == SQLITE_OK;
  }
  sqlite3_close_v2(db);
  return ok;
}

// Reads the 100-byte SQLite header without SQLite reading it as a database: refuses a foreign plain file
// before any library code could decide to write to it. An empty file counts as
// new; a file without the plain header is taken as encrypted (SQLCipher files
// begin with random salt), and the key then decides.
std::optional<Error> check_header(const std::string& path, FileKind& kind) {
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec)) return untouched(path, "the database is a symbolic link");
  const auto size = std::filesystem::file_size(path, ec);
  kind = FileKind::New;
  if (ec || size == 0) return std::nullopt;
  unsigned char header[100] = {};
  if (size < sizeof header || !read_start(path, header, sizeof header))
    return untouched(path, "the file is too short to be a database");
  if (std::string(reinterpret_cast<const char*>(header), 16) != std::string("SQLite format 3\0", 16)) {
    kind = FileKind::Encrypted;
    return std::nullopt;
  }
  if (big_endian_at(header + 68) != kApplicationId)
    return untouched(path, "the file is an SQLite database of another program, not Tavle's");
  kind = FileKind::Plain;
  return std::nullopt;
}

std::optional<Error> query_int(Connection& c, const char* sql, std::int64_t& out) {
  Statement s(c, sql);
  if (!s.step()) return s.error() ? s.error() : Error{"storage", std::string("no result from ") + sql};
  out = s.integer(0);
  return std::nullopt;
}

Error cannot_decrypt(const std::string& path) {
  return Error{"wrong_key", path + ": cannot be read with this key: it was encrypted with another key, or it is not "
                                   "a Tavle database. Tavle has not changed the file; give the key it was made with "
                                   "(--key-file), or move the file away"};
}

// With a read-only connection: the file opens with this key (encrypted files), is
// Tavle's, is intact and is not from a newer Tavle.
std::optional<Error> check_existing(const std::string& path, const std::string& key_hex) {
  Connection ro;
  if (auto e = ro.open(path, SQLITE_OPEN_READONLY, key_hex)) return e;
  std::int64_t application_id = 0;
  // The first page is read here: a wrong key (or a file that is no database) fails.
  if (query_int(ro, "PRAGMA application_id", application_id)) return cannot_decrypt(path);
  if (application_id != kApplicationId)
    return untouched(path, "the file is an SQLite database of another program, not Tavle's");
  Statement check(ro, "PRAGMA quick_check(1)");
  if (!check.step()) return untouched(path, "the database is damaged");
  if (check.text(0) != "ok") return untouched(path, "the database is damaged (" + check.text(0) + ")");
  std::int64_t version = 0;
  if (auto e = query_int(ro, "PRAGMA user_version", version)) return e;
  if (version > kStoreSchemaVersion)
    return untouched(path, "the database was made by a newer Tavle (schema " + std::to_string(version) +
                               ", this program knows up to " + std::to_string(kStoreSchemaVersion) + ")");
  return std::nullopt;
}

std::optional<Error> migrate(Connection& c, std::int64_t from) {
  Transaction tx(c);
  if (tx.begin_error()) return tx.begin_error();
  for (std::int64_t v = from + 1; v <= kStoreSchemaVersion; ++v) {
    if (auto e = c.exec(kMigrations[static_cast<std::size_t>(v - 1)], "upgrading the database schema")) return e;
    const std::string record = "INSERT INTO schema_version VALUES(" + std::to_string(v) +
                               ", CAST(strftime('%s','now') AS INTEGER) * 1000); PRAGMA user_version = " +
                               std::to_string(v) + ";";
    if (auto e = c.exec(record.c_str(), "recording the schema version")) return e;
  }
  if (from == 0) {
    const std::string id = "PRAGMA application_id = " + std::to_string(kApplicationId);
    if (auto e = c.exec(id.c_str(), "marking the file as Tavle's")) return e;
  }
  return tx.commit();
}

std::optional<Error> open_read_only(const std::string& path, FileKind kind, const std::string& key_hex, Connection& out) {
  if (kind == FileKind::New) return Error{"not_found", "no Tavle database at " + path};
  if (auto e = out.open(path, SQLITE_OPEN_READONLY, key_hex)) return e;
  std::int64_t version = 0;
  if (auto e = query_int(out, "PRAGMA user_version", version)) return e;
  if (version != kStoreSchemaVersion)
    return Error{"old_schema", path + " has schema " + std::to_string(version) + "; open it for writing once (e.g. "
                               "with tavle host --data) to upgrade it to " + std::to_string(kStoreSchemaVersion)};
  return std::nullopt;
}

// Brings the file to the form `options` asks for: an earlier version's plain file is
// encrypted once when a key is given; an encrypted file needs its key.
std::optional<Error> check_file(const std::string& path, FileKind& kind, const OpenOptions& options) {
  if (auto e = check_header(path, kind)) return e;
  if (kind == FileKind::New) return std::nullopt;
  const bool plain_wanted = options.key_hex.empty();
  if (kind == FileKind::Encrypted && plain_wanted)
    return untouched(path, "the file is not a plain SQLite database (is it encrypted? then its key is needed)");
  if (auto e = check_existing(path, kind == FileKind::Plain ? std::string() : options.key_hex)) return e;
  if (kind == FileKind::Plain && !plain_wanted) {
    if (options.read_only)
      return Error{"not_encrypted", path + " was written by an earlier Tavle and is not encrypted yet; open it once "
                                           "for writing (tavle host --data) to encrypt it"};
    if (auto e = encrypt_plain_database(path, options.key_hex, options.encrypt_hook)) return e;
    kind = FileKind::Encrypted;
  }
  return std::nullopt;
}

// Held while one connection is made ready for writing. The first connection to a new
// file writes its header (with SQLCipher's random salt) before any other reads it: a
// connection that read the still empty file would take a salt of its own and then find
// the file "not a database". It also keeps two openers from encrypting an earlier plain
// file at once. The lock is on the directory, not the database: closing a descriptor of
// the database would drop SQLite's own locks held by other connections of this process.
class OpenLock {
 public:
  explicit OpenLock(const std::string& path) {
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    fd_ = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) return;  // the open below reports what is wrong with the directory
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~OpenLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenLock(const OpenLock&) = delete;
  OpenLock& operator=(const OpenLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

std::optional<Error> open_database(const std::string& path, Connection& out, const OpenOptions& options) {
  std::optional<OpenLock> lock;
  if (!options.read_only) lock.emplace(path);
  FileKind kind = FileKind::New;
  if (auto e = check_file(path, kind, options)) return e;
  if (options.read_only) return open_read_only(path, kind, options.key_hex, out);
  if (auto e = out.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.key_hex)) return e;
  if (sqlite3_db_readonly(out.handle(), "main") == 1) {
    out.close();
    return Error{"read_only", path + ": the database or its directory is read-only; Tavle needs to write there"};
  }
  if (auto e = out.exec("PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON", "configuring the database")) return e;
  if (options.max_page_count > 0) {
    const std::string limit = "PRAGMA max_page_count = " + std::to_string(options.max_page_count);
    if (auto e = out.exec(limit.c_str(), "limiting the database size")) return e;
  }
  std::int64_t version = 0;
  if (auto e = query_int(out, "PRAGMA user_version", version)) return e;
  // A new file gets its schema and application_id before WAL is on, so they are in
  // the main file's header from the first commit (check_header reads them there).
  if (version < kStoreSchemaVersion)
    if (auto e = migrate(out, version)) return e;
  if (auto e = out.exec("PRAGMA journal_mode = WAL", "switching to write-ahead logging")) return e;
  const char* sync = options.sync_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  return out.exec(sync, "setting the sync mode");
}

}  // namespace tavle::store
