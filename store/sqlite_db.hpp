// A thin RAII layer over the SQLite C API: one connection, prepared statements,
// transactions, and SQLite result codes turned into tavle::Error values whose
// code says what the user can do about it (disk_full, read_only, corrupt, ...).
// The library is SQLCipher (SQLite with AES-256 page encryption, docs/privacy.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"
#include "store/database.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace tavle::store {

// "TAVL": set in every Tavle database, so a file of another program is refused.
inline constexpr std::int32_t kApplicationId = 0x5441564C;
// Every encrypted connection uses SQLite's usual page size (SQLCipher 3 defaults to
// 1024); it must be the same on every open of a file.
inline constexpr int kCipherPageSize = 4096;

// The PRAGMA that gives SQLCipher a raw 256-bit key (no passphrase derivation):
// `PRAGMA key = "x'...'"`, or for an attached database `schema`.
std::string key_pragma(const std::string& key_hex, const std::string& schema = {});

// An Error for SQLite result `rc` while doing `what` (named in the message).
Error sqlite_error(int rc, std::string_view what, std::string_view detail = {});

class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // flags: SQLITE_OPEN_* (read-only, or read-write with or without create).
  // key_hex: 64 hex digits, the 256-bit SQLCipher key of the file; empty opens it
  // as plain SQLite (an earlier Tavle's file, or the benchmark's plain baseline).
  std::optional<Error> open(const std::string& path, int flags, const std::string& key_hex = {});
  void close();
  sqlite3* handle() const { return db_; }
  std::optional<Error> exec(const char* sql, std::string_view what);
  // The error of the last failed call on this connection.
  Error last_error(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection&, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  // True while a row is available; false when done. A failure is kept in error().
  bool step();
  const std::optional<Error>& error() const { return error_; }
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  void reset();  // ready to bind and step again

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
  std::optional<Error> prepare_error_;  // preparing failed: every step() fails with it, also after reset()
  std::optional<Error> error_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection&);
  ~Transaction();
  const std::optional<Error>& begin_error() const { return begin_error_; }
  std::optional<Error> commit();

 private:
  Connection& connection_;
  std::optional<Error> begin_error_;
  bool open_ = false;
};

// The Store's database in a file (store/database.hpp): SQLCipher over Connection.
class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}
  Connection& connection() { return connection_; }

  std::unique_ptr<DbQuery> prepare(const char* sql) override;
  std::optional<Error> begin() override;
  std::optional<Error> commit() override;
  void rollback() override;
  std::optional<Error> lock_access_log() override { return std::nullopt; }  // BEGIN IMMEDIATE holds the write lock
  std::optional<Error> take_lease(const std::string&, const std::string&, std::string& held_by) override {
    held_by.clear();  // one machine's file: no other server shares it
    return std::nullopt;
  }
  std::optional<Error> compact_after_erasure() override;
  std::string location() const override { return path_; }

 private:
  std::string path_;
  Connection connection_;
};

}  // namespace tavle::store
