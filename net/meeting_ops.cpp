// [SECTION] proposing: parse, duplicates, role, apply
// [SECTION] group commit: hand batches to the journal
// [SECTION] fan-out: each op in the form each audience may see
// [SECTION] journal failure: take back what was not saved, go read-only
#include <algorithm>

#include "board/apply.hpp"
#include "net/meeting.hpp"
#include "net/op_schema.hpp"
#include "net/plan_rules.hpp"  // issue 14

namespace tavle::net {

using nlohmann::json;

// [SECTION] proposing: parse, duplicates, role, apply

void Meeting::propose(Member& m, const json& message) {
  auto it = message.find("op");
  if (it == message.end() || !it->is_object())
    return m.peer->deliver(encode_error("bad_message", "op.op: expected an op object", false));
  Op op;
  if (auto e = op_from_json(*it, op)) {
    auto id = it->find("id");
    if (id == it->end() || !id->is_string() || id->get_ref<const std::string&>().empty())
      return m.peer->deliver(encode_error("bad_message", e->message, false));
    return m.peer->deliver(encode_reject(id->get<std::string>(), *e));
  }
  // Only what the kind defines is journaled and broadcast (nothing is remembered of
  // a malformed op: its id stays free for the real one).
  if (auto e = check_wire_op(op)) return m.peer->deliver(encode_reject(op.id, *e));
  // Op ids are the sender's own: remembered, and waited for, per sender.
  const std::string scope = scope_of(m);
  const std::string key = scope + '\n' + op.id;
  if (auto known = outcomes_.find(key); known != outcomes_.end()) {
    if (known->second.error) return m.peer->deliver(encode_reject(op.id, *known->second.error));
    if (known->second.seq <= durable_seq_) return m.peer->deliver(encode_ack(op.id, known->second.seq));
    // A resend (e.g. after a reconnect) of an op the journal does not hold yet: the
    // ack waits for the disk like the first answer did.
    std::vector<std::uint64_t>& waiting = awaiting_durable_[key];
    if (std::find(waiting.begin(), waiting.end(), m.id) == waiting.end()) waiting.push_back(m.id);
    return;
  }
  std::optional<Error> refused;
  if (read_only_) refused = Error{"read_only", "the meeting accepts no more changes: its journal failed"};
  if (!refused && op.kind == OpKind::SetRating && op.value.is_object() && op.value.contains("hidden"))
    refused = Error{"invalid", "op.value.hidden: only the host hides a rating"};
  if (!refused) refused = check_role(m, op);
  if (!refused) refused = accept(op, m.id);
  // A family connection's error never tells a hidden card from one that does not exist.
  if (refused && m.audience == Audience::Family && targets_card(op.kind) &&
      (refused->code == "not_found" || refused->code == "deleted" || refused->message.find(op.target) != std::string::npos))
    refused = Error{"not_found", "card \"" + op.target + "\" does not exist"};
  if (refused) {
    remember(scope, op.id, Outcome{0, refused});
    m.peer->deliver(encode_reject(op.id, *refused));
  }
}

std::optional<Error> Meeting::check_role(const Member& m, const Op& op) const {
  const std::string& self = m.presence.participant_id;
  auto forbidden = [&](const std::string& why) {
    return Error{"forbidden", "a " + std::string(name_of(m.role)) + " may not " + why};
  };
  if (m.role == Role::Viewer) return forbidden("change the board (read only)");
  if (op.author != self) return Error{"forbidden", "op.author must be your participant id \"" + self + "\""};
  // issue 14: everyone signs only for themselves (net/plan_rules.cpp)
  if (op.kind == OpKind::SignOff)
    if (auto e = check_signoff_rule(m.role, self, op)) return e;
  if (targets_plan_item(op.kind) && !may_change_plan_item(m.role, op.kind))
    return forbidden(std::string(name_of(op.kind)));
  if (m.role == Role::Facilitator) return std::nullopt;
  // What the role may do is decided from the op alone; only an op the role may send
  // then learns whether its card is there. So a family connection that probes card
  // ids, even with an op it may not send, hears the same for a hidden card as for
  // one that does not exist (docs/security.md, "The small leaks").
  auto allowed = [&]() -> std::optional<Error> {
    if (m.audience == Audience::Family && targets_card(op.kind))
      if (const Card* card = board_.find_card(op.target); card && card->professional_only)
        return Error{"not_found", "card \"" + op.target + "\" does not exist"};
    return std::nullopt;
  };
  switch (op.kind) {
    case OpKind::SetRating:
    case OpKind::SignOff:
      if (op.target != self) return forbidden(std::string(name_of(op.kind)) + " for someone else");
      return allowed();
    case OpKind::SetAgreement:
      if (op.field != self) return forbidden("set_agreement for someone else");
      return allowed();
    case OpKind::AddSuggestion: return allowed();
    // issue 15: a professional records what the child said to them, the network, the bottom lines.
    case OpKind::SetEntry:
      if (m.role == Role::Professional) return std::nullopt;
      break;
    default:
      // Professionals edit cards; agreement marks were settled above.
      if (targets_card(op.kind) && m.role == Role::Professional) return allowed();
      if (targets_plan_item(op.kind)) return std::nullopt;  // issue 14: checked above
      break;
  }
  return forbidden(std::string(name_of(op.kind)));
}

std::optional<Error> Meeting::accept(const Op& op, std::uint64_t author) {
  AudienceFilter filter(board_, op);
  ApplyResult result = apply(board_, op, config_.limits);
  if (result.error) return result.error;
  const std::uint64_t seq = ++seq_;
  const Deliveries deliveries = filter.classify(board_, result.respaced);
  Op settled = op;
  settle_order(settled, board_, result.respaced);
  recent_.push_back(Recent{seq, settled, deliveries});
  if (recent_.size() > config_.recent_ops) recent_.pop_front();
  remember(op.author, op.id, Outcome{seq, std::nullopt});
  unsent_.push_back(Accepted{SequencedOp{seq, std::move(settled)}, std::move(result.inverse), deliveries, author});
  write_journal();
  return std::nullopt;
}

void Meeting::remember(const std::string& scope, const std::string& op_id, Outcome outcome) {
  std::string key = scope + '\n' + op_id;
  auto [it, inserted] = outcomes_.insert_or_assign(key, std::move(outcome));
  if (!inserted) return;
  outcome_order_.push_back(std::move(key));
  if (outcome_order_.size() > config_.remembered_op_ids) {
    outcomes_.erase(outcome_order_.front());
    outcome_order_.pop_front();
  }
}

// [SECTION] group commit: hand batches to the journal

void Meeting::write_journal() {
  if (writing_ || unsent_.empty()) return;
  std::vector<SequencedOp> ops;
  ops.reserve(unsent_.size());
  for (const Accepted& a : unsent_) ops.push_back(a.sequenced);
  // Nothing is in flight, so board_ is exactly the board after this batch: the
  // journal's snapshot is a copy of it, once per snapshot interval.
  std::shared_ptr<const Board> snapshot;
  if (journal_->snapshot_due(ops.back().seq)) snapshot = std::make_shared<const Board>(board_);
  if (!writer_) {
    std::vector<Accepted> batch = std::move(unsent_);
    unsent_.clear();
    in_flight_ = std::move(batch);
    on_durable(snapshot ? journal_->append(ops, *snapshot) : journal_->append(ops));
    return;
  }
  writing_ = true;
  in_flight_ = std::move(unsent_);
  unsent_.clear();
  writer_->submit(std::move(ops), std::move(snapshot), [this, alive = alive_, post = post_](std::optional<Error> result) {
    post([this, alive, result = std::move(result)]() mutable {
      if (*alive) on_durable(std::move(result));
    });
  });
}

void Meeting::on_durable(std::optional<Error> result) {
  writing_ = false;
  if (result) return fail_journal(*result);
  std::vector<Accepted> batch = std::move(in_flight_);
  in_flight_.clear();
  if (writer_)
    for (const Accepted& a : batch) apply(durable_board_, a.sequenced.op, config_.limits);
  if (!batch.empty()) durable_seq_ = batch.back().sequenced.seq;
  deliver_batch(batch);
  welcome_those_waiting();
  write_journal();
}

// [SECTION] fan-out: each op in the form each audience may see

void Meeting::remember_own_op(std::uint64_t member, const std::string& op_id) {
  auto m = members_.find(member);
  if (member == 0 || m == members_.end()) return;
  m->second.own_ops.push_back(op_id);
  if (m->second.own_ops.size() > config_.recent_ops) m->second.own_ops.pop_front();
}

void Meeting::deliver_batch(const std::vector<Accepted>& batch) {
  for (const Accepted& a : batch) {
    const Op& op = a.sequenced.op;
    const std::uint64_t seq = a.sequenced.seq;
    remember_own_op(a.author, op.id);
    if (auto waiting = awaiting_durable_.find(op.author + '\n' + op.id); waiting != awaiting_durable_.end()) {
      for (std::uint64_t id : waiting->second) {
        if (id == a.author) continue;
        remember_own_op(id, op.id);
        if (auto w = members_.find(id); w != members_.end()) w->second.peer->deliver(encode_ack(op.id, seq));
      }
      awaiting_durable_.erase(waiting);
    }
    Frame op_frame;        // encoded once, shared by every connection that gets the op
    Frame redacted_frame;  // ... and its redacted form (a blind rating), likewise
    for (auto& [id, m] : members_) {
      if (!m.welcomed) continue;  // its welcome will hold this op
      const bool is_author = a.author == id;
      if (seq <= m.skip_through) {
        if (is_author) m.peer->deliver(encode_ack(op.id, seq));
        continue;
      }
      const Delivery d = a.deliveries.for_viewer(m.audience, m.presence.participant_id, op);
      if (d == Delivery::Op) {
        if (!op_frame) op_frame = encode_op(seq, op);
        m.peer->deliver(op_frame);
        continue;
      }
      if (is_author) m.peer->deliver(encode_ack(op.id, seq));
      if (d == Delivery::Redacted) {
        if (!redacted_frame) redacted_frame = encode_op(seq, redacted_rating(op));
        m.peer->deliver(redacted_frame);
      }
      if (d == Delivery::Snapshot) m.peer->deliver(snapshot_for(m, "visibility"));
    }
  }
}

// [SECTION] journal failure: take back what was not saved, go read-only

void Meeting::fail_journal(const Error& cause) {
  read_only_ = true;
  std::vector<Accepted> lost = std::move(in_flight_);
  in_flight_.clear();
  for (Accepted& a : unsent_) lost.push_back(std::move(a));
  unsent_.clear();
  if (writer_) {
    board_ = durable_board_;
  } else {
    for (auto it = lost.rbegin(); it != lost.rend(); ++it) apply(board_, it->inverse, config_.limits);
  }
  seq_ = durable_seq_;
  while (!recent_.empty() && recent_.back().seq > seq_) recent_.pop_back();
  const Error refused{"journal_failed", "the change could not be saved (" + cause.message + "); it was not applied"};
  for (const Accepted& a : lost) {
    const std::string& id = a.sequenced.op.id;
    const std::string key = a.sequenced.op.author + '\n' + id;
    outcomes_.insert_or_assign(key, Outcome{0, refused});
    std::vector<std::uint64_t> told{a.author};
    if (auto waiting = awaiting_durable_.find(key); waiting != awaiting_durable_.end()) {
      told.insert(told.end(), waiting->second.begin(), waiting->second.end());
      awaiting_durable_.erase(waiting);
    }
    for (std::uint64_t member : told)
      if (auto m = members_.find(member); member != 0 && m != members_.end())
        m->second.peer->deliver(encode_reject(id, refused));
  }
  const Frame notice = encode_error("journal_failed", "the host could not save changes (" + cause.message +
                                                          "); the meeting is read-only now", false);
  for (auto& [id, m] : members_) {
    if (!m.welcomed) {  // its participant may have been among what was not saved
      m.peer->deliver(encode_error("journal_failed", "the host could not save changes; join again later", true));
      m.peer->close_after_flush();
      continue;
    }
    m.peer->deliver(notice);
    m.peer->deliver(snapshot_for(m, "journal_failed"));
  }
}

}  // namespace tavle::net
