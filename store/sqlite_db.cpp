#include "store/sqlite_db.hpp"

#include <sqlite3.h>

namespace tavle::store {

Error sqlite_error(int rc, std::string_view what, std::string_view detail) {
  std::string message = std::string(what) + ": ";
  std::string code;
  switch (rc & 0xff) {
    case SQLITE_FULL:
      code = "disk_full";
      message += "the disk is full (or the database reached its size limit)";
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = "read_only";
      message += "the database or its directory is read-only";
      break;
    case SQLITE_CANTOPEN:
      code = "cannot_open";
      message += "cannot open or create the file (does the directory exist, and may Tavle write to it?)";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = "corrupt";
      message += "the file is damaged or is not a Tavle database";
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = "busy";
      message += "the database is in use by another program (is another Tavle writing to it?)";
      break;
    case SQLITE_IOERR:
      code = "io";
      message += "the disk reported an input/output error";
      break;
    default:
      code = "storage";
      message += sqlite3_errstr(rc);
  }
  if (!detail.empty()) message += " (" + std::string(detail) + ")";
  return Error{code, message};
}

Connection::~Connection() { close(); }

std::string key_pragma(const std::string& key_hex, const std::string& schema) {
  const std::string prefix = schema.empty() ? "" : schema + ".";
  return "PRAGMA " + prefix + "key = \"x'" + key_hex + "'\"; PRAGMA " + prefix +
         "cipher_page_size = " + std::to_string(kCipherPageSize) + ";";
}

std::optional<Error> Connection::open(const std::string& path, int flags, const std::string& key_hex) {
  close();
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(rc, "opening " + path, db_ ? sqlite3_errmsg(db_) : "");
    close();
    return e;
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  // The key must be the first statement; SQLCipher checks it at the first read.
  if (!key_hex.empty())
    if (auto e = exec(key_pragma(key_hex).c_str(), "giving the database its key")) {
      close();
      return e;
    }
  return std::nullopt;
}

void Connection::close() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

std::optional<Error> Connection::exec(const char* sql, std::string_view what) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return std::nullopt;
  Error e = sqlite_error(rc, what, message ? message : "");
  sqlite3_free(message);
  return e;
}

Error Connection::last_error(std::string_view what) const {
  return sqlite_error(sqlite3_extended_errcode(db_), what, sqlite3_errmsg(db_));
}

Statement::Statement(Connection& c, const char* sql) : connection_(c) {
  if (sqlite3_prepare_v2(c.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) {
    prepare_error_ = c.last_error("preparing a query");
    error_ = prepare_error_;
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  if (stmt_) sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (stmt_) sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

bool Statement::step() {
  if (!stmt_) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) error_ = connection_.last_error("reading or writing the database");
  return false;
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

void Statement::reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (!prepare_error_) error_.reset();
}

Transaction::Transaction(Connection& c) : connection_(c) {
  begin_error_ = c.exec("BEGIN IMMEDIATE", "starting a transaction");
  open_ = !begin_error_;
}

Transaction::~Transaction() {
  if (open_) connection_.exec("ROLLBACK", "rolling back");
}

std::optional<Error> Transaction::commit() {
  if (!open_) return begin_error_ ? begin_error_ : Error{"storage", "transaction already ended"};
  auto e = connection_.exec("COMMIT", "committing");
  if (!e) open_ = false;
  // On failure the destructor rolls back, so nothing half-written stays.
  return e;
}

}  // namespace tavle::store
