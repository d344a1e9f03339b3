// The SQL database under a Store: SQLite with SQLCipher (a file in the data
// directory, store/sqlite_db.hpp) or PostgreSQL (a municipality's server,
// store_pg/). Store's logic (replay, snapshots, continuity, the access log's hash
// chain, erasure) is written once over this interface; a backend gives only a
// connection, its schema and the few things SQL cannot say alike (docs/server.md).
//
// Store's SQL is in the dialect both understand: parameters as `?` or `?N`, a
// replaced row as DELETE then INSERT (no upsert: Debian's SQLCipher predates it), no
// PRAGMA, no column aliases in HAVING, booleans as CASE ... THEN 1 ELSE 0. Values are always bound, never spliced into the text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"

namespace tavle::store {

// One statement of a Database, run by step(). Bind, step until false, reset, again.
class DbQuery {
 public:
  virtual ~DbQuery() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  // True while a row is available; false when done. A failure is kept in error().
  virtual bool step() = 0;
  virtual const std::optional<Error>& error() const = 0;
  virtual std::string text(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual void reset() = 0;  // ready to bind and step again
};

class Database {
 public:
  virtual ~Database() = default;
  virtual std::unique_ptr<DbQuery> prepare(const char* sql) = 0;
  // A write transaction. commit() fails (and nothing is kept) when any statement in
  // it failed; the op journal's "durable before broadcast" rests on commit() returning
  // only once the transaction is durable.
  virtual std::optional<Error> begin() = 0;
  virtual std::optional<Error> commit() = 0;
  virtual void rollback() = 0;
  // Inside a transaction: no other connection appends to the access log until it
  // ends, so its hash chain stays one line (SQLite: the write lock already does it).
  virtual std::optional<Error> lock_access_log() = 0;
  // After a family was erased: make the deleted rows unreadable in the database's
  // files too (SQLite: VACUUM and an emptied WAL; PostgreSQL: VACUUM FULL).
  virtual std::optional<Error> compact_after_erasure() = 0;
  // issue 18: takes the lease `name` for this connection, held until the connection
  // closes (its process ends or dies), naming `holder` for others to read. Taken:
  // `held_by` empty; held by another connection: `held_by` says by whom. A file of
  // one machine (SQLite) has no other server to share it with: always taken.
  virtual std::optional<Error> take_lease(const std::string& name, const std::string& holder, std::string& held_by) = 0;
  // Where the data is, for messages: a file path, or a server's URL without password.
  virtual std::string location() const = 0;
};

// Store's statements: the same calls for both backends.
class Query {
 public:
  Query(Database& db, const char* sql) : q_(db.prepare(sql)) {}
  Query& bind(int index, std::string_view text) {
    q_->bind_text(index, text);
    return *this;
  }
  Query& bind(int index, std::int64_t value) {
    q_->bind_integer(index, value);
    return *this;
  }
  bool step() { return q_->step(); }
  const std::optional<Error>& error() const { return q_->error(); }
  std::string text(int column) const { return q_->text(column); }
  std::int64_t integer(int column) const { return q_->integer(column); }
  void reset() { q_->reset(); }

 private:
  std::unique_ptr<DbQuery> q_;
};

// A write transaction that rolls back unless commit() succeeded.
class WriteTx {
 public:
  explicit WriteTx(Database& db) : db_(db), begin_error_(db.begin()), open_(!begin_error_) {}
  ~WriteTx() {
    if (open_) db_.rollback();
  }
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;
  const std::optional<Error>& begin_error() const { return begin_error_; }
  std::optional<Error> commit() {
    if (!open_) return begin_error_ ? begin_error_ : Error{"storage", "transaction already ended"};
    auto e = db_.commit();
    if (!e) open_ = false;
    return e;
  }

 private:
  Database& db_;
  std::optional<Error> begin_error_;
  bool open_ = false;
};

}  // namespace tavle::store
