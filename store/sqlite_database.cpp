// SQLite (SQLCipher) as the Store's database (store/database.hpp): statements are
// Statement, transactions BEGIN IMMEDIATE (one writer at a time, so the access
// log's chain needs no further lock), erasure's residue gone by VACUUM and a
// truncated WAL.
#include "store/sqlite_db.hpp"

#include <sqlite3.h>

namespace tavle::store {
namespace {

class SqliteQuery : public DbQuery {
 public:
  SqliteQuery(Connection& c, const char* sql) : statement_(c, sql) {}
  void bind_text(int index, std::string_view text) override { statement_.bind(index, text); }
  void bind_integer(int index, std::int64_t value) override { statement_.bind(index, value); }
  bool step() override { return statement_.step(); }
  const std::optional<Error>& error() const override { return statement_.error(); }
  std::string text(int column) const override { return statement_.text(column); }
  std::int64_t integer(int column) const override { return statement_.integer(column); }
  void reset() override { statement_.reset(); }

 private:
  Statement statement_;
};

}  // namespace

std::unique_ptr<DbQuery> SqliteDatabase::prepare(const char* sql) {
  return std::make_unique<SqliteQuery>(connection_, sql);
}

std::optional<Error> SqliteDatabase::begin() { return connection_.exec("BEGIN IMMEDIATE", "starting a transaction"); }

std::optional<Error> SqliteDatabase::commit() { return connection_.exec("COMMIT", "committing"); }

void SqliteDatabase::rollback() { connection_.exec("ROLLBACK", "rolling back"); }

// secure_delete zeroes freed content; VACUUM rewrites the file without free pages;
// the checkpoint copies that into the main file and empties the WAL, which would
// otherwise still hold the old pages.
std::optional<Error> SqliteDatabase::compact_after_erasure() {
  if (auto e = connection_.exec("VACUUM", "compacting the database after deleting a family")) return e;
  Statement checkpoint(connection_, "PRAGMA wal_checkpoint(TRUNCATE)");
  if (checkpoint.step() && checkpoint.integer(0) != 0)
    return Error{"busy", "the family is deleted, but another program is reading the database, so its old pages "
                         "are still in the write-ahead log; close the other Tavle and delete again"};
  return checkpoint.error();
}

}  // namespace tavle::store
