// [SECTION] construction
// [SECTION] receiving: one budget for every message, dispatch
// [SECTION] joining: hello, failures per address and overall, welcome
// [SECTION] presence, leaving, resync, shutdown
#include "net/meeting.hpp"

#include <algorithm>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "net/secrets.hpp"

namespace tavle::net {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr const char* kNeedsEncryption =
    "professionals and the facilitator take part over an encrypted connection only: use the Tavle app, or "
    "https:// in the browser";

}  // namespace

// [SECTION] construction

Meeting::Meeting(MeetingConfig config, Board initial, std::uint64_t last_seq, std::vector<SequencedOp> recent,
                 std::shared_ptr<Journal> journal, Post post)
    : config_(std::move(config)),
      board_(std::move(initial)),
      seq_(last_seq),
      durable_seq_(last_seq),
      journal_(std::move(journal)),
      post_(std::move(post)) {
  failures_ = config_.join_failures ? config_.join_failures : std::make_shared<JoinFailureLog>();
  if (!journal_->is_instant()) {
    durable_board_ = board_;
    writer_ = std::make_unique<JournalWriter>(journal_);
  }
  // Ops before a restart: a late joiner can still catch up on them. They were
  // applied long ago, so who may see them is worked out again, op by op, from
  // nothing: ops whose filtering needs the old board become snapshots.
  for (SequencedOp& s : recent) {
    if (s.seq > last_seq) continue;
    Deliveries unknown{Delivery::Snapshot, Delivery::Snapshot};
    recent_.push_back(Recent{s.seq, std::move(s.op), unknown});
    remember(recent_.back().op.author, recent_.back().op.id, Outcome{s.seq, std::nullopt});
  }
  while (recent_.size() > config_.recent_ops) recent_.pop_front();
  // Tokens from before a restart: their devices rejoin as themselves.
  for (const auto& [token, grant] : config_.initial_tokens) {
    tokens_[token] = grant;
    token_order_.push_back(token);
  }
  while (token_order_.size() > config_.max_tokens) {
    tokens_.erase(token_order_.front());
    token_order_.pop_front();
  }
}

Meeting::~Meeting() {
  *alive_ = false;
  writer_.reset();  // joins the writer thread; its completion finds alive_ false
}

// [SECTION] receiving: one budget for every message, dispatch

milliseconds Meeting::receive(Peer& peer, std::string_view text) {
  if (waiting(peer)) {
    // Someone waiting for the facilitator sees nothing and may only keep the line alive.
    json message;
    if (!parse_json(text, message, 4) && message.is_object() && message.value("type", "") == "ping")
      peer.deliver(make_frame(json{{"type", "pong"}, {"t", message.value("t", json())}}));
    return milliseconds(250);
  }
  Member* m = member_of(peer);
  json message;
  if (auto e = parse_json(text, message, kMaxJsonDepth)) {
    if (!m) refuse(peer, "bad_json", e->message, false);
    else peer.deliver(encode_error("bad_json", e->message, false));
    return milliseconds(0);
  }
  if (!m) return receive_message(peer, m, message);
  // A client that produced several messages while its last frame was on the
  // wire sends them as one array frame, handled in order.
  if (message.is_array() && message.size() > config_.messages_per_frame) {
    peer.deliver(encode_error("bad_message", "a frame holds at most " + std::to_string(config_.messages_per_frame) +
                                                 " messages",
                              false));
    return milliseconds(0);
  }
  m->backlog = message.is_array() ? std::move(message) : json::array({std::move(message)});
  m->backlog_next = 0;
  return drain(*m);
}

bool Meeting::has_backlog(Peer& peer) const {
  auto it = member_ids_.find(&peer);
  if (it == member_ids_.end()) return false;
  const Member& m = members_.at(it->second);
  return m.backlog.is_array() && m.backlog_next < m.backlog.size();
}

milliseconds Meeting::resume(Peer& peer) {
  Member* m = member_of(peer);
  return m ? drain(*m) : milliseconds(0);
}

double Meeting::cost_of(const json& message) const {
  const auto type = message.is_object() ? message.find("type") : message.end();
  if (type != message.end() && type->is_string() && type->get_ref<const std::string&>() == "resync")
    return config_.resync_cost;
  return 1;
}

// Handles the connection's pending messages while its budget lasts. Whatever one
// connection sends, it is read only as fast as its budget refills, so a flood
// slows the flooder and nobody else (docs/security.md, "Every message costs").
milliseconds Meeting::drain(Member& m) {
  const std::uint64_t id = m.id;
  const bool limited = config_.messages_per_second > 0;
  while (m.backlog.is_array() && m.backlog_next < m.backlog.size()) {
    if (limited) {
      const auto now = Clock::now();
      const double elapsed = std::chrono::duration<double>(now - m.refilled).count();
      m.refilled = now;
      m.budget = std::min(config_.message_burst, m.budget + elapsed * config_.messages_per_second);
      if (m.budget < 0) break;
      m.budget -= cost_of(m.backlog[m.backlog_next]);
    }
    const json one = std::move(m.backlog[m.backlog_next++]);
    receive_message(*m.peer, &m, one);
    if (!members_.count(id)) return milliseconds(0);  // put out by its own message
    // A snapshot is long work: let the other connections have their turn first.
    if (limited && cost_of(one) > 1 && m.backlog_next < m.backlog.size()) break;
  }
  if (m.backlog_next >= m.backlog.size()) {
    m.backlog = json();
    m.backlog_next = 0;
  }
  if (presence_dirty_) broadcast_presence();
  if (!limited || m.budget >= 0) {
    m.told_rate_limited = false;
    return milliseconds(0);
  }
  if (!m.told_rate_limited) {
    m.told_rate_limited = true;
    log("rate_limited", m.peer->address(), "connection=" + std::to_string(m.id));
    m.peer->deliver(encode_error("rate_limited", "more than " +
                                                     std::to_string(static_cast<int>(config_.messages_per_second)) +
                                                     " messages per second: your next messages are read more slowly",
                                 false));
  }
  return milliseconds(static_cast<long>(1000.0 * -m.budget / config_.messages_per_second) + 1);
}

milliseconds Meeting::receive_message(Peer& peer, Member* m, const json& message) {
  const auto type = message.is_object() ? message.find("type") : message.end();
  if (!message.is_object() || type == message.end() || !type->is_string()) {
    if (!m) refuse(peer, "bad_message", "expected an object with a \"type\" string", false);
    else peer.deliver(encode_error("bad_message", "expected an object with a \"type\" string", false));
    return milliseconds(0);
  }
  const std::string& kind = type->get_ref<const std::string&>();
  if (!m) {
    if (kind == "hello") hello(peer, message);
    else refuse(peer, "not_joined", "the first message must be hello", false);
    return milliseconds(0);
  }
  if (kind == "op") {
    propose(*m, message);
  } else if (kind == "editing") {
    auto card = message.find("card_id");
    if (card == message.end() || !(card->is_null() || card->is_string()) ||
        (card->is_string() && card->get_ref<const std::string&>().size() > config_.limits.id_bytes)) {
      peer.deliver(encode_error("bad_message", "editing.card_id: expected a card id or null", false));
      return milliseconds(0);
    }
    std::string editing = card->is_null() ? std::string() : card->get<std::string>();
    if (editing != m->presence.editing) {
      m->presence.editing = std::move(editing);
      presence_dirty_ = true;  // one presence for a whole frame of these
    }
  } else if (kind == "focus") {
    focus(*m, message);
  } else if (kind == "ping") {
    json pong{{"type", "pong"}, {"t", message.value("t", json())}};
    peer.deliver(make_frame(pong));
  } else if (kind == "resync") {
    peer.deliver(snapshot_for(*m, "requested"));
  } else if (kind == "bye") {
    peer.close_after_flush();
  } else if (kind == "hello") {
    peer.deliver(encode_error("already_joined", "this connection has already joined", false));
  } else if (kind == "admit" || kind == "refuse" || kind == "remove" || kind == "new_code") {
    if (m->role != Role::Facilitator)
      peer.deliver(encode_error("forbidden", "only the facilitator may " + kind, false));
    else if (kind == "admit") admit(*m, message);
    else if (kind == "refuse") refuse_request(*m, message);
    else if (kind == "remove") remove(*m, message);
    else new_code(*m);
  } else {
    peer.deliver(encode_error("unknown_type", "unknown message type \"" + kind + "\"", false));
  }
  return milliseconds(0);
}

void Meeting::binary_frame(Peer& peer) {
  if (waiting(peer)) return;
  if (!member_of(peer)) refuse(peer, "not_joined", "the first message must be a hello text frame", false);
  else peer.deliver(encode_error("binary_frame", "binary frames are not part of the protocol; send text", false));
}

void Meeting::log(std::string_view event, const std::string& address, const std::string& detail) const {
  if (config_.security_log) config_.security_log(security_line(event, address, detail));
}

// [SECTION] joining: hello, failures per address and overall, welcome

milliseconds Meeting::join_delay(const std::string& address) const {
  auto it = failures_->by_address.find(address);
  if (it == failures_->by_address.end() || Clock::now() - it->second.first > config_.failure_window) return milliseconds(0);
  return it->second.count >= config_.failed_joins_slowdown ? config_.slowdown : milliseconds(0);
}

void Meeting::refuse(Peer& peer, const std::string& code, const std::string& message, bool counts_as_failure) {
  if (counts_as_failure) {
    const auto now = Clock::now();
    if (failures_->by_address.size() > 10000) forget_old_failures(now);  // many addresses must not cost unbounded memory
    JoinFailures& f = failures_->by_address[peer.address()];
    if (f.count == 0 || now - f.first > config_.failure_window) f = JoinFailures{0, now, f.blocked_until};
    if (++f.count >= config_.failed_joins_block) f.blocked_until = now + config_.block_time;
    failures_->overall.push_back(now);
    if (under_attack(now) && !failures_->told_attack) {
      // The facilitator is told on screen: someone keeps trying codes.
      failures_->told_attack = true;
      log("code_guessing", peer.address(), "failures=" + std::to_string(failures_->overall.size()));
      const Frame notice = make_frame(json{{"type", "security"},
                                           {"event", "code_guessing"},
                                           {"failures", failures_->overall.size()},
                                           {"window_seconds", config_.failure_window.count()}});
      for (auto& [id, m] : members_)
        if (m.role == Role::Facilitator) m.peer->deliver(notice);
    }
  }
  log("refused", peer.address(), "reason=" + code);
  peer.deliver(encode_error(code, message, true));
  peer.close_after_flush();
}

// Too many failed joins across all addresses lately: no code is checked until
// the window passes (rejoin tokens and the facilitator key still work).
bool Meeting::under_attack(Clock::time_point now) {
  std::deque<Clock::time_point>& overall = failures_->overall;
  while (!overall.empty() && now - overall.front() > config_.failure_window) overall.pop_front();
  if (overall.empty()) failures_->told_attack = false;
  return static_cast<int>(overall.size()) >= config_.global_failed_joins;
}

void Meeting::forget_old_failures(Clock::time_point now) {
  for (auto it = failures_->by_address.begin(); it != failures_->by_address.end();) {
    const bool stale = now - it->second.first > config_.failure_window && now >= it->second.blocked_until;
    it = stale ? failures_->by_address.erase(it) : std::next(it);
  }
}

void Meeting::hello(Peer& peer, const json& message) {
  const auto now = Clock::now();
  auto failures = failures_->by_address.find(peer.address());
  if (failures != failures_->by_address.end() && now < failures->second.blocked_until)
    return refuse(peer, "too_many_attempts", "too many failed joins from this address; try again in a few minutes", false);
  Hello h;
  if (auto e = hello_from_json(message, h)) return refuse(peer, e->code, e->message, e->code == "forbidden_role");
  // A plain connection carries the family view only; never a code or key that
  // makes a professional or the facilitator (they would cross the Wi-Fi in clear).
  if (peer.plain_family_only() && (h.role == Role::Facilitator || h.role == Role::Professional))
    return refuse(peer, "needs_encryption", kNeedsEncryption, false);
  if (!address_has_room(peer.address()))
    return refuse(peer, "too_many_connections", "too many connections from this address", false);
  // A rejoin token gives back exactly what its connection had; the facilitator's
  // only with the facilitator key as it is now (the app sends both): a key changed
  // since (replace_facilitator_key) ends the facilitator's tokens with it.
  if (!h.token.empty()) {
    auto grant = tokens_.find(h.token);
    if (grant != tokens_.end() && grant->second.role == Role::Facilitator &&
        !same_secret(h.facilitator_key, config_.facilitator_key)) {
      if (peer.plain_family_only()) return refuse(peer, "needs_encryption", kNeedsEncryption, false);
      return refuse(peer, "forbidden_role", "the facilitator role needs the facilitator key", true);
    }
    if (grant != tokens_.end()) {
      const Grant g = grant->second;
      const Participant* p = g.participant_id.empty() ? nullptr : board_.find_participant(g.participant_id);
      if (g.participant_id.empty() || (p && !p->removed)) return join(peer, h, g.role, g.participant_id, h.token);
      tokens_.erase(grant);  // its participant was removed from the board
      tell_tokens_changed();
    }
  }
  if (h.role == Role::Facilitator) {
    if (!same_secret(h.facilitator_key, config_.facilitator_key))
      return refuse(peer, "forbidden_role", "the facilitator role needs the facilitator key", true);
    // Only the facilitator (who holds the key) may act as any board participant.
    const Participant* p = h.participant_id.empty() ? nullptr : board_.find_participant(h.participant_id);
    return join(peer, h, Role::Facilitator, p && !p->removed ? h.participant_id : "", "");
  }
  if (under_attack(now))
    return refuse(peer, "too_many_attempts",
                  "too many wrong codes were tried in this meeting just now; try again in a minute", false);
  if (h.role == Role::Professional && !h.professional_code.empty()) {
    if (!same_secret(h.professional_code, config_.professional_code))
      return refuse(peer, "wrong_code", "the professional code is not right", true);
    return join(peer, h, Role::Professional, "", "");
  }
  if (!same_secret(h.code, config_.join_code)) return refuse(peer, "wrong_code", "the join code is not right", true);
  // The room's code never makes a professional: the facilitator decides.
  if (h.role == Role::Professional || needs_admission(peer, h)) return wait_for_admission(peer, h);
  join(peer, h, h.role, "", "");
}

// Takes the connection in as `role`, acting as `participant` (new one when empty).
void Meeting::join(Peer& peer, const Hello& h, Role role, std::string participant, std::string token) {
  const bool reserved = role == Role::Facilitator || role == Role::Professional;
  // Also a professional's rejoin token, or the facilitator admitting a plain connection as professional.
  if (reserved && peer.plain_family_only()) return refuse(peer, "needs_encryption", kNeedsEncryption, false);
  const std::size_t reserve = std::min(config_.reserved_slots, config_.max_clients / 2);
  const std::size_t room = reserved ? config_.max_clients : config_.max_clients - reserve;
  if (members_.size() >= room)
    return refuse(peer, "meeting_full", "the meeting has its maximum of " + std::to_string(room) +
                                            " connections" + (reserved ? "" : " for family and viewers"), false);
  if (role != Role::Viewer && participant.empty()) {
    participant = new_participant(h, role);
    if (participant.empty())
      return refuse(peer, "meeting_full", "no room for another participant on the board", false);
  }
  if (token.empty()) token = issue_token(participant, role);
  const std::uint64_t id = next_member_id_++;
  Member& m = members_[id];
  m.peer = &peer;
  m.id = id;
  // Presence shows the board's name for a board participant, not what the hello says.
  const Participant* p = participant.empty() ? nullptr : board_.find_participant(participant);
  m.presence = PresenceEntry{participant, p ? p->name : h.name, role, "", id};
  m.role = role;
  m.audience = audience_of(role);
  m.budget = config_.message_burst;
  m.refilled = Clock::now();
  m.token = std::move(token);
  m.client_id = h.client_id;
  member_ids_[&peer] = id;
  log("join", peer.address(), "role=" + std::string(name_of(role)) + " connection=" + std::to_string(id));
  if (config_.joined) config_.joined(m.presence, peer.address());
  welcome_when_durable(m, h.last_seq);
  if (role == Role::Facilitator && !waiting_.empty()) send_admission_list();
  broadcast_presence();
}

void Meeting::welcome_when_durable(Member& m, std::uint64_t last_seq) {
  m.welcome_at_seq = seq_;
  m.hello_last_seq = last_seq;
  if (durable_seq_ >= seq_) welcome(m, last_seq);
}

void Meeting::welcome_those_waiting() {
  for (auto& [id, m] : members_)
    if (!m.welcomed && durable_seq_ >= m.welcome_at_seq) welcome(m, m.hello_last_seq);
}

// A participant the host adds for a join: a host-made id, never one the client chose.
std::string Meeting::new_participant(const Hello& h, Role role) {
  if (read_only_ || join_participants_ >= config_.max_join_participants) return "";
  Op add;
  add.id = "host:" + std::to_string(seq_ + 1);
  add.author = "host";
  add.at = std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  add.kind = OpKind::AddParticipant;
  add.target = "p-" + random_hex(12);
  add.value = {{"name", h.name},
               {"role", std::string(role == Role::Family ? name_of(h.family_role) : name_of(ParticipantRole::Professional))}};
  if (accept(add, 0)) return "";
  ++join_participants_;
  return add.target;
}

void Meeting::welcome(Member& m, std::uint64_t last_seq) {
  // Up to the durable seq only: ops still on their way to the disk reach this
  // member through deliver_batch like everyone else's.
  m.welcomed = true;  // its presence names itself (with its connection number)
  json w{{"type", "welcome"},
         {"protocol", kProtocolVersion},
         {"participant_id", m.presence.participant_id},
         {"role", std::string(name_of(m.role))},
         {"audience", std::string(audience_name(m.audience))},
         {"seq", durable_seq_},
         {"token", m.token},
         {"presence", presence_json(presence(), m.audience == Audience::Family ? &board_ : nullptr)}};
  bool catch_up =
      last_seq > 0 && last_seq <= durable_seq_ && !recent_.empty() && recent_.front().seq <= last_seq + 1;
  if (last_seq == durable_seq_ && last_seq > 0) catch_up = true;
  json ops = json::array();
  if (catch_up) {
    for (const Recent& r : recent_) {
      if (r.seq <= last_seq) continue;
      if (r.seq > durable_seq_) break;
      const Delivery d = r.deliveries.for_viewer(m.audience, m.presence.participant_id, r.op);
      if (d == Delivery::Snapshot) {
        catch_up = false;
        break;
      }
      if (d == Delivery::Op) ops.push_back({{"seq", r.seq}, {"op", to_json(r.op)}});
      if (d == Delivery::Redacted) ops.push_back({{"seq", r.seq}, {"op", to_json(redacted_rating(r.op))}});
    }
  }
  // The facilitator's own screen shows both codes (never the projection or the QR code).
  if (m.role == Role::Facilitator)
    w["codes"] = json{{"code", config_.join_code}, {"professional_code", config_.professional_code}};
  if (catch_up) w["ops"] = std::move(ops);
  else w["snapshot"] = to_json(view_for(durable_board(), m.audience, m.presence.participant_id));
  m.skip_through = durable_seq_;
  m.welcomed = true;
  m.peer->deliver(make_frame(w));
}

// [SECTION] presence, leaving, resync, shutdown

std::vector<PresenceEntry> Meeting::presence() const {
  std::vector<PresenceEntry> out;
  out.reserve(members_.size());
  for (const auto& [id, m] : members_)
    if (m.welcomed) out.push_back(m.presence);
  return out;
}

// Two forms: a family or viewer connection never hears which hidden card someone edits.
void Meeting::broadcast_presence() {
  presence_dirty_ = false;
  const std::vector<PresenceEntry> entries = presence();
  Frame full, family;
  for (auto& [id, m] : members_) {
    if (!m.welcomed) continue;
    Frame& frame = m.audience == Audience::Family ? family : full;
    if (!frame) frame = encode_presence(entries, m.audience == Audience::Family ? &board_ : nullptr);
    if (m.welcomed) m.peer->deliver(frame);
  }
}

Meeting::Member* Meeting::member_of(Peer& peer) {
  auto it = member_ids_.find(&peer);
  return it == member_ids_.end() ? nullptr : &members_.at(it->second);
}

void Meeting::leave(Peer& peer) {
  if (auto w = waiting_ids_.find(&peer); w != waiting_ids_.end()) {
    waiting_.erase(w->second);
    waiting_ids_.erase(w);
    send_admission_list();
    return;
  }
  auto it = member_ids_.find(&peer);
  if (it == member_ids_.end()) return;
  const std::uint64_t id = it->second;
  member_ids_.erase(it);
  members_.erase(id);
  for (Accepted& a : unsent_)
    if (a.author == id) a.author = 0;
  for (Accepted& a : in_flight_)
    if (a.author == id) a.author = 0;
  broadcast_presence();
}

// The facilitator no longer allows the family view over plain HTTP: every plain
// connection goes now, with the reason.
void Meeting::close_plain_connections() {
  std::vector<Peer*> plain;
  for (auto& [id, m] : members_)
    if (m.peer->plain_family_only()) plain.push_back(m.peer);
  for (auto& [id, w] : waiting_)
    if (w.peer->plain_family_only()) plain.push_back(w.peer);
  const Frame notice = encode_error("needs_encryption", kNeedsEncryption, true);
  for (Peer* peer : plain) {
    peer->deliver(notice);
    peer->close_after_flush();
    leave(*peer);
  }
}

void Meeting::replace_facilitator_key(const std::string& key) {
  if (key.empty() || key == config_.facilitator_key) return;
  config_.facilitator_key = key;
  // Their tokens would only work with the old key (hello): they are dropped.
  bool dropped = false;
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    const bool facilitator = it->second.role == Role::Facilitator;
    dropped = dropped || facilitator;
    it = facilitator ? tokens_.erase(it) : std::next(it);
  }
  if (dropped) {
    token_order_.erase(std::remove_if(token_order_.begin(), token_order_.end(),
                                      [this](const std::string& t) { return !tokens_.count(t); }),
                       token_order_.end());
    tell_tokens_changed();
  }
  std::vector<Peer*> out;
  for (auto& [id, m] : members_)
    if (m.role == Role::Facilitator) out.push_back(m.peer);
  log("facilitator_key_changed", "store", "connections_closed=" + std::to_string(out.size()));
  const Frame notice = encode_error("facilitator_key_changed",
                                    "your access to this meeting was changed: open the meeting again from the home screen",
                                    true);
  for (Peer* peer : out) {
    peer->deliver(notice);
    peer->close_after_flush();
    leave(*peer);
  }
}

Frame Meeting::resync(Peer& peer) {
  Member* m = member_of(peer);
  if (!m) return encode_error("not_joined", "not joined", true);
  return snapshot_for(*m, "behind");
}

Frame Meeting::snapshot_for(Member& m, std::string_view reason) {
  m.skip_through = durable_seq_;
  // The snapshot holds every op of this member so far; name its newest ones,
  // because their confirmations (and earlier snapshots) may be among the messages
  // a queue that fell behind dropped. A dropped queue never holds more than
  // max_queue_messages, and own_ops keeps as many (recent_ops, 4096 by default).
  // own_ops holds durable ops only (deliver_batch adds them), like the board shown.
  return encode_snapshot(durable_seq_, view_for(durable_board(), m.audience, m.presence.participant_id), reason,
                         m.own_ops);
}

void Meeting::shutdown() {
  const Frame bye = make_frame(json{{"type", "bye"}, {"reason", "shutdown"}});
  for (auto& [id, m] : members_) {
    m.peer->deliver(bye);
    m.peer->close_after_flush();
  }
}

}  // namespace tavle::net
