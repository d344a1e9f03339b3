// issue 18: the address a person types or pastes to join a meeting (docs/protocol.md,
// "One server, many meetings"): a host's "HOST:PORT", a server meeting's
// "HOST:PORT/m/ID", or the link the family gets, "https://HOST:PORT/m/ID/#code=...".
// One reader for the app's join form and `tavle join`; strict, because what it
// accepts becomes a connection and a file name for the unsent work.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"

namespace tavle::net {

struct MeetingAddress {
  std::string host;        // a name, an IPv4 address, or an IPv6 address (without its brackets)
  unsigned short port = 0;
  std::string meeting_id;  // a server's meeting (valid_meeting_id); empty: a host's one meeting
  std::string code;        // the room's code when the link carried one (#code=...), else empty
  // "HOST:PORT" or "HOST:PORT/m/ID" ("[::1]:PORT..." for IPv6): one spelling per meeting.
  std::string text() const;
};

inline constexpr std::size_t kMaxMeetingAddressBytes = 512;

// Reads `typed`: spaces around it are ignored; "https://" or "http://" may lead it
// (then the port may be left out: 443 and 80); after HOST:PORT only "/", "/m/ID" or
// "/m/ID/" may follow, then an optional "#code=DIGITS" fragment (the tablet link's).
// Anything else (another scheme, user@, a query, a bad or escaped id, "..", a port
// out of range, more than kMaxMeetingAddressBytes) is an Error "invalid" whose
// message says what was expected.
std::optional<Error> parse_meeting_address(std::string_view typed, MeetingAddress& out);

}  // namespace tavle::net
