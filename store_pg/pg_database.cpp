// [SECTION] connection options
// [SECTION] errors
// [SECTION] statements
// [SECTION] the connection
#include "store_pg/pg_database.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

namespace tavle::store_pg {

// ---------------------------------------------------------------------------
// [SECTION] connection options
// ---------------------------------------------------------------------------

bool is_postgresql_url(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

namespace {

// libpq's messages end in a newline; ours put them mid-sentence.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// A host on this machine: a Unix socket directory, localhost or a loopback address.
bool is_local_host(const std::string& host) {
  if (host.empty() || host[0] == '/' || host[0] == '@') return true;
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

bool all_local(const std::string& hosts) {
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = hosts.find(',', start);
    if (!is_local_host(hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start))) return false;
    if (comma == std::string::npos) return true;
    start = comma + 1;
  }
}

}  // namespace

std::optional<Error> connection_options(const std::string& url, std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  if (!is_postgresql_url(url)) return Error{"usage", "--db takes a URL postgresql://USER@HOST/DATABASE"};
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    const std::string why = trimmed(message ? message : "libpq could not read it (out of memory?)");
    PQfreemem(message);
    return Error{"usage", "--db: not a PostgreSQL URL Tavle can use: " + why};
  }
  std::string host, hostaddr;
  bool has_sslmode = false, has_timeout = false, has_name = false;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string key = o->keyword;
    out.emplace_back(key, o->val);
    if (key == "host") host = o->val;
    if (key == "hostaddr") hostaddr = o->val;
    has_sslmode |= key == "sslmode";
    has_timeout |= key == "connect_timeout";
    has_name |= key == "application_name";
  }
  PQconninfoFree(options);
  // No host in the URL: libpq's default, PGHOST or the Unix socket; hostaddr wins over host.
  if (host.empty() && hostaddr.empty()) {
    const char* env_host = std::getenv("PGHOST");
    host = env_host ? env_host : "";
  }
  const bool local = hostaddr.empty() ? all_local(host) : all_local(hostaddr);
  if (!has_sslmode && !std::getenv("PGSSLMODE") && !local) out.emplace_back("sslmode", "verify-full");
  if (!has_timeout) out.emplace_back("connect_timeout", "10");
  if (!has_name) out.emplace_back("application_name", "tavle");
  return std::nullopt;
}

std::string numbered_parameters(const std::string& sql, int& count) {
  std::string out;
  count = 0;
  int bare = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;  // '' inside a literal toggles twice: still inside
    if (quoted || c != '?') {
      out += c;
      continue;
    }
    int n = 0;
    std::size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = ++bare;  // a bare ? is the next number, as in SQLite
    bare = std::max(bare, n);
    count = std::max(count, n);
    out += "$" + std::to_string(n);
    i = j - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] errors
// ---------------------------------------------------------------------------
namespace {

// An Error whose code says what a person can do about it, as the SQLite store's do.
Error pg_error(PGconn* conn, const PGresult* result, const std::string& what) {
  std::string detail = trimmed(result ? PQresultErrorMessage(result) : "");
  if (detail.empty() && conn) detail = trimmed(PQerrorMessage(conn));
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string code = "storage";
  if (conn && PQstatus(conn) == CONNECTION_BAD) code = "io";
  else if (sqlstate == "53100") code = "disk_full";
  else if (sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0) code = "io";
  else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") code = "busy";
  else if (sqlstate == "42501" || sqlstate == "25006") code = "read_only";
  else if (sqlstate == "23505") code = "exists";  // a unique key another connection just used
  return Error{code, what + ": " + (detail.empty() ? "the PostgreSQL server gave no reason" : detail)};
}

bool ok(const PGresult* r) {
  const ExecStatusType s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

// ---------------------------------------------------------------------------
// [SECTION] statements
// ---------------------------------------------------------------------------

// PostgreSQL's type ids for the two kinds of value Store binds (pg_type.dat; they
// never change): typed parameters keep `$2 = 0 OR at >= $2` a bigint comparison.
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

class PgQuery : public store::DbQuery {
 public:
  PgQuery(PGconn* conn, const char* sql) : conn_(conn), sql_(numbered_parameters(sql, count_)) {
    values_.resize(static_cast<std::size_t>(count_));
    types_.assign(static_cast<std::size_t>(count_), 0);
    bound_.assign(static_cast<std::size_t>(count_), false);
  }
  ~PgQuery() override { PQclear(result_); }

  void bind_text(int index, std::string_view text) override {
    if (!slot(index)) return;
    // libpq sends text parameters as C strings: a NUL would cut the value short
    // without a word, so such text is refused rather than stored in part.
    if (text.find('\0') != std::string_view::npos) {
      error_ = Error{"invalid", "text with a NUL byte cannot be stored in PostgreSQL; nothing was written"};
      return;
    }
    set(index, std::string(text), kTextOid);
  }
  void bind_integer(int index, std::int64_t value) override {
    if (slot(index)) set(index, std::to_string(value), kInt8Oid);
  }

  bool step() override {
    if (error_) return false;
    if (!executed_) {
      executed_ = true;
      std::vector<const char*> values(values_.size());
      for (std::size_t i = 0; i < values_.size(); ++i) values[i] = bound_[i] ? values_[i].c_str() : nullptr;
      result_ = PQexecParams(conn_, sql_.c_str(), count_, types_.data(), values.data(), nullptr, nullptr, 0);
      if (!result_ || !ok(result_)) {
        error_ = pg_error(conn_, result_, "reading or writing the database");
        return false;
      }
    }
    if (row_ + 1 < PQntuples(result_)) {
      ++row_;
      return true;
    }
    return false;
  }
  const std::optional<Error>& error() const override { return error_; }
  std::string text(int column) const override {
    if (!has_row(column)) return "";
    return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  std::int64_t integer(int column) const override {
    return has_row(column) ? std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10) : 0;
  }
  void reset() override {
    PQclear(result_);
    result_ = nullptr;
    executed_ = false;
    row_ = -1;
    error_.reset();
    std::fill(bound_.begin(), bound_.end(), false);
  }

 private:
  bool slot(int index) {
    if (index >= 1 && index <= count_) return true;
    error_ = Error{"storage", "parameter " + std::to_string(index) + " is not in the statement"};
    return false;
  }
  void set(int index, std::string value, Oid type) {
    values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    types_[static_cast<std::size_t>(index - 1)] = type;
    bound_[static_cast<std::size_t>(index - 1)] = true;
  }
  bool has_row(int column) const {
    return result_ && row_ >= 0 && row_ < PQntuples(result_) && column >= 0 && column < PQnfields(result_) &&
           !PQgetisnull(result_, row_, column);
  }

  PGconn* conn_;
  int count_ = 0;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::vector<bool> bound_;
  PGresult* result_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
  std::optional<Error> error_;
};

void ignore_notice(void*, const char*) {}  // the server's NOTICEs are not for the person at the host

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] the connection
// ---------------------------------------------------------------------------

PgDatabase::~PgDatabase() {
  if (conn_) PQfinish(conn_);
}

std::optional<Error> PgDatabase::connect(const std::string& url, std::unique_ptr<PgDatabase>& out) {
  std::vector<std::pair<std::string, std::string>> options;
  if (auto e = connection_options(url, options)) return e;
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : options) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  std::unique_ptr<PgDatabase> db(new PgDatabase());
  db->conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
  if (!db->conn_) return Error{"cannot_open", "cannot connect to PostgreSQL: out of memory"};
  const std::string where = std::string("postgresql://") + (PQuser(db->conn_) ? PQuser(db->conn_) : "") + "@" +
                            (PQhost(db->conn_) ? PQhost(db->conn_) : "") + ":" + (PQport(db->conn_) ? PQport(db->conn_) : "") +
                            "/" + (PQdb(db->conn_) ? PQdb(db->conn_) : "");
  db->location_ = where;
  if (PQstatus(db->conn_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(db->conn_));
    return Error{"cannot_open", "cannot connect to the PostgreSQL database " + where + ": " + why};
  }
  PQsetNoticeProcessor(db->conn_, ignore_notice, nullptr);
  if (auto e = db->exec("SET synchronous_commit = on", "making every commit durable")) return e;
  out = std::move(db);
  return std::nullopt;
}

std::optional<Error> PgDatabase::exec(const std::string& sql, const std::string& what) {
  PGresult* r = PQexec(conn_, sql.c_str());
  std::optional<Error> e;
  if (!r || !ok(r)) e = pg_error(conn_, r, what);
  PQclear(r);
  return e;
}

void PgDatabase::reconnect_if_cut() {
  if (in_transaction_ || PQstatus(conn_) != CONNECTION_BAD) return;
  PQreset(conn_);  // the same parameters; still CONNECTION_BAD when the server is not back yet
  if (PQstatus(conn_) != CONNECTION_OK) return;
  exec("SET synchronous_commit = on", "making every commit durable");
  // The cut released this connection's leases on the server: take them again, or
  // know that another server has the meeting now.
  for (const auto& [name, holder] : leases_) {
    bool taken = false;
    if (auto e = try_lock(name, taken); e || !taken) {
      lease_lost_ = name;
      continue;
    }
    PgQuery named(conn_, "SELECT set_config('application_name', ?, false)");
    named.bind_text(1, holder.substr(0, 63));
    named.step();
  }
}

std::unique_ptr<store::DbQuery> PgDatabase::prepare(const char* sql) {
  reconnect_if_cut();
  return std::make_unique<PgQuery>(conn_, sql);
}

std::optional<Error> PgDatabase::begin() {
  reconnect_if_cut();
  if (!lease_lost_.empty())
    return Error{"lease_lost", "the lease of " + lease_lost_ + " was lost while the connection to " + location_ +
                                   " was cut, and another server holds it now: nothing more is written here"};
  auto e = exec("BEGIN", "starting a transaction");
  in_transaction_ = !e;
  return e;
}

std::optional<Error> PgDatabase::commit() {
  // After a failed statement PostgreSQL answers COMMIT with ROLLBACK and no error:
  // that must not pass for a durable commit.
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR)
    return Error{"storage", "committing: a statement in the transaction failed, so nothing of it was kept"};
  auto e = exec("COMMIT", "committing");
  // Ended either way, except on a cut connection, where the server decided alone
  // (rolled back, or committed before the cut: the journal checks which).
  in_transaction_ = false;
  return e;
}

void PgDatabase::rollback() {
  exec("ROLLBACK", "rolling back");
  in_transaction_ = false;
}

std::optional<Error> PgDatabase::lock_access_log() {
  // Other servers on the same database read the chain's last link too; EXCLUSIVE
  // lets them read the log but not append until this transaction ends.
  return exec("LOCK TABLE access_log IN EXCLUSIVE MODE", "locking the access log");
}

// issue 18: a meeting's lease is a session-level advisory lock of the journal's own
// connection: PostgreSQL releases it when that connection ends (the process stopped
// or was killed). A connection that was cut takes it again when it reconnects, and
// when another server took it meanwhile it writes nothing more (reconnect_if_cut,
// "lease_lost"), so two processes never both write one meeting. The holder is named in the
// connection's application_name, which the others read from pg_stat_activity.
// Keys: (7411, hashtext(name)); two names with one hash share a lease (never two
// hosts for one meeting, at worst one meeting waiting for another's server).
std::optional<Error> PgDatabase::try_lock(const std::string& name, bool& taken) {
  PgQuery lock(conn_, "SELECT pg_try_advisory_lock(7411, hashtext(?))");
  lock.bind_text(1, name);
  if (!lock.step()) return lock.error() ? lock.error() : Error{"storage", "taking a lease: no answer"};
  taken = lock.text(0) == "t";
  return std::nullopt;
}

std::optional<Error> PgDatabase::take_lease(const std::string& name, const std::string& holder, std::string& held_by) {
  held_by.clear();
  bool taken = false;
  if (auto e = try_lock(name, taken)) return e;
  if (taken) {
    leases_.emplace_back(name, holder);
    PgQuery named(conn_, "SELECT set_config('application_name', ?, false)");
    named.bind_text(1, holder.substr(0, 63));
    named.step();
    return named.error();
  }
  PgQuery who(conn_,
              "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
              "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 7411 "
              "AND l.objid = (hashtext(?))::oid AND l.objsubid = 2 AND l.database = "
              "(SELECT oid FROM pg_database WHERE datname = current_database())");
  who.bind_text(1, name);
  held_by = who.step() ? who.text(0) : std::string();
  if (who.error()) return who.error();
  if (held_by.empty()) held_by = "another server";  // it let go meanwhile, or hides its name
  return std::nullopt;
}

std::optional<Error> PgDatabase::compact_after_erasure() {
  // DELETE leaves dead rows in the table's pages until they are reused; VACUUM FULL
  // writes the tables anew without them (docs/server.md says what it cannot reach:
  // the server's WAL files and backups).
  return exec("VACUUM FULL ops, snapshots, rejoin_tokens, meeting_codes, meetings, facilitator_families, families, access_log",
              "compacting after deleting a family");
}

}  // namespace tavle::store_pg
