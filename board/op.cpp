#include "board/op.hpp"

#include "board/limits.hpp"

#include <array>
#include <utility>

namespace tavle {
namespace {

constexpr std::array<std::pair<OpKind, std::string_view>, 33> kOpNames{{
    {OpKind::AddCard, "add_card"},
    {OpKind::EditText, "edit_text"},
    {OpKind::MoveCard, "move_card"},
    {OpKind::DeleteCard, "delete_card"},
    {OpKind::RestoreCard, "restore_card"},
    {OpKind::SetCardField, "set_card_field"},
    {OpKind::SetMeetingField, "set_meeting_field"},
    {OpKind::AddParticipant, "add_participant"},
    {OpKind::UpdateParticipant, "update_participant"},
    {OpKind::RemoveParticipant, "remove_participant"},
    {OpKind::RestoreParticipant, "restore_participant"},
    {OpKind::SetRating, "set_rating"},
    {OpKind::RevealRatings, "reveal_ratings"},
    {OpKind::SetAgreement, "set_agreement"},
    {OpKind::ApprovePlan, "approve_plan"},
    {OpKind::WithdrawApproval, "withdraw_approval"},
    {OpKind::SignOff, "sign_off"},
    {OpKind::AddSuggestion, "add_suggestion"},
    {OpKind::ResolveSuggestion, "resolve_suggestion"},
    // issue 15:
    {OpKind::ReviewStep, "review_step"},
    // issue 14: the family plan
    {OpKind::AddGoal, "add_goal"},
    {OpKind::SetGoalField, "set_goal_field"},
    {OpKind::DeleteGoal, "delete_goal"},
    {OpKind::RestoreGoal, "restore_goal"},
    {OpKind::AddIntervention, "add_intervention"},
    {OpKind::SetInterventionField, "set_intervention_field"},
    {OpKind::DeleteIntervention, "delete_intervention"},
    {OpKind::RestoreIntervention, "restore_intervention"},
    {OpKind::AddConsent, "add_consent"},
    {OpKind::SetConsentField, "set_consent_field"},
    {OpKind::DeleteConsent, "delete_consent"},
    {OpKind::RestoreConsent, "restore_consent"},
    // issue 15: the child's voice and the safety network
    {OpKind::SetEntry, "set_entry"},
}};

constexpr std::size_t kMaxOpIdBytes = 160;  // "<client id>:<seq>"

std::optional<Error> read_string(const nlohmann::json& j, const char* key, std::string& out,
                                 bool required, std::size_t limit) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) return Error{"invalid", std::string("op.") + key + ": missing"};
    return std::nullopt;
  }
  if (!it->is_string()) return Error{"invalid", std::string("op.") + key + ": expected a string"};
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > limit)
    return Error{"too_long", std::string("op.") + key + ": longer than " + std::to_string(limit) + " bytes"};
  out = s;
  return std::nullopt;
}

}  // namespace

std::string_view name_of(OpKind kind) {
  for (const auto& [k, name] : kOpNames)
    if (k == kind) return name;
  return "?";
}

bool targets_card(OpKind kind) {
  switch (kind) {
    case OpKind::AddCard:
    case OpKind::EditText:
    case OpKind::MoveCard:
    case OpKind::DeleteCard:
    case OpKind::RestoreCard:
    case OpKind::SetCardField:
    case OpKind::SetAgreement:
    case OpKind::ReviewStep:  // issue 15
      return true;
    default: return false;
  }
}

// issue 14
bool targets_plan_item(OpKind kind) {
  switch (kind) {
    case OpKind::AddGoal:
    case OpKind::SetGoalField:
    case OpKind::DeleteGoal:
    case OpKind::RestoreGoal:
    case OpKind::AddIntervention:
    case OpKind::SetInterventionField:
    case OpKind::DeleteIntervention:
    case OpKind::RestoreIntervention:
    case OpKind::AddConsent:
    case OpKind::SetConsentField:
    case OpKind::DeleteConsent:
    case OpKind::RestoreConsent: return true;
    default: return false;
  }
}

std::optional<OpKind> op_kind_from(std::string_view name) {
  for (const auto& [k, n] : kOpNames)
    if (n == name) return k;
  return std::nullopt;
}

nlohmann::json to_json(const Op& op) {
  nlohmann::json j{{"id", op.id}, {"author", op.author}, {"at", op.at}, {"kind", name_of(op.kind)}};
  if (!op.target.empty()) j["target"] = op.target;
  if (!op.field.empty()) j["field"] = op.field;
  if (!op.value.is_null()) j["value"] = op.value;
  if (!op.expect.is_null()) j["expect"] = op.expect;
  return j;
}

std::optional<Error> op_from_json(const nlohmann::json& j, Op& out) {
  if (!j.is_object()) return Error{"invalid", "op: expected an object"};
  Op op;
  std::string kind;
  if (auto e = read_string(j, "id", op.id, true, kMaxOpIdBytes)) return e;
  if (op.id.empty()) return Error{"invalid", "op.id: must not be empty"};
  // A participant id: longer would be stored on cards and refused by the file reader.
  if (auto e = read_string(j, "author", op.author, true, kDefaultLimits.id_bytes)) return e;
  if (auto e = read_string(j, "kind", kind, true, 64)) return e;
  auto k = op_kind_from(kind);
  if (!k) return Error{"invalid", "op.kind: unknown kind \"" + kind + "\""};
  op.kind = *k;
  if (auto e = read_string(j, "target", op.target, false, kMaxOpIdBytes)) return e;
  if (auto e = read_string(j, "field", op.field, false, kMaxOpIdBytes)) return e;
  if (auto it = j.find("at"); it != j.end()) {
    // The meeting file holds times from 1970 on (board_json.cpp): an op that could
    // put an earlier one on the board would make the saved meeting unreadable.
    if (!it->is_number_integer() || it->get<Millis>() < 0)
      return Error{"invalid", "op.at: expected milliseconds since 1970 as a whole number, not negative"};
    op.at = it->get<Millis>();
  }
  if (auto it = j.find("value"); it != j.end()) op.value = *it;
  if (auto it = j.find("expect"); it != j.end()) op.expect = *it;
  out = std::move(op);
  return std::nullopt;
}

}  // namespace tavle
