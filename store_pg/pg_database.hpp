// PostgreSQL as the Store's database (store/database.hpp), through libpq: one
// connection, every value a bound parameter (PQexecParams, typed: text or bigint),
// Store's `?`/`?N` placeholders turned into PostgreSQL's `$N`. docs/server.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "board/error.hpp"
#include "store/database.hpp"

struct pg_conn;

namespace tavle::store_pg {

// True for the URLs --db takes as PostgreSQL: postgresql://... or postgres://...
bool is_postgresql_url(const std::string& url);

// The connection options libpq gets for `url` (its own URL parser): as written,
// plus Tavle's defaults where the URL says nothing: sslmode=verify-full for a
// server on another machine (family data never crosses a network in clear, and
// the server's certificate is checked; PGSSLMODE, when set, is honoured instead),
// connect_timeout=10 and application_name=tavle. An sslmode in the URL is always
// kept as it is. A malformed URL gives an Error that never repeats a password.
std::optional<Error> connection_options(const std::string& url, std::vector<std::pair<std::string, std::string>>& out);

// The SQL `sql` (Store's dialect, `?` and `?N`) with PostgreSQL's `$N`; `count` is
// the highest parameter number. Text in '...' is left as it is.
std::string numbered_parameters(const std::string& sql, int& count);

class PgDatabase : public store::Database {
 public:
  ~PgDatabase() override;
  // Connects; every transaction commits synchronously (synchronous_commit = on for
  // this session, whatever the server's default), so a committed op is on disk.
  static std::optional<Error> connect(const std::string& url, std::unique_ptr<PgDatabase>& out);

  // Outside a transaction, a connection the server or the network cut is made anew
  // first (PQreset, synchronous_commit again, its leases taken again): a restarted
  // PostgreSQL or a network blip costs the next statement a reconnect, not the host
  // its journal. Inside a transaction never: its statements would run outside it;
  // they fail instead, and the transaction with them (docs/server.md "Reconnecting").
  // A lease another connection took meanwhile is lost for good: every later
  // transaction is refused ("lease_lost"), so two servers never write one meeting.
  std::unique_ptr<store::DbQuery> prepare(const char* sql) override;
  std::optional<Error> begin() override;
  std::optional<Error> commit() override;
  void rollback() override;
  std::optional<Error> lock_access_log() override;
  std::optional<Error> take_lease(const std::string& name, const std::string& holder, std::string& held_by) override;
  std::optional<Error> compact_after_erasure() override;
  std::string location() const override { return location_; }

  // A statement without parameters or rows (schema changes); `what` names it in errors.
  std::optional<Error> exec(const std::string& sql, const std::string& what);
  pg_conn* handle() const { return conn_; }

 private:
  PgDatabase() = default;
  void reconnect_if_cut();
  // Takes the advisory lock of `name`; true when this connection holds it now.
  std::optional<Error> try_lock(const std::string& name, bool& taken);
  pg_conn* conn_ = nullptr;
  bool in_transaction_ = false;
  // The leases this connection took (name, holder), taken again after a reconnect.
  std::vector<std::pair<std::string, std::string>> leases_;
  // A lease could not be taken again after a reconnect: another server may host the
  // meeting now, so this connection writes nothing more (begin() refuses).
  std::string lease_lost_;
  std::string location_;
};

}  // namespace tavle::store_pg
