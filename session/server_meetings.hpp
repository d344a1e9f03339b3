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
// facilitator key, kept in DIR/meetings/ID.codes (mode 0600, key = value lines) so a
// meeting unloaded and loaded again keeps them, and a `new_code` stays new.
struct MeetingCodes {
  std::string join_code;
  std::string professional_code;
  std::string facilitator_key;
};
// Reads meeting `meeting_id`'s codes, making and keeping new ones the first time.
// `path` (optional) says where they are kept.
std::optional<Error> meeting_codes(const std::string& data_dir, const std::string& meeting_id, MeetingCodes& out,
                                   std::string* path = nullptr);

// The server's meetings in the store `place`. `meeting` is what every meeting starts
// from (limits, the security log); its codes come from meeting_codes().
std::unique_ptr<net::MeetingLibrary> stored_meetings(StorePlace place, net::MeetingConfig meeting,
                                                     std::string hosted_by);

}  // namespace tavle::session
