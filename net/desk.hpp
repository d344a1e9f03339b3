// issue 18: facilitators on a server (docs/protocol.md, "Facilitators on a server").
// A facilitator's app signs in at wss://HOST:PORT/facilitator, lists the families it
// may open with their meetings, starts or opens one and receives what it needs to
// lead it (the meeting's id and facilitator key, over TLS only). One request per
// connection: the app sends one message and the server answers it and closes.
// These are the answers' contents, written by the server and read by the app.
#pragma once

#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"

namespace tavle::net {

inline constexpr std::string_view kDeskPath = "/facilitator";

struct DeskMeeting {
  std::string id;
  Millis created = 0;
  std::string starts_at;  // "YYYY-MM-DDTHH:MM" as agreed, or empty
  std::uint64_t changes = 0;
};

struct DeskFamily {
  std::string id;
  std::string label;
  std::string next_meeting;           // what the family's last meeting agreed on; empty: not agreed
  std::vector<DeskMeeting> meetings;  // oldest first
};

// A signed-in app's account: its name, and the stamp of its password at sign-in
// (the library's; store::FacilitatorAccount::stamp). A request whose stamp is no
// longer the account's (a new password since) is answered "signed_out".
struct DeskAccount {
  std::string name;
  std::string stamp;
};

// A meeting a signed-in facilitator may now lead: it joins /m/ID/ws as facilitator
// with this key; the codes are the ones the meeting shows (the room's code on the projector).
struct DeskOpened {
  std::string meeting_id;
  std::string family_id;
  std::string facilitator_key;
  std::string join_code;
  std::string professional_code;
};

nlohmann::json to_json(const std::vector<DeskFamily>&);
nlohmann::json to_json(const DeskOpened&);
// What the app reads back; a malformed answer is an error, never a crash.
std::optional<Error> parse_families(const nlohmann::json&, std::vector<DeskFamily>& out);
std::optional<Error> parse_opened(const nlohmann::json&, DeskOpened& out);

}  // namespace tavle::net
