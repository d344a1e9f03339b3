#include "net/protocol.hpp"

#include "board/apply.hpp"
#include "board/board_json.hpp"

namespace tavle::net {

using nlohmann::json;

std::string_view name_of(Role r) {
  switch (r) {
    case Role::Facilitator: return "facilitator";
    case Role::Professional: return "professional";
    case Role::Family: return "family";
    case Role::Viewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> role_from(std::string_view s) {
  for (Role r : {Role::Facilitator, Role::Professional, Role::Family, Role::Viewer})
    if (name_of(r) == s) return r;
  return std::nullopt;
}

Audience audience_of(Role r) {
  switch (r) {
    case Role::Facilitator: return Audience::Full;
    case Role::Professional: return Audience::Professional;
    case Role::Family:
    case Role::Viewer: return Audience::Family;
  }
  return Audience::Family;
}

std::string_view audience_name(Audience a) {
  switch (a) {
    case Audience::Full: return "full";
    case Audience::Professional: return "professional";
    case Audience::Family:
    case Audience::Projection: return "family";
  }
  return "family";
}

namespace {

std::optional<Error> read_string(const json& j, const char* key, std::string& out, bool required, std::size_t max) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Error{"bad_message", std::string("hello.") + key + ": missing"};
    return std::nullopt;
  }
  if (!it->is_string()) return Error{"bad_message", std::string("hello.") + key + ": expected a string"};
  out = it->get<std::string>();
  if (out.size() > max)
    return Error{"bad_message", std::string("hello.") + key + ": at most " + std::to_string(max) + " bytes"};
  return std::nullopt;
}

}  // namespace

std::optional<Error> hello_from_json(const json& j, Hello& out) {
  Hello h;
  auto proto = j.find("protocol");
  if (proto == j.end() || !proto->is_number_integer()) return Error{"bad_message", "hello.protocol: expected an integer"};
  h.protocol = proto->get<int>();
  if (h.protocol != kProtocolVersion)
    return Error{"protocol_version", "this host speaks protocol version " + std::to_string(kProtocolVersion) +
                                         ", the client sent " + std::to_string(h.protocol)};
  std::string role;
  if (auto e = read_string(j, "code", h.code, true, 64)) return e;
  if (auto e = read_string(j, "name", h.name, true, kMaxNameBytes)) return e;
  if (h.name.empty()) return Error{"bad_message", "hello.name: must not be empty"};
  if (auto e = read_string(j, "role", role, true, 32)) return e;
  auto parsed = role_from(role);
  if (!parsed) return Error{"forbidden_role", "hello.role: expected facilitator, professional, family or viewer"};
  h.role = *parsed;
  if (auto e = read_string(j, "client_id", h.client_id, true, kMaxClientIdBytes)) return e;
  if (auto e = check_id(h.client_id, "hello.client_id")) return Error{"bad_message", e->message};
  auto last = j.find("last_seq");
  if (last == j.end() || !last->is_number_unsigned()) return Error{"bad_message", "hello.last_seq: expected an integer >= 0"};
  h.last_seq = last->get<std::uint64_t>();
  if (auto e = read_string(j, "participant_id", h.participant_id, false, 64)) return e;
  if (auto e = read_string(j, "facilitator_key", h.facilitator_key, false, 64)) return e;
  if (auto e = read_string(j, "professional_code", h.professional_code, false, 64)) return e;
  if (auto e = read_string(j, "token", h.token, false, 64)) return e;
  if (j.contains("family_role") && !j.at("family_role").is_null()) {
    std::string family_role;
    if (auto e = read_string(j, "family_role", family_role, true, 32)) return e;
    const auto parsed_family_role = participant_role_from(family_role);
    if (h.role != Role::Family) return Error{"bad_message", "hello.family_role: only with role family"};
    if (!parsed_family_role || *parsed_family_role == ParticipantRole::Professional)
      return Error{"bad_message", "hello.family_role: expected parent, child or private_network"};
    h.family_role = *parsed_family_role;
  }
  out = std::move(h);
  return std::nullopt;
}

json to_json(const Hello& h) {
  json j{{"type", "hello"},       {"protocol", h.protocol},        {"code", h.code},
         {"name", h.name},        {"role", std::string(name_of(h.role))}, {"client_id", h.client_id},
         {"last_seq", h.last_seq}};
  if (!h.participant_id.empty()) j["participant_id"] = h.participant_id;
  if (!h.facilitator_key.empty()) j["facilitator_key"] = h.facilitator_key;
  if (!h.professional_code.empty()) j["professional_code"] = h.professional_code;
  if (!h.token.empty()) j["token"] = h.token;
  if (h.role == Role::Family && h.family_role != ParticipantRole::Parent)
    j["family_role"] = std::string(name_of(h.family_role));
  return j;
}

std::string wire_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Frame make_frame(const json& j) { return std::make_shared<const std::string>(wire_text(j)); }

Frame encode_op(std::uint64_t seq, const Op& op) {
  return make_frame(json{{"type", "op"}, {"seq", seq}, {"op", to_json(op)}});
}

Frame encode_ack(const std::string& op_id, std::uint64_t seq) {
  return make_frame(json{{"type", "ack"}, {"op_id", op_id}, {"seq", seq}});
}

Frame encode_reject(const std::string& op_id, const Error& e) {
  return make_frame(json{{"type", "reject"}, {"op_id", op_id}, {"code", e.code}, {"message", e.message}});
}

Frame encode_snapshot(std::uint64_t seq, const Board& view, std::string_view reason,
                      const std::deque<std::string>& acked) {
  json j{{"type", "snapshot"}, {"seq", seq}, {"board", to_json(view)}, {"reason", reason}};
  if (!acked.empty()) j["acked"] = acked;
  return make_frame(j);
}

Frame encode_error(const std::string& code, const std::string& message, bool fatal) {
  return make_frame(json{{"type", "error"}, {"code", code}, {"message", message}, {"fatal", fatal}});
}

json presence_json(const std::vector<PresenceEntry>& entries, const Board* family_view) {
  json clients = json::array();
  for (const PresenceEntry& p : entries) {
    bool named = !p.editing.empty();
    if (named && family_view) {
      const Card* card = family_view->find_card(p.editing);
      named = card && !card->deleted && !card->professional_only;
    }
    clients.push_back({{"participant_id", p.participant_id},
                       {"name", p.name},
                       {"role", std::string(name_of(p.role))},
                       {"connection", p.connection},
                       {"editing", named ? json(p.editing) : json(nullptr)}});
  }
  return json{{"clients", clients}};
}

Frame encode_presence(const std::vector<PresenceEntry>& entries, const Board* family_view) {
  json j = presence_json(entries, family_view);
  j["type"] = "presence";
  return make_frame(j);
}

}  // namespace tavle::net
