#include "net/replica.hpp"

#include "board/apply.hpp"
#include "board/board_json.hpp"

namespace tavle::net {

using nlohmann::json;

namespace {

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t seq_of(const json& j, const char* key = "seq") {
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

}  // namespace

std::vector<PresenceEntry> presence_from_json(const json& clients) {
  std::vector<PresenceEntry> out;
  if (!clients.is_array()) return out;
  for (const json& c : clients) {
    if (!c.is_object()) continue;
    PresenceEntry p;
    p.participant_id = text_of(c, "participant_id");
    p.name = text_of(c, "name");
    p.role = role_from(text_of(c, "role")).value_or(Role::Viewer);
    p.editing = text_of(c, "editing");
    if (auto n = c.find("connection"); n != c.end() && n->is_number_unsigned()) p.connection = n->get<std::uint64_t>();
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<Error> Replica::submit(const Op& op, Op* inverse) {
  if (pending_.empty()) {
    view_ = confirmed_;
    view_dirty_ = false;
  } else {
    view();
  }
  ApplyResult r = apply(view_, op);
  if (r.error) return r.error;
  if (inverse) *inverse = std::move(r.inverse);
  pending_.push_back(Pending{op, false});
  return std::nullopt;
}

void Replica::receive(const json& m, std::vector<ClientEvent>& events) {
  const std::string type = text_of(m, "type");
  if (type == "op") {
    auto op = m.find("op");
    if (op != m.end()) on_op(seq_of(m), *op);
  } else if (type == "ack") {
    confirm(text_of(m, "op_id"));
  } else if (type == "reject") {
    const std::string id = text_of(m, "op_id");
    confirm(id);
    events.push_back({ClientEvent::Kind::Rejected, text_of(m, "code"), text_of(m, "message"), id, false});
  } else if (type == "snapshot") {
    auto board = m.find("board");
    if (board != m.end()) replace_board(*board, seq_of(m), events, text_of(m, "reason"));
    // Our ops the snapshot holds: their own confirmations may have been dropped.
    if (auto acked = m.find("acked"); acked != m.end() && acked->is_array())
      for (const json& id : *acked)
        if (id.is_string()) confirm(id.get<std::string>());
  } else if (type == "welcome") {
    on_welcome(m, events);
  } else if (type == "presence") {
    if (auto c = m.find("clients"); c != m.end()) presence_ = presence_from_json(*c);
  } else if (type == "error") {
    auto fatal = m.find("fatal");
    const bool is_fatal = fatal != m.end() && fatal->is_boolean() && fatal->get<bool>();
    events.push_back({ClientEvent::Kind::Error, text_of(m, "code"), text_of(m, "message"), "", is_fatal});
  } else if (type == "focus") {
    ClientEvent focus;
    focus.kind = ClientEvent::Kind::Focus;
    focus.message = text_of(m, "from");
    focus.card_id = text_of(m, "card_id");
    focus.column = text_of(m, "column");
    events.push_back(std::move(focus));
  } else if (type == "bye") {
    events.push_back({ClientEvent::Kind::HostLeaving, "bye", text_of(m, "reason"), "", false});
  } else if (type == "waiting") {
    waiting_ = true;
    events.push_back({ClientEvent::Kind::Waiting, "waiting", std::to_string(seq_of(m, "request_id")), "", false});
  } else if (type == "admission") {
    requests_.clear();
    if (auto r = m.find("requests"); r != m.end() && r->is_array())
      for (const json& one : *r) {
        if (!one.is_object()) continue;
        requests_.push_back(AdmissionRequest{seq_of(one, "request_id"), text_of(one, "name"),
                                             role_from(text_of(one, "role")).value_or(Role::Viewer),
                                             text_of(one, "address"), text_of(one, "participant_id")});
      }
  } else if (type == "codes") {
    join_code_ = text_of(m, "code");
    professional_code_ = text_of(m, "professional_code");
  } else if (type == "security") {
    events.push_back({ClientEvent::Kind::Security, text_of(m, "event"), "", "", false});
  }
}

void Replica::on_welcome(const json& w, std::vector<ClientEvent>& events) {
  if (!expected_meeting_.empty()) {
    // Resumed work goes only to the meeting it was made in.
    const json* meeting = nullptr;
    if (auto snapshot = w.find("snapshot"); snapshot != w.end() && snapshot->is_object())
      if (auto m = snapshot->find("meeting"); m != snapshot->end() && m->is_object()) meeting = &*m;
    const bool same = meeting && text_of(*meeting, "id") == expected_meeting_;
    if (!same) {
      events.push_back({ClientEvent::Kind::Error, "other_meeting",
                        "the host at this address holds another meeting now; your unsent changes are kept and not sent",
                        "", true});
      return;
    }
    expected_meeting_.clear();
  }
  joined_ = true;
  waiting_ = false;
  if (const std::string token = text_of(w, "token"); !token.empty()) token_ = token;
  if (auto codes = w.find("codes"); codes != w.end() && codes->is_object()) {
    join_code_ = text_of(*codes, "code");
    professional_code_ = text_of(*codes, "professional_code");
  }
  participant_id_ = text_of(w, "participant_id");
  if (auto p = w.find("presence"); p != w.end() && p->is_object())
    if (auto c = p->find("clients"); c != p->end()) presence_ = presence_from_json(*c);
  if (auto snapshot = w.find("snapshot"); snapshot != w.end()) {
    replace_board(*snapshot, seq_of(w), events, "welcome");
  } else if (auto ops = w.find("ops"); ops != w.end() && ops->is_array()) {
    for (const json& s : *ops)
      if (auto op = s.find("op"); s.is_object() && op != s.end()) on_op(seq_of(s), *op);
    seq_ = std::max(seq_, seq_of(w));
  }
  events.push_back({ClientEvent::Kind::Joined, "", participant_id_, "", false});
}

void Replica::on_op(std::uint64_t seq, const json& j) {
  if (seq != 0 && seq <= seq_) return;  // already have it
  Op op;
  if (op_from_json(j, op) || apply(confirmed_, op).error) resync_wanted_ = true;
  if (seq) seq_ = seq;
  confirm(op.id);
  view_dirty_ = true;
}

void Replica::confirm(const std::string& op_id) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it)
    if (it->op.id == op_id) {
      pending_.erase(it);
      view_dirty_ = true;
      return;
    }
}

void Replica::replace_board(const json& j, std::uint64_t seq, std::vector<ClientEvent>& events, const std::string& why) {
  Board board;
  if (auto e = board_from_json(j, board)) {
    events.push_back({ClientEvent::Kind::Error, "bad_snapshot", e->message, "", false});
    resync_wanted_ = true;
    return;
  }
  confirmed_ = std::move(board);
  seq_ = seq;
  view_dirty_ = true;
  if (why != "welcome") events.push_back({ClientEvent::Kind::Resynced, "", why, "", false});
}

void Replica::mark_all_unsent() {
  for (Pending& p : pending_) p.sent = false;
  joined_ = false;
  waiting_ = false;
}

std::vector<Op> Replica::take_unsent() {
  std::vector<Op> out;
  if (!expected_meeting_.empty()) return out;  // resumed work: not before its meeting is seen
  for (Pending& p : pending_)
    if (!p.sent) {
      p.sent = true;
      out.push_back(p.op);
    }
  return out;
}

UnsentWork Replica::unsent_work() const {
  UnsentWork work;
  work.meeting_id = confirmed_.meeting.id;
  work.participant_id = participant_id_;
  work.token = token_;
  work.seq = seq_;
  work.confirmed = confirmed_;
  for (const Pending& p : pending_) work.ops.push_back(p.op);
  return work;
}

std::vector<std::string> Replica::pending_ids() const {
  std::vector<std::string> ids;
  for (const Pending& p : pending_) ids.push_back(p.op.id);
  return ids;
}

void Replica::resume(UnsentWork work) {
  expected_meeting_ = work.meeting_id.empty() ? std::string("?") : work.meeting_id;
  participant_id_ = std::move(work.participant_id);
  token_ = std::move(work.token);
  seq_ = work.seq;
  confirmed_ = std::move(work.confirmed);
  pending_.clear();
  for (Op& op : work.ops) pending_.push_back(Pending{std::move(op), false});
  view_dirty_ = true;
}

const Board& Replica::view() {
  if (pending_.empty()) {
    view_dirty_ = false;
    return confirmed_;
  }
  if (view_dirty_) {
    view_ = confirmed_;
    // A pending op that no longer applies stays pending: the host has the last word.
    for (const Pending& p : pending_) apply(view_, p.op);
    view_dirty_ = false;
  }
  return view_;
}

bool Replica::take_resync_request() {
  const bool wanted = resync_wanted_;
  resync_wanted_ = false;
  return wanted;
}

}  // namespace tavle::net
