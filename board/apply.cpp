// [SECTION] checks shared with the file reader
// [SECTION] meeting fields
// [SECTION] participants
// [SECTION] safety scale
// [SECTION] plan approval and sign-off
// [SECTION] apply(): dispatch, approval withdrawal, revision
#include "board/apply.hpp"

#include <algorithm>
#include <cctype>

#include "board/apply_parts.hpp"
#include "board/text.hpp"

namespace tavle {
using detail::reject;

// ---------------------------------------------------------------------------
// [SECTION] checks shared with the file reader
// ---------------------------------------------------------------------------
namespace {

bool digits_at(std::string_view s, std::size_t from, std::size_t count) {
  if (from + count > s.size()) return false;
  return std::all_of(s.begin() + static_cast<long>(from), s.begin() + static_cast<long>(from + count),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::optional<Error> check_text(std::string_view text, std::size_t limit, std::string_view field) {
  if (text.size() > limit)
    return Error{"too_long", std::string(field) + ": " + std::to_string(text.size()) + " bytes, the limit is " +
                                 std::to_string(limit)};
  if (!valid_utf8(text)) return Error{"invalid", std::string(field) + ": not valid UTF-8 text"};
  return std::nullopt;
}

std::optional<Error> check_id(std::string_view id, std::string_view field, const Limits& limits) {
  if (id.empty()) return Error{"invalid", std::string(field) + ": must not be empty"};
  if (id.size() > limits.id_bytes)
    return Error{"too_long", std::string(field) + ": ids are at most " + std::to_string(limits.id_bytes) + " bytes"};
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':'))
      return Error{"invalid", std::string(field) + ": ids use letters, digits and - _ . : only"};
  return std::nullopt;
}

std::optional<Error> check_date(std::string_view d, bool allow_time, std::string_view field) {
  if (d.empty()) return std::nullopt;
  const bool date_ok = d.size() >= 10 && digits_at(d, 0, 4) && d[4] == '-' && digits_at(d, 5, 2) && d[7] == '-' &&
                       digits_at(d, 8, 2);
  const bool time_ok = d.size() == 10 || (allow_time && d.size() == 16 && d[10] == 'T' && digits_at(d, 11, 2) &&
                                          d[13] == ':' && digits_at(d, 14, 2));
  if (!date_ok || !time_ok)
    return Error{"invalid", std::string(field) + ": expected " + (allow_time ? "YYYY-MM-DD or YYYY-MM-DDTHH:MM" : "YYYY-MM-DD")};
  const long month = parse_number(d.substr(5, 2), 0, 99).value_or(0);
  const long day = parse_number(d.substr(8, 2), 0, 99).value_or(0);
  if (month < 1 || month > 12 || day < 1 || day > 31) return Error{"invalid", std::string(field) + ": no such date"};
  return std::nullopt;
}

namespace detail {

Op inverse_of(const Op& op, OpKind kind, nlohmann::json value, nlohmann::json expect, std::string field) {
  Op inv;
  inv.author = op.author;
  inv.kind = kind;
  inv.target = op.target;
  inv.field = field.empty() ? op.field : std::move(field);
  inv.value = std::move(value);
  inv.expect = std::move(expect);
  return inv;
}

std::string ValueReader::string(const char* key, std::size_t limit, bool required) {
  if (error) return {};
  const std::string path = std::string("op.value.") + key;
  if (!value.is_object() || !value.contains(key)) {
    if (required) error = Error{"invalid", path + ": missing"};
    return {};
  }
  const auto& v = value.at(key);
  if (!v.is_string()) {
    error = Error{"invalid", path + ": expected a string"};
    return {};
  }
  if (auto e = check_text(v.get_ref<const std::string&>(), limit, path)) {
    error = e;
    return {};
  }
  return v.get<std::string>();
}

bool ValueReader::boolean(const char* key, bool fallback) {
  if (error || !value.is_object() || !value.contains(key)) return fallback;
  const auto& v = value.at(key);
  if (!v.is_boolean()) {
    error = Error{"invalid", std::string("op.value.") + key + ": expected true or false"};
    return fallback;
  }
  return v.get<bool>();
}

std::optional<Error> check_owners(const Board& board, const nlohmann::json& owners, const Limits& limits,
                                  std::vector<std::string>& out) {
  if (!owners.is_array()) return Error{"invalid", "owners: expected a list of participant ids"};
  if (owners.size() > limits.owners_per_step)
    return Error{"limit", "owners: at most " + std::to_string(limits.owners_per_step) + " people per next step"};
  std::vector<std::string> ids;
  for (const auto& o : owners) {
    if (!o.is_string()) return Error{"invalid", "owners: expected participant ids as strings"};
    const auto& id = o.get_ref<const std::string&>();
    const Participant* p = board.find_participant(id);
    // issue 15: or a safe adult of the family's network who is not in the room
    if ((!p || p->removed) && !board.safe_adults.count(id))
      return Error{"not_found", "owners: no participant or safe adult \"" + id + "\""};
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  out = std::move(ids);
  return std::nullopt;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// [SECTION] meeting fields
// ---------------------------------------------------------------------------
namespace {

nlohmann::json meeting_field(const Board& b, const std::string& field) {
  const Meeting& m = b.meeting;
  if (field == "family_label") return m.family_label;
  if (field == "case_ref") return m.case_ref;
  if (field == "kind") return name_of(m.kind);
  if (field == "starts_at") return m.starts_at;
  if (field == "place") return m.place;
  if (field == "facilitator") return m.facilitator;
  if (field == "coordinator") return m.coordinator;
  if (field == "consent_by") return m.consent.given_by;
  if (field == "consent_at") return m.consent.at;
  if (field == "next_meeting") return m.next_meeting;
  if (field == "language") return m.language;
  if (field == "scale_question") return b.scale.question;
  if (field == "scale_blind") return b.scale.blind;
  if (field == "scale_revealed") return b.scale.revealed;
  return nullptr;
}

ApplyResult set_meeting_field(Board& b, const Op& op, const Limits& limits) {
  const std::string& f = op.field;
  const nlohmann::json before = meeting_field(b, f);
  if (before.is_null()) return reject("invalid", "op.field: \"" + f + "\" is not a meeting field");
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "meeting " + f + " was changed by someone else since");
  const std::string path = "meeting." + f;
  if (before.is_boolean()) {
    if (!op.value.is_boolean()) return reject("invalid", path + ": expected true or false");
  } else if (!op.value.is_string()) {
    return reject("invalid", path + ": expected a string");
  }
  Meeting& m = b.meeting;
  if (op.value.is_boolean()) {
    const bool v = op.value.get<bool>();
    if (f == "scale_blind") b.scale.blind = v;
    if (f == "scale_revealed") b.scale.revealed = v;
  } else {
    const auto& v = op.value.get_ref<const std::string&>();
    const std::size_t limit = f == "scale_question" ? limits.card_text_bytes : limits.short_text_bytes;
    if (auto e = check_text(v, limit, path)) return ApplyResult{e, {}};
    if (f == "starts_at" || f == "next_meeting" || f == "consent_at")
      if (auto e = check_date(v, f != "consent_at", path)) return ApplyResult{e, {}};
    if (f == "facilitator" || f == "coordinator") {
      const Participant* p = b.find_participant(v);
      if (!v.empty() && (!p || p->removed)) return reject("not_found", path + ": no participant \"" + v + "\"");
    }
    if (f == "kind" && !meeting_kind_from(v))
      return reject("invalid", path + ": expected network, status or follow_up");
    if (f == "language" && v != "da" && v != "en") return reject("invalid", path + ": expected da or en");
    if (f == "family_label") m.family_label = v;
    if (f == "case_ref") m.case_ref = v;
    if (f == "kind") m.kind = *meeting_kind_from(v);
    if (f == "starts_at") m.starts_at = v;
    if (f == "place") m.place = v;
    if (f == "facilitator") m.facilitator = v;
    if (f == "coordinator") m.coordinator = v;
    if (f == "consent_by") m.consent.given_by = v;
    if (f == "consent_at") m.consent.at = v;
    if (f == "next_meeting") m.next_meeting = v;
    if (f == "language") m.language = v;
    if (f == "scale_question") b.scale.question = v;
  }
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::SetMeetingField, before, op.value)};
}

// ---------------------------------------------------------------------------
// [SECTION] participants
// ---------------------------------------------------------------------------

nlohmann::json participant_fields(const Participant& p) {
  nlohmann::json f{{"name", p.name}, {"role", name_of(p.role)}, {"organisation", p.organisation}, {"present", p.present}};
  // issue 14: contact details, only when given (so older ops' expect still matches)
  if (!p.email.empty()) f["email"] = p.email;
  if (!p.phone.empty()) f["phone"] = p.phone;
  if (!p.address.empty()) f["address"] = p.address;
  return f;
}

// issue 14: the contact fields a participant op may set.
std::string* contact_field(Participant& p, const std::string& field) {
  if (field == "email") return &p.email;
  if (field == "phone") return &p.phone;
  if (field == "address") return &p.address;
  return nullptr;
}

ApplyResult add_participant(Board& b, const Op& op, const Limits& limits) {
  if (auto e = check_id(op.target, "op.target", limits)) return ApplyResult{e, {}};
  if (b.participants.count(op.target)) return reject("exists", "participant \"" + op.target + "\" already exists");
  const auto live = std::count_if(b.participants.begin(), b.participants.end(),
                                  [](const auto& kv) { return !kv.second.removed; });
  if (static_cast<std::size_t>(live) >= limits.participants)
    return reject("limit", "participants: at most " + std::to_string(limits.participants) + " per meeting");
  detail::ValueReader r{op.value, std::nullopt};
  Participant p;
  p.id = op.target;
  p.name = r.string("name", limits.short_text_bytes, true);
  const std::string role = r.string("role", 32, true);
  p.organisation = r.string("organisation", limits.short_text_bytes, false);
  p.present = r.boolean("present", true);
  for (const char* f : {"email", "phone", "address"})  // issue 14
    *contact_field(p, f) = r.string(f, limits.short_text_bytes, false);
  if (r.error) return ApplyResult{r.error, {}};
  if (p.name.empty()) return reject("invalid", "op.value.name: must not be empty");
  auto parsed_role = participant_role_from(role);
  if (!parsed_role) return reject("invalid", "op.value.role: expected parent, child, private_network or professional");
  p.role = *parsed_role;
  b.participants[p.id] = p;
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::RemoveParticipant, nullptr, participant_fields(p))};
}

ApplyResult update_participant(Board& b, const Op& op, const Limits& limits) {
  auto it = b.participants.find(op.target);
  if (it == b.participants.end()) return reject("not_found", "no participant \"" + op.target + "\"");
  Participant& p = it->second;
  if (p.removed) return reject("deleted", "participant \"" + op.target + "\" was removed");
  nlohmann::json fields = participant_fields(p);
  for (const char* f : {"email", "phone", "address"})  // issue 14
    if (!fields.contains(f)) fields[f] = "";
  if (!fields.contains(op.field))
    return reject("invalid", "op.field: \"" + op.field +
                                 "\" is not a participant field (name, role, organisation, present, email, phone, address)");
  const nlohmann::json before = fields.at(op.field);
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "participant " + op.field + " was changed by someone else since");
  const std::string path = "participant." + op.field;
  if (op.field == "present") {
    if (!op.value.is_boolean()) return reject("invalid", path + ": expected true or false");
    p.present = op.value.get<bool>();
  } else {
    if (!op.value.is_string()) return reject("invalid", path + ": expected a string");
    const auto& v = op.value.get_ref<const std::string&>();
    if (auto e = check_text(v, limits.short_text_bytes, path)) return ApplyResult{e, {}};
    if (op.field == "role") {
      auto role = participant_role_from(v);
      if (!role) return reject("invalid", path + ": expected parent, child, private_network or professional");
      p.role = *role;
    } else if (op.field == "name") {
      if (v.empty()) return reject("invalid", path + ": must not be empty");
      p.name = v;
    } else if (std::string* contact = contact_field(p, op.field)) {  // issue 14
      *contact = v;
    } else {
      p.organisation = v;
    }
  }
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::UpdateParticipant, before, op.value)};
}

ApplyResult remove_participant(Board& b, const Op& op) {
  auto it = b.participants.find(op.target);
  if (it == b.participants.end()) return reject("not_found", "no participant \"" + op.target + "\"");
  Participant& p = it->second;
  if (p.removed) return reject("deleted", "participant \"" + op.target + "\" was already removed");
  if (!op.expect.is_null() && op.expect != participant_fields(p))
    return reject("conflict", "participant \"" + p.name + "\" was changed by someone else since");
  if (b.meeting.coordinator == p.id)
    return reject("in_use", p.name + " is the coordinator; name another coordinator first");
  if (b.meeting.facilitator == p.id)
    return reject("in_use", p.name + " is the facilitator; name another facilitator first");
  p.removed = true;
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::RestoreParticipant, nullptr, true)};
}

ApplyResult restore_participant(Board& b, const Op& op) {
  auto it = b.participants.find(op.target);
  if (it == b.participants.end()) return reject("not_found", "no participant \"" + op.target + "\"");
  if (!it->second.removed) return reject("conflict", "participant \"" + op.target + "\" is not removed");
  it->second.removed = false;
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::RemoveParticipant, nullptr, participant_fields(it->second))};
}

// ---------------------------------------------------------------------------
// [SECTION] safety scale
// ---------------------------------------------------------------------------

nlohmann::json rating_json(const SafetyScale& s, const std::string& pid) {
  auto it = s.ratings.find(pid);
  if (it == s.ratings.end()) return {{"value", nullptr}, {"reason", ""}};
  return {{"value", it->second.value}, {"reason", it->second.reason}};
}

ApplyResult set_rating(Board& b, const Op& op, const Limits& limits) {
  const Participant* p = b.find_participant(op.target);
  if (!p || p->removed) return reject("not_found", "no participant \"" + op.target + "\" to rate for");
  if (!op.value.is_object() || !op.value.contains("value"))
    return reject("invalid", "op.value.value: missing (a number 0-10, or null to clear)");
  if (auto hidden = op.value.find("hidden"); hidden != op.value.end()) {
    // A view's form of someone else's blind rating (docs/protocol.md): it was
    // given, its value is not shown. Only a host sends it; it refuses it from clients.
    if (!hidden->is_boolean() || !hidden->get<bool>()) return reject("invalid", "op.value.hidden: only true is allowed");
    Rating& rating = b.scale.ratings[op.target];
    rating = Rating{};
    rating.hidden = true;
    rating.at = op.at;
    return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::SetRating, nullptr, nullptr)};
  }
  const auto& v = op.value.at("value");
  if (!v.is_null() && !(v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= 10))
    return reject("invalid", "op.value.value: the safety scale goes from 0 to 10");
  detail::ValueReader r{op.value, std::nullopt};
  const std::string reason = r.string("reason", limits.reason_bytes, false);
  if (r.error) return ApplyResult{r.error, {}};
  const nlohmann::json before = rating_json(b.scale, op.target);
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "the rating was changed by someone else since");
  if (v.is_null()) {
    b.scale.ratings.erase(op.target);
  } else {
    Rating& rating = b.scale.ratings[op.target];
    rating.value = v.get<int>();
    rating.reason = reason;
    rating.at = op.at;
  }
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::SetRating, before, rating_json(b.scale, op.target))};
}

ApplyResult reveal_ratings(Board& b, const Op& op) {
  if (b.scale.revealed) return reject("conflict", "the ratings are already revealed");
  b.scale.revealed = true;
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::SetMeetingField, false, true, "scale_revealed")};
}

// ---------------------------------------------------------------------------
// [SECTION] plan approval and sign-off
// ---------------------------------------------------------------------------

// An approval is the author's own, at the op's time. The one exception is the undo
// of a withdrawal, which puts back the approval that was withdrawn as it was
// (value {"by", "at"}): otherwise undoing Mette's withdrawal of Pia's approval would
// record the plan as approved by Mette. Only the facilitator sends approve_plan
// (net/meeting_ops.cpp), so no one else can approve in another's name this way.
ApplyResult approve_plan(Board& b, const Op& op) {
  Approval approval{op.author, op.at};
  if (op.value.is_object()) {
    const auto by = op.value.find("by");
    const auto at = op.value.find("at");
    if (op.value.size() != 2 || by == op.value.end() || at == op.value.end() || !by->is_string() ||
        !at->is_number_integer())
      return reject("invalid", "op.value: expected nothing, or {\"by\", \"at\"} to restore a withdrawn approval");
    approval = Approval{by->get<std::string>(), at->get<std::int64_t>()};
  } else if (!op.value.is_null()) {
    return reject("invalid", "op.value: expected nothing, or {\"by\", \"at\"} to restore a withdrawn approval");
  }
  const Participant* by = b.find_participant(approval.by);
  if (!by || by->removed)
    return reject("not_found", "the plan is approved by a participant; \"" + approval.by + "\" is not one");
  const Participant* coordinator = b.find_participant(b.meeting.coordinator);
  if (!coordinator || coordinator->removed)
    return reject("no_coordinator", "name a coordinator before the plan is approved");
  if (!b.meeting.approval.by.empty()) return reject("conflict", "the plan is already approved");
  b.meeting.approval = approval;
  return ApplyResult{std::nullopt, detail::inverse_of(op, OpKind::WithdrawApproval, nullptr, approval.at)};
}

ApplyResult withdraw_approval(Board& b, const Op& op) {
  if (b.meeting.approval.by.empty()) return reject("conflict", "the plan is not approved");
  if (!op.expect.is_null() && op.expect != b.meeting.approval.at)
    return reject("conflict", "the plan was approved again by someone else since");
  const Approval was = b.meeting.approval;
  b.meeting.approval = {};
  return ApplyResult{std::nullopt,
                     detail::inverse_of(op, OpKind::ApprovePlan, {{"by", was.by}, {"at", was.at}}, nullptr)};
}

ApplyResult dispatch(Board& b, const Op& op, const Limits& limits) {
  if (op.kind == OpKind::ReviewStep) return detail::apply_review_step(b, op, limits);  // issue 15
  if (op.kind == OpKind::SetEntry) return detail::apply_set_entry(b, op, limits);      // issue 15
  if (targets_card(op.kind)) return detail::apply_card_op(b, op, limits);
  switch (op.kind) {
    case OpKind::AddSuggestion:
    case OpKind::ResolveSuggestion: return detail::apply_suggestion_op(b, op, limits);
    case OpKind::SetMeetingField: return set_meeting_field(b, op, limits);
    case OpKind::AddParticipant: return add_participant(b, op, limits);
    case OpKind::UpdateParticipant: return update_participant(b, op, limits);
    case OpKind::RemoveParticipant: return remove_participant(b, op);
    case OpKind::RestoreParticipant: return restore_participant(b, op);
    case OpKind::SetRating: return set_rating(b, op, limits);
    case OpKind::RevealRatings: return reveal_ratings(b, op);
    case OpKind::ApprovePlan: return approve_plan(b, op);
    case OpKind::WithdrawApproval: return withdraw_approval(b, op);
    case OpKind::SignOff: return detail::apply_signoff(b, op);  // issue 14: board/apply_plan.cpp
    case OpKind::RecordInformed: return detail::apply_informed(b, op);  // issue 14: board/apply_informed.cpp
    default: break;
  }
  if (targets_plan_item(op.kind)) return detail::apply_plan_op(b, op, limits);  // issue 14
  return reject("invalid", "op.kind: unknown");
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] apply(): dispatch, approval withdrawal, revision
// ---------------------------------------------------------------------------

bool changes_plan(const Op& op) {
  switch (op.kind) {
    case OpKind::AddCard:
    case OpKind::EditText:
    case OpKind::MoveCard:
    case OpKind::DeleteCard:
    case OpKind::RestoreCard:
    case OpKind::SetCardField:
    case OpKind::ReviewStep:  // issue 15: a step's status is part of the plan
    case OpKind::SetEntry:    // issue 15: the child's voice, the network, the acute plan, bottom lines
      return true;
    case OpKind::ResolveSuggestion: {
      const auto it = op.value.is_object() ? op.value.find("decision") : op.value.end();
      return it != op.value.end() && it->is_string() && *it != "decline" && *it != "withdraw";
    }
    case OpKind::SetMeetingField: return op.field == "coordinator" || op.field == "next_meeting";
    // issue 14: goals and interventions are the plan; consent records are not
    case OpKind::AddConsent:
    case OpKind::SetConsentField:
    case OpKind::DeleteConsent:
    case OpKind::RestoreConsent:
    case OpKind::RecordInformed: return false;
    default: return targets_plan_item(op.kind);
  }
}

ApplyResult apply(Board& board, const Op& op, const Limits& limits) {
  if (op.author.empty()) return reject("invalid", "op.author: must not be empty");
  ApplyResult result = dispatch(board, op, limits);
  if (!result.ok()) return result;
  if (changes_plan(op) && !board.meeting.approval.by.empty()) {
    board.meeting.approval = {};
    board.meeting.signoffs.clear();
    board.meeting.signoff_forms.clear();  // issue 14
  }
  ++board.revision;
  return result;
}

}  // namespace tavle
