// issue 18: `tavle server`'s meetings (docs/server.md): the net::MeetingLibrary of a
// store (a data directory's SQLite, or PostgreSQL through `db_url`), each meeting
// loaded by the one hosting function (attach_stored_meeting) with codes of its own.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "board/error.hpp"
#include "net/server.hpp"
#include "session/hosting.hpp"

namespace tavle::session {

// A meeting's own codes on a server: the room's code, the professional code and the
// facilitator key, kept in the store with the meeting (store/meeting_codes.cpp), so
// every server sharing the database admits with the same ones, a meeting unloaded
// and loaded again keeps them, and a `new_code` stays new.
using MeetingCodes = store::MeetingCodes;
// Reads meeting `meeting_id`'s codes from `s`, making and keeping new ones the first
// time. A DIR/meetings/ID.codes file an earlier Tavle kept in `data_dir` is taken into
// the store once (when the store has none for the meeting) and then removed.
std::optional<Error> meeting_codes(store::Store& s, const std::string& data_dir, const std::string& meeting_id,
                                   MeetingCodes& out);
// The same, on a connection of its own to the store at `place`.
std::optional<Error> meeting_codes(const StorePlace& place, const std::string& meeting_id, MeetingCodes& out);

// The server's meetings in the store `place`. `meeting` is what every meeting starts
// from (limits, the security log); its codes come from meeting_codes().
std::unique_ptr<net::MeetingLibrary> stored_meetings(StorePlace place, net::MeetingConfig meeting,
                                                     std::string hosted_by);

}  // namespace tavle::session
