// PostgreSQL's schema for the store: the SQLite store's tables (store/schema.cpp)
// in PostgreSQL's types, with migrations numbered alike. Append, never edit.
#include <array>
#include <chrono>

#include "store_pg/pg_store.hpp"

namespace tavle::store_pg {
namespace {

// Migration N brings a database from version N-1 to N, as in store/schema.cpp.
constexpr std::array<const char*, kPgSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE schema_version(version BIGINT NOT NULL, applied_at BIGINT NOT NULL);
CREATE TABLE families(
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  created BIGINT NOT NULL);
CREATE TABLE meetings(
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES families(id),
  previous_id TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL);
CREATE INDEX meetings_by_family ON meetings(family_id, created);
CREATE TABLE ops(
  meeting_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  op_id TEXT NOT NULL,
  op_json TEXT NOT NULL,
  PRIMARY KEY(meeting_id, seq));
CREATE INDEX ops_by_op_id ON ops(meeting_id, op_id);
CREATE TABLE snapshots(
  meeting_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  board_json TEXT NOT NULL,
  state_hash TEXT NOT NULL,
  PRIMARY KEY(meeting_id, seq));
)sql",
    // 2 (issue 13): the access log, hash-chained (store/access_log.hpp).
    R"sql(
CREATE TABLE access_log(
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  family_id TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT NOT NULL,
  salt TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  chain_hash TEXT NOT NULL);
CREATE INDEX access_by_family ON access_log(family_id, seq);
)sql",
    // 3 (issue 13): the rejoin tokens of each hosted meeting.
    R"sql(
CREATE TABLE rejoin_tokens(
  meeting_id TEXT NOT NULL,
  token TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY(meeting_id, token));
)sql",
    // 4 (issue 18): facilitator accounts and the families each may open.
    R"sql(
CREATE TABLE facilitators(
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created BIGINT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0,
  failed_attempts BIGINT NOT NULL DEFAULT 0,
  last_failure BIGINT NOT NULL DEFAULT 0);
CREATE TABLE facilitator_families(
  name TEXT NOT NULL REFERENCES facilitators(name),
  family_id TEXT NOT NULL REFERENCES families(id),
  granted BIGINT NOT NULL,
  PRIMARY KEY(name, family_id));
CREATE INDEX facilitator_families_by_family ON facilitator_families(family_id);
)sql",
    // 5 (issue 18): each meeting's own codes, shared by every server of the database.
    R"sql(
CREATE TABLE meeting_codes(
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
  join_code TEXT NOT NULL,
  professional_code TEXT NOT NULL,
  facilitator_key TEXT NOT NULL);
)sql",
};

// A migration added to the SQLite store (kStoreSchemaVersion) needs its PostgreSQL twin here.
static_assert(kMigrations[kPgSchemaVersion - 1] != nullptr, "store_pg: a schema version has no PostgreSQL migration");

// "TAVL", the SQLite store's application_id: the advisory lock servers take turns on.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1413567052)";

std::int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::optional<Error> migrate(PgDatabase& db) {
  store::WriteTx tx(db);
  if (tx.begin_error()) return tx.begin_error();
  if (auto e = db.exec(kMigrationLock, "waiting for another server's schema upgrade")) return e;
  store::Query tables(db,
                      "SELECT count(*), count(*) FILTER (WHERE table_name = 'schema_version') FROM "
                      "information_schema.tables WHERE table_schema = current_schema()");
  if (!tables.step()) return tables.error() ? tables.error() : Error{"storage", "cannot list the database's tables"};
  const std::int64_t all = tables.integer(0), ours = tables.integer(1);
  std::int64_t version = 0;
  if (ours == 0 && all > 0)
    return Error{"corrupt", db.location() + ": the database holds tables of another program and no Tavle schema. "
                                            "Tavle has not changed it; give Tavle a database of its own"};
  if (ours) {
    store::Query v(db, "SELECT coalesce(max(version), 0) FROM schema_version");
    if (!v.step()) return v.error() ? v.error() : Error{"storage", "cannot read the schema version"};
    version = v.integer(0);
  }
  if (version > kPgSchemaVersion)
    return Error{"corrupt", db.location() + ": the database was made by a newer Tavle (schema " +
                                std::to_string(version) + ", this program knows up to " +
                                std::to_string(kPgSchemaVersion) + "). Tavle has not changed it"};
  for (std::int64_t v = version + 1; v <= kPgSchemaVersion; ++v) {
    if (auto e = db.exec(kMigrations[static_cast<std::size_t>(v - 1)], "upgrading the database schema")) return e;
    store::Query record(db, "INSERT INTO schema_version(version, applied_at) VALUES(?, ?)");
    record.bind(1, v).bind(2, now_millis()).step();
    if (record.error()) return record.error();
  }
  return tx.commit();
}

std::optional<Error> open_store(const std::string& url, std::unique_ptr<store::Store>& out) {
  std::unique_ptr<PgDatabase> db;
  if (auto e = PgDatabase::connect(url, db)) return e;
  if (auto e = migrate(*db)) return e;
  out = store::Store::over(std::move(db));
  return std::nullopt;
}

}  // namespace tavle::store_pg
