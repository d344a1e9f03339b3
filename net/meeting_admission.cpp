// [SECTION] who may come in without asking: capacity per address, put-out devices
// [SECTION] the waiting list: ask, admit, refuse
// [SECTION] putting someone out
// [SECTION] codes and rejoin tokens
#include "board/apply.hpp"
#include "net/meeting.hpp"
#include "net/secrets.hpp"

namespace tavle::net {

using nlohmann::json;

namespace {

bool loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

std::optional<std::uint64_t> number_field(const json& message, const char* key) {
  auto it = message.find(key);
  if (it == message.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}

}  // namespace

// [SECTION] who may come in without asking: capacity per address, put-out devices

bool Meeting::address_has_room(const std::string& address) const {
  if (config_.loopback_exempt && loopback(address)) return true;
  std::size_t count = 0;
  for (const auto& [id, m] : members_) count += m.peer->address() == address;
  for (const auto& [id, w] : waiting_) count += w.peer->address() == address;
  return count < config_.max_per_address;
}

// A device the facilitator put out comes back only through the waiting list.
bool Meeting::needs_admission(const Peer& peer, const Hello& h) const {
  const bool from_address = !loopback(peer.address()) && removed_addresses_.count(peer.address()) > 0;
  return from_address || removed_clients_.count(h.client_id) > 0;
}

// [SECTION] the waiting list: ask, admit, refuse

void Meeting::wait_for_admission(Peer& peer, const Hello& h) {
  if (waiting_.size() >= config_.max_waiting)
    return refuse(peer, "meeting_full", "too many people are waiting to be let in; try again soon", false);
  const std::uint64_t id = next_member_id_++;
  waiting_[id] = Waiting{&peer, id, h};
  waiting_ids_[&peer] = id;
  log("waiting", peer.address(), "role=" + std::string(name_of(h.role)) + " request=" + std::to_string(id));
  peer.deliver(make_frame(json{{"type", "waiting"}, {"request_id", id}}));
  send_admission_list();
}

// Every facilitator connection gets the whole list on each change.
void Meeting::send_admission_list() {
  json requests = json::array();
  for (const auto& [id, w] : waiting_) {
    json r{{"request_id", id},
           {"name", w.hello.name},
           {"role", std::string(name_of(w.hello.role))},
           {"address", w.peer->address()}};
    // Who it says it was before; the facilitator decides whether to believe it.
    const Participant* p = w.hello.participant_id.empty() ? nullptr : board_.find_participant(w.hello.participant_id);
    if (p && !p->removed) r["participant_id"] = p->id;
    requests.push_back(std::move(r));
  }
  const Frame frame = make_frame(json{{"type", "admission"}, {"requests", std::move(requests)}});
  for (auto& [id, m] : members_)
    if (m.role == Role::Facilitator && m.welcomed) m.peer->deliver(frame);
}

void Meeting::admit(Member& facilitator, const json& message) {
  const auto request = number_field(message, "request_id");
  auto it = request ? waiting_.find(*request) : waiting_.end();
  if (it == waiting_.end())
    return facilitator.peer->deliver(encode_error("not_found", "admit.request_id: nobody is waiting with that number", false));
  const auto as = message.find("as");
  const auto role = as != message.end() && as->is_string() ? role_from(as->get<std::string>()) : std::nullopt;
  if (!role || *role == Role::Facilitator)
    return facilitator.peer->deliver(encode_error("bad_message", "admit.as: expected professional, family or viewer", false));
  // The facilitator may let them act as an existing participant of the same kind.
  std::string participant;
  if (auto pid = message.find("participant_id"); pid != message.end() && pid->is_string() && *role != Role::Viewer) {
    const Participant* p = board_.find_participant(pid->get<std::string>());
    const bool professional = p && p->role == ParticipantRole::Professional;
    if (!p || p->removed || professional != (*role == Role::Professional))
      return facilitator.peer->deliver(
          encode_error("not_found", "admit.participant_id: no such participant of that kind on the board", false));
    participant = p->id;
  }
  Waiting w = std::move(it->second);
  waiting_.erase(it);
  waiting_ids_.erase(w.peer);
  removed_clients_.erase(w.hello.client_id);
  removed_addresses_.erase(w.peer->address());
  log("admitted", w.peer->address(), "role=" + std::string(name_of(*role)) + " request=" + std::to_string(w.id) +
                                         " by=" + std::to_string(facilitator.id));
  join(*w.peer, w.hello, *role, participant, "");
  send_admission_list();
}

void Meeting::refuse_request(Member& facilitator, const json& message) {
  const auto request = number_field(message, "request_id");
  auto it = request ? waiting_.find(*request) : waiting_.end();
  if (it == waiting_.end())
    return facilitator.peer->deliver(encode_error("not_found", "refuse.request_id: nobody is waiting with that number", false));
  Peer& peer = *it->second.peer;
  waiting_ids_.erase(&peer);
  waiting_.erase(it);
  log("refused_by_facilitator", peer.address(), "by=" + std::to_string(facilitator.id));
  peer.deliver(encode_error("refused", "the facilitator did not let this device in", true));
  peer.close_after_flush();
  send_admission_list();
}

// [SECTION] putting someone out

void Meeting::remove(Member& facilitator, const json& message) {
  const auto connection = number_field(message, "connection");
  auto it = connection ? members_.find(*connection) : members_.end();
  if (it == members_.end())
    return facilitator.peer->deliver(encode_error("not_found", "remove.connection: no such connection", false));
  if (it->first == facilitator.id)
    return facilitator.peer->deliver(encode_error("bad_message", "remove.connection: that is your own connection", false));
  const auto also = message.find("participant");
  const bool participant_too = also != message.end() && also->is_boolean() && also->get<bool>();
  const std::string participant = it->second.presence.participant_id;
  const std::string token = it->second.token;
  // Every connection acting as that participant goes (a viewer: only this one).
  std::vector<Peer*> out;
  for (auto& [id, m] : members_)
    if (id == it->first || (!participant.empty() && m.presence.participant_id == participant && id != facilitator.id))
      out.push_back(m.peer);
  revoke_tokens(participant, token);
  const Frame notice = encode_error("removed", "the facilitator has taken this device out of the meeting", true);
  for (Peer* peer : out) {
    if (!loopback(peer->address())) removed_addresses_.insert(peer->address());
    removed_clients_.insert(members_.at(member_ids_.at(peer)).client_id);
    log("removed", peer->address(), "connection=" + std::to_string(member_ids_.at(peer)) +
                                        " by=" + std::to_string(facilitator.id));
    peer->deliver(notice);
    peer->close_after_flush();
    leave(*peer);  // from now on it receives nothing of the board
  }
  if (participant_too && !participant.empty() && participant != facilitator.presence.participant_id) {
    Op op;
    op.id = "host:" + std::to_string(seq_ + 1);
    op.author = "host";
    op.at = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
    op.kind = OpKind::RemoveParticipant;
    op.target = participant;
    if (auto e = accept(op, 0)) facilitator.peer->deliver(encode_error(e->code, e->message, false));
  }
}

// [SECTION] codes and rejoin tokens

// The facilitator's own screen shows both codes; never the projection or the QR code.
void Meeting::send_codes(Member& m) {
  m.peer->deliver(make_frame(
      json{{"type", "codes"}, {"code", config_.join_code}, {"professional_code", config_.professional_code}}));
}

void Meeting::new_code(Member& facilitator) {
  config_.join_code = random_join_code();
  if (!config_.professional_code.empty()) config_.professional_code = random_professional_code();
  failures_->overall.clear();
  if (config_.codes_changed) config_.codes_changed(config_.join_code, config_.professional_code);
  log("new_code", facilitator.peer->address(), "by=" + std::to_string(facilitator.id));
  for (auto& [id, m] : members_)
    if (m.role == Role::Facilitator && m.welcomed) send_codes(m);
}

std::string Meeting::issue_token(const std::string& participant_id, Role role) {
  std::string token = random_token();
  tokens_[token] = Grant{participant_id, role};
  token_order_.push_back(token);
  while (token_order_.size() > config_.max_tokens) {
    tokens_.erase(token_order_.front());
    token_order_.pop_front();
  }
  tell_tokens_changed();
  return token;
}

void Meeting::tell_tokens_changed() const {
  if (!config_.tokens_changed) return;
  config_.tokens_changed(RejoinTokens(tokens_.begin(), tokens_.end()));
}

void Meeting::revoke_tokens(const std::string& participant_id, const std::string& token) {
  tokens_.erase(token);
  if (participant_id.empty()) return tell_tokens_changed();
  for (auto it = tokens_.begin(); it != tokens_.end();)
    it = it->second.participant_id == participant_id ? tokens_.erase(it) : std::next(it);
  tell_tokens_changed();
}

std::string Meeting::scope_of(const Member& m) const {
  return m.presence.participant_id.empty() ? "#" + std::to_string(m.id) : m.presence.participant_id;
}

}  // namespace tavle::net
