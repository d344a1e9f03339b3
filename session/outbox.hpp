// The app's outbox: the unsent work of a meeting it joined over the network, kept
// on disk while there is any, so that closing the app (or losing it) while offline
// loses nothing. The next join of the same meeting from this computer takes it up,
// sends it once the host's snapshot shows the same meeting, and the file goes when
// the host has answered every op (docs/reliability.md, "The app offline").
// The tablet keeps its outbox in the page's storage (assets/web/connection.js).
//
// One file per meeting address, name and role, in DATA/unsent/ (DATA: the app's
// data directory, store/data_dir.hpp), written with the one safe file writer
// (files/safe_file.hpp), mode 0600 in a 0700 directory. It holds a piece of the
// family's board, the professional's unsent notes and the rejoin token, on a
// laptop that can be lost: it is sealed with the store's database key
// (store/sealed.hpp, AES-256-GCM), never written in the clear.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "net/replica.hpp"

namespace tavle::session {

struct OutboxPlace {
  std::string path;     // empty: nothing is kept on disk (unsent work lives in memory only)
  std::string key_hex;  // the database key the file is sealed with
  std::string problem;  // why nothing is kept, when there is a data directory but no key
};

// Where the work of joining `address` as `name` in `role` is kept and the key that
// seals it: the store's key (store::find_database_key with `key_file`, as the app
// opens its store). No data directory, or no key: a place with an empty path.
OutboxPlace outbox_place(const std::string& address, const std::string& name, const std::string& role,
                         const std::string& key_file = "");

// Seals and writes `work` (atomically, 0600), or removes the file when it holds no ops.
std::optional<Error> write_outbox(const OutboxPlace& place, const net::UnsentWork& work);
// The work kept at the place; nullopt when there is none. A file that does not open
// with the key or does not read back whole is left where it is (renamed *.unreadable)
// and reported, never half used.
std::optional<net::UnsentWork> read_outbox(const OutboxPlace& place, std::optional<Error>* problem = nullptr);

}  // namespace tavle::session
