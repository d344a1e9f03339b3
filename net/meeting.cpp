// [SECTION] construction
// [SECTION] receiving: dispatch of one message
// [SECTION] joining: hello, failures per address, welcome
// [SECTION] presence, leaving, resync, shutdown
#include "net/meeting.hpp"

#include "board/apply.hpp"
#include "board/board_json.hpp"

namespace tavle::net {

using nlohmann::json;
using std::chrono::milliseconds;

// [SECTION] construction

Meeting::Meeting(MeetingConfig config, Board initial, std::uint64_t last_seq, std::vector<SequencedOp> recent,
                 std::shared_ptr<Journal> journal, Post post)
    : config_(std::move(config)),
      board_(std::move(initial)),
      seq_(last_seq),
      durable_seq_(last_seq),
      journal_(std::move(journal)),
      post_(std::move(post)) {
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
    remember(recent_.back().op.id, Outcome{s.seq, std::nullopt});
  }
  while (recent_.size() > config_.recent_ops) recent_.pop_front();
}

Meeting::~Meeting() {
  *alive_ = false;
  writer_.reset();  // joins the writer thread; its completion finds alive_ false
}

// [SECTION] receiving: dispatch of one message

milliseconds Meeting::receive(Peer& peer, std::string_view text) {
  Member* m = member_of(peer);
  json message;
  if (auto e = parse_json(text, message, kMaxJsonDepth)) {
    if (!m) refuse(peer, "bad_json", e->message, false);
    else peer.deliver(encode_error("bad_json", e->message, false));
    return milliseconds(0);
  }
  if (!message.is_array() || !m) return receive_message(peer, m, message);
  // A client that produced several messages while its last frame was on the
  // wire sends them as one array frame, handled in order.
  if (message.size() > config_.messages_per_frame) {
    peer.deliver(encode_error("bad_message", "a frame holds at most " + std::to_string(config_.messages_per_frame) +
                                                 " messages",
                              false));
    return milliseconds(0);
  }
  milliseconds wait(0);
  for (const json& one : message) wait = std::max(wait, receive_message(peer, m, one));
  return wait;
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
    else refuse(peer, "not_joined", "the first message must be hello, got \"" + kind + "\"", false);
    return milliseconds(0);
  }
  if (kind == "op") {
    const milliseconds wait = take_token(*m);
    propose(*m, message);
    return wait;
  }
  if (kind == "editing") {
    auto card = message.find("card_id");
    if (card == message.end() || !(card->is_null() || card->is_string()) ||
        (card->is_string() && card->get_ref<const std::string&>().size() > config_.limits.id_bytes)) {
      peer.deliver(encode_error("bad_message", "editing.card_id: expected a card id or null", false));
      return milliseconds(0);
    }
    m->presence.editing = card->is_null() ? std::string() : card->get<std::string>();
    broadcast_presence();
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
  } else {
    peer.deliver(encode_error("unknown_type", "unknown message type \"" + kind + "\"", false));
  }
  return milliseconds(0);
}

void Meeting::binary_frame(Peer& peer) {
  if (!member_of(peer)) refuse(peer, "not_joined", "the first message must be a hello text frame", false);
  else peer.deliver(encode_error("binary_frame", "binary frames are not part of the protocol; send text", false));
}

milliseconds Meeting::take_token(Member& m) {
  if (config_.ops_per_second <= 0) return milliseconds(0);
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - m.refilled).count();
  m.refilled = now;
  m.tokens = std::min(config_.op_burst, m.tokens + elapsed * config_.ops_per_second);
  m.tokens -= 1;
  if (m.tokens >= 0) {
    m.told_rate_limited = false;
    return milliseconds(0);
  }
  if (!m.told_rate_limited) {
    m.told_rate_limited = true;
    m.peer->deliver(encode_error("rate_limited", "more than " + std::to_string(static_cast<int>(config_.ops_per_second)) +
                                                     " ops per second: your next ops are read more slowly",
                                 false));
  }
  return milliseconds(static_cast<long>(1000.0 * -m.tokens / config_.ops_per_second) + 1);
}

// [SECTION] joining: hello, failures per address, welcome

milliseconds Meeting::join_delay(const std::string& address) const {
  auto it = failures_.find(address);
  if (it == failures_.end() || Clock::now() - it->second.first > config_.failure_window) return milliseconds(0);
  return it->second.count >= config_.failed_joins_slowdown ? config_.slowdown : milliseconds(0);
}

void Meeting::refuse(Peer& peer, const std::string& code, const std::string& message, bool counts_as_failure) {
  if (counts_as_failure) {
    const auto now = Clock::now();
    if (failures_.size() > 10000) forget_old_failures(now);  // many addresses must not cost unbounded memory
    JoinFailures& f = failures_[peer.address()];
    if (f.count == 0 || now - f.first > config_.failure_window) f = JoinFailures{0, now, {}};
    if (++f.count >= config_.failed_joins_block) f.blocked_until = now + config_.block_time;
  }
  peer.deliver(encode_error(code, message, true));
  peer.close_after_flush();
}

void Meeting::forget_old_failures(Clock::time_point now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    const bool stale = now - it->second.first > config_.failure_window && now >= it->second.blocked_until;
    it = stale ? failures_.erase(it) : std::next(it);
  }
}

void Meeting::hello(Peer& peer, const json& message) {
  auto failures = failures_.find(peer.address());
  if (failures != failures_.end() && Clock::now() < failures->second.blocked_until)
    return refuse(peer, "too_many_attempts", "too many failed joins from this address; try again in a few minutes", false);
  Hello h;
  if (auto e = hello_from_json(message, h)) return refuse(peer, e->code, e->message, e->code == "forbidden_role");
  if (h.code != config_.join_code) return refuse(peer, "wrong_code", "the join code is not right", true);
  if (h.role == Role::Facilitator && (config_.facilitator_key.empty() || h.facilitator_key != config_.facilitator_key))
    return refuse(peer, "forbidden_role", "the facilitator role needs the facilitator key", true);
  if (members_.size() >= config_.max_clients)
    return refuse(peer, "meeting_full", "the meeting has its maximum of " + std::to_string(config_.max_clients) +
                                            " connections", false);
  failures_.erase(peer.address());
  const std::string pid = resolve_participant(h);
  if (h.role != Role::Viewer && pid.empty())
    return refuse(peer, "meeting_full", "no room for another participant on the board (at most " +
                                            std::to_string(config_.limits.participants) + ")", false);
  const std::uint64_t id = next_member_id_++;
  Member& m = members_[id];
  m.peer = &peer;
  m.id = id;
  m.presence = PresenceEntry{pid, h.name, h.role, ""};
  m.role = h.role;
  m.audience = audience_of(h.role);
  m.tokens = config_.op_burst;
  m.refilled = Clock::now();
  member_ids_[&peer] = id;
  welcome_when_durable(m, h.last_seq);
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

// Who the connection acts as on the board; adds a participant when it is new.
std::string Meeting::resolve_participant(const Hello& h) {
  if (h.role == Role::Viewer) return "";
  if (!h.participant_id.empty()) {
    // Only the facilitator (who holds the key) may act as anyone. Others may take up
    // a board participant of their own kind only (family as family, professional as
    // professional): the join code alone must never let a tablet speak for a
    // professional. (Reconnecting keeps working: it is the same kind.)
    const Participant* p = board_.find_participant(h.participant_id);
    const bool family_kind = p && p->role != ParticipantRole::Professional;
    const bool same_kind = h.role == Role::Facilitator || (h.role == Role::Family) == family_kind;
    if (p && !p->removed && same_kind) return h.participant_id;
  }
  const std::string pid = "p-" + h.client_id;
  if (board_.find_participant(pid) || read_only_) return pid;
  Op add;
  add.id = "host:" + std::to_string(seq_ + 1);
  add.author = "host";
  add.at = std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  add.kind = OpKind::AddParticipant;
  add.target = pid;
  add.value = {{"name", h.name},
               {"role", std::string(h.role == Role::Family ? name_of(h.family_role) : name_of(ParticipantRole::Professional))}};
  if (accept(add, 0)) return "";
  return pid;
}

void Meeting::welcome(Member& m, std::uint64_t last_seq) {
  // Up to the durable seq only: ops still on their way to the disk reach this
  // member through deliver_batch like everyone else's.
  json w{{"type", "welcome"},
         {"protocol", kProtocolVersion},
         {"participant_id", m.presence.participant_id},
         {"role", std::string(name_of(m.role))},
         {"audience", std::string(audience_name(m.audience))},
         {"seq", durable_seq_},
         {"presence", presence_json(presence())}};
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

void Meeting::broadcast_presence() {
  const Frame frame = encode_presence(presence());
  for (auto& [id, m] : members_)
    if (m.welcomed) m.peer->deliver(frame);
}

Meeting::Member* Meeting::member_of(Peer& peer) {
  auto it = member_ids_.find(&peer);
  return it == member_ids_.end() ? nullptr : &members_.at(it->second);
}

void Meeting::leave(Peer& peer) {
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
