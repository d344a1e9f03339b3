#include "store/encrypt_plain.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "store/sqlite_db.hpp"

namespace tavle::store {
namespace fs = std::filesystem;
namespace {

std::optional<Error> sync_path(const std::string& path, const char* what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const bool ok = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!ok) return Error{"io", std::string("encrypting the database: cannot sync ") + what + " " + path};
  return std::nullopt;
}

std::string quoted(const std::string& text) {  // an SQL string literal
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

void remove_quietly(const std::string& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

// Writes the encrypted copy through the plain connection: SQLCipher's
// sqlcipher_export copies schema and rows; the two header fields it does not copy
// (schema version, application id) are set by hand.
std::optional<Error> export_copy(Connection& plain, const std::string& copy, const std::string& key_hex) {
  std::int64_t version = 0;
  {
    Statement q(plain, "PRAGMA user_version");
    if (!q.step()) return q.error() ? q.error() : Error{"storage", "no schema version"};
    version = q.integer(0);
  }
  const std::string attach = "ATTACH DATABASE " + quoted(copy) + " AS encrypted KEY \"x'" + key_hex + "'\"; PRAGMA encrypted.cipher_page_size = " +
                             std::to_string(kCipherPageSize) + ";";
  if (auto e = plain.exec(attach.c_str(), "encrypting the database (creating the copy)")) return e;
  const std::string fields = "SELECT sqlcipher_export('encrypted'); PRAGMA encrypted.user_version = " +
                             std::to_string(version) + "; PRAGMA encrypted.application_id = " +
                             std::to_string(kApplicationId) + ";";
  auto e = plain.exec(fields.c_str(), "encrypting the database (copying)");
  plain.exec("DETACH DATABASE encrypted", "encrypting the database (closing the copy)");
  return e;
}

}  // namespace

std::optional<Error> encrypt_plain_database(const std::string& path, const std::string& key_hex, EncryptHook hook) {
  const std::string copy = path + ".encrypting";
  remove_quietly(copy);  // a half copy of an interrupted earlier attempt
  remove_quietly(copy + "-journal");
  {
    Connection plain;
    // CREATE: the attached copy is created through this connection (the file itself exists).
    if (auto e = plain.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) return e;
    // Folds a WAL left by the earlier version into the file, so the copy sees it all.
    Statement checkpoint(plain, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.step() && checkpoint.integer(0) != 0)
      return Error{"busy", path + " is in use by another program; close the other Tavle and start again"};
    if (checkpoint.error()) return checkpoint.error();
    if (hook) hook(EncryptStep::PlainCheckpointed);
    if (auto e = export_copy(plain, copy, key_hex)) {
      remove_quietly(copy);
      return e;
    }
    if (hook) hook(EncryptStep::CopyWritten);
    // Back to a rollback journal, so closing leaves no -wal or -shm of the plain file.
    plain.exec("PRAGMA journal_mode = DELETE", "closing the plain database");
  }
  if (auto e = sync_path(copy, "the encrypted copy")) return e;
  if (hook) hook(EncryptStep::CopySynced);
  std::error_code ec;
  if (fs::exists(path + "-wal", ec) && fs::file_size(path + "-wal", ec) > 0) {
    remove_quietly(copy);
    return Error{"busy", path + " is in use by another program; close the other Tavle and start again"};
  }
  remove_quietly(path + "-wal");
  remove_quietly(path + "-shm");
  if (std::rename(copy.c_str(), path.c_str()) != 0) {
    remove_quietly(copy);
    return Error{"io", "encrypting the database: cannot replace " + path + " with its encrypted copy"};
  }
  if (hook) hook(EncryptStep::Renamed);
  return sync_path(fs::path(path).parent_path().string(), "the data directory");
}

}  // namespace tavle::store
