// The wire vocabulary of docs/protocol.md: roles, audiences and the JSON text of
// every host message. Encoding lives here so the meeting, the sessions and the
// client all agree on one spelling.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle::net {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxClientIdBytes = 48;

// One encoded message, shared by every connection it is queued on.
using Frame = std::shared_ptr<const std::string>;

enum class Role { Facilitator, Professional, Family, Viewer };

std::string_view name_of(Role);
std::optional<Role> role_from(std::string_view);
// The audience a role's connection receives (viewers see what the family sees).
Audience audience_of(Role);
std::string_view audience_name(Audience);

// A client's connection to the host, as net::Client reports it and the app shows it.
enum class ConnectionState { Connecting, Connected, Reconnecting, Offline };
std::string_view name_of(ConnectionState);

// Someone connected to the meeting and what they are doing: the one form the host
// sends, the client keeps and the app draws.
struct PresenceEntry {
  std::string participant_id;
  std::string name;
  Role role = Role::Viewer;
  std::string editing;  // card id; empty = not editing
  std::uint64_t connection = 0;  // the host's number for the connection (the facilitator may remove it)
};

struct Hello {
  int protocol = 0;
  std::string code;
  std::string name;
  Role role = Role::Viewer;
  std::string client_id;
  std::uint64_t last_seq = 0;
  std::string participant_id;
  std::string facilitator_key;
  std::string professional_code;  // role professional: admitted at once with the right one
  std::string token;              // the rejoin token a previous welcome gave
  // Role family only: who they are in the family's circle, for the participant the
  // host adds (the plan and the minutes name the child as the child).
  ParticipantRole family_role = ParticipantRole::Parent;
};

// Reads a hello message; the error's code is a protocol error code.
std::optional<Error> hello_from_json(const nlohmann::json&, Hello& out);
nlohmann::json to_json(const Hello&);

// The JSON dump used on the wire: invalid UTF-8 is replaced, never thrown on.
std::string wire_text(const nlohmann::json&);

// What piled up while the last frame was on the wire leaves as one frame: a JSON
// array of the messages (protocol: a frame may carry an array), taken off the front
// of `queue`, at most `max_messages` and, after the first, only while the frame stays
// under `max_bytes`. `text_of(element)` is the message's text. Returns how many it
// took. The one gatherer of the host's connections, net::Client and tavle-bench's
// sender; a lone message is sent as it is, without it.
template <class Queue, class TextOf>
std::size_t gather_array_frame(Queue& queue, std::string& frame, std::size_t max_messages, std::size_t max_bytes,
                               TextOf&& text_of) {
  frame.clear();
  frame += '[';
  std::size_t taken = 0;
  while (!queue.empty() && taken < max_messages) {
    const std::string& text = text_of(queue.front());
    if (taken > 0 && frame.size() + text.size() >= max_bytes) break;
    if (taken > 0) frame += ',';
    frame += text;
    queue.pop_front();
    ++taken;
  }
  frame += ']';
  return taken;
}
Frame make_frame(const nlohmann::json&);

Frame encode_op(std::uint64_t seq, const Op&);
Frame encode_ack(const std::string& op_id, std::uint64_t seq);
Frame encode_reject(const std::string& op_id, const Error&);
Frame encode_snapshot(std::uint64_t seq, const Board& view, std::string_view reason,
                      const std::deque<std::string>& acked = {});
Frame encode_error(const std::string& code, const std::string& message, bool fatal);
// With `family_view`, a card being edited is named only when that board shows it
// to family and viewers (live and not professional-only).
Frame encode_presence(const std::vector<PresenceEntry>&, const Board* family_view = nullptr);
nlohmann::json presence_json(const std::vector<PresenceEntry>&, const Board* family_view = nullptr);

}  // namespace tavle::net
