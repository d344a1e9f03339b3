// The app's outbox: the unsent work of a meeting it joined over the network, kept
// on disk while there is any, so that closing the app (or losing it) while offline
// loses nothing. The next join of the same meeting from this computer takes it up,
// sends it once the host's snapshot shows the same meeting, and the file goes when
// the host has answered every op (docs/reliability.md, "The app offline").
// The tablet keeps its outbox in the page's storage (assets/web/connection.js).
//
// One file per meeting address, name and role, in DATA/unsent/ (DATA: the app's
// data directory, store/data_dir.hpp), written with the one safe file writer
// (files/safe_file.hpp), mode 0600 in a 0700 directory: it holds a piece of the
// family's board and the rejoin token.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "net/replica.hpp"

namespace tavle::session {

// Where the work of joining `address` as `name` in `role` is kept; empty when there
// is no data directory (then nothing is kept).
std::string outbox_path(const std::string& address, const std::string& name, const std::string& role);

// Writes `work` (atomically, 0600), or removes the file when it holds no ops.
std::optional<Error> write_outbox(const std::string& path, const net::UnsentWork& work);
// The work kept at `path`; nullopt when there is none. A file that does not read
// back whole is left where it is (renamed *.unreadable) and reported, never half used.
std::optional<net::UnsentWork> read_outbox(const std::string& path, std::optional<Error>* problem = nullptr);

}  // namespace tavle::session
