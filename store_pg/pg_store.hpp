// A Store on a PostgreSQL server (docs/server.md): `tavle host --db postgresql://...`.
// The same families, meetings, op journal, snapshots, continuity and access log as
// the SQLite store (store/store.hpp), in a database the municipality runs.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "board/error.hpp"
#include "store/store.hpp"
#include "store_pg/pg_database.hpp"

namespace tavle::store_pg {

// PostgreSQL's schema version: the same numbers as the SQLite store's, one
// migration each (store_pg/pg_schema.cpp).
inline constexpr int kPgSchemaVersion = store::kStoreSchemaVersion;

// Brings the database's schema up to date: refuses a database that holds other
// tables but no Tavle schema, or one made by a newer Tavle, and changes nothing then.
// Servers starting at once take turns (an advisory lock).
std::optional<Error> migrate(PgDatabase& db);

// Connects to `url` (postgresql://USER@HOST/DATABASE, sslmode as written: see
// connection_options), brings the schema up to date and gives the Store.
std::optional<Error> open_store(const std::string& url, std::unique_ptr<store::Store>& out);

}  // namespace tavle::store_pg
