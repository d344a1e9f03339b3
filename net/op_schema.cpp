#include "net/op_schema.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "net/protocol.hpp"

namespace tavle::net {

using nlohmann::json;

namespace {

enum class Shape { Null, Scalar, Text, Flag, FieldValue, Object, NullOrObject, FlagOrObject /* issue 14 */ };

struct Schema {
  Shape value;
  std::vector<std::string_view> keys;  // Shape::Object: the keys it may hold
};

Schema schema_of(OpKind kind) {
  switch (kind) {
    case OpKind::AddCard:
      return {Shape::Object,
              {"column", "text", "order", "category", "professional_only", "paired_with", "owners", "due", "status",
               "carried_from", "goal" /* issue 14 */}};
    case OpKind::EditText: return {Shape::Text, {}};
    case OpKind::MoveCard: return {Shape::Object, {"column", "order", "category"}};
    case OpKind::SetCardField: return {Shape::FieldValue, {}};
    case OpKind::SetMeetingField: return {Shape::Scalar, {}};
    case OpKind::AddParticipant:
      return {Shape::Object, {"name", "role", "organisation", "present", "email", "phone", "address" /* issue 14 */}};
    case OpKind::UpdateParticipant: return {Shape::Scalar, {}};
    case OpKind::SetRating: return {Shape::Object, {"value", "reason"}};
    case OpKind::SetAgreement: return {Shape::Text, {}};
    // issue 14: true/false, or {"form": "oral"|"paper"} recorded by the facilitator,
    // or {"form", "at", "recorded_by"}: the undo of a take-back (board/apply_plan.cpp).
    case OpKind::SignOff: return {Shape::FlagOrObject, {"form", "at", "recorded_by"}};
    case OpKind::AddSuggestion: return {Shape::Object, {"column", "text"}};
    case OpKind::ResolveSuggestion:
      return {Shape::Object, {"decision", "card_id", "order", "column", "text", "card_version"}};
    case OpKind::DeleteCard:
    case OpKind::RestoreCard:
    case OpKind::RemoveParticipant:
    case OpKind::RestoreParticipant:
    case OpKind::RevealRatings:
    case OpKind::WithdrawApproval: return {Shape::Null, {}};
    // {"by", "at"}: the facilitator's undo of a withdrawal (board/apply.cpp approve_plan).
    case OpKind::ApprovePlan: return {Shape::NullOrObject, {"by", "at"}};
    // issue 15: status only in an undo (board/apply_followup.cpp).
    case OpKind::ReviewStep: return {Shape::Object, {"outcome", "why", "status"}};
    // issue 14: the family plan
    case OpKind::AddGoal: return {Shape::Object, {"text", "for", "how_we_know", "themes", "reached", "carried_from"}};
    case OpKind::AddIntervention:
      return {Shape::Object,
              {"text", "actor", "organisation", "for", "starts", "ends", "status", "goal", "themes",
               "professional_only", "carried_from"}};
    case OpKind::AddConsent: return {Shape::Object, {"given_by", "form", "at", "covers"}};
    case OpKind::SetGoalField:
    case OpKind::SetInterventionField:
    case OpKind::SetConsentField: return {Shape::FieldValue, {}};
    case OpKind::DeleteGoal:
    case OpKind::RestoreGoal:
    case OpKind::DeleteIntervention:
    case OpKind::RestoreIntervention:
    case OpKind::DeleteConsent:
    case OpKind::RestoreConsent: return {Shape::Null, {}};
    // issue 15: each list's own keys are checked by apply (board/apply_network.cpp).
    case OpKind::SetEntry:
      return {Shape::NullOrObject, {"child", "text", "how", "heard_by", "on", "house", "name", "relation", "contact",
                                    "commits", "who", "phone", "when", "what"}};
  }
  return {Shape::Null, {}};
}

bool scalar(const json& v) { return v.is_null() || v.is_string() || v.is_boolean() || v.is_number(); }

bool strings(const json& v) {
  if (!v.is_array()) return false;
  for (const json& e : v)
    if (!e.is_string()) return false;
  return true;
}

// A card field's value: a scalar, or the owners list.
bool field_value(const json& v) { return scalar(v) || strings(v); }

std::optional<Error> check_object(const json& v, const std::vector<std::string_view>& keys, const char* path) {
  if (!v.is_object()) return Error{"invalid", std::string(path) + ": expected an object"};
  for (const auto& [key, inner] : v.items()) {
    bool known = false;
    for (std::string_view k : keys) known |= key == k;
    if (!known) return Error{"invalid", std::string(path) + "." + key + ": not a field of this kind of op"};
    if (!field_value(inner)) return Error{"invalid", std::string(path) + "." + key + ": expected a plain value"};
  }
  return std::nullopt;
}

// What `expect` may hold: what the host's board held (a scalar, the owners list, a
// card's place, a rating, a participant's fields); apply() compares it whole.
std::optional<Error> check_expect(const json& e) {
  if (field_value(e)) return std::nullopt;
  return check_object(e,
                      {"column", "order", "value", "reason", "name", "role", "organisation", "present",
                       // issue 15: a step's follow-up, and an entry of set_entry
                       "outcome", "why", "child", "text", "how", "heard_by", "on", "house", "relation", "contact",
                       "commits", "who", "when", "what",
                       "email", "phone", "address" /* issue 14 */},
                      "op.expect");
}

}  // namespace

std::optional<Error> check_wire_op(const Op& op) {
  const Schema s = schema_of(op.kind);
  const json& v = op.value;
  const char* kind = name_of(op.kind).data();
  switch (s.value) {
    case Shape::Null:
      if (!v.is_null()) return Error{"invalid", std::string("op.value: ") + kind + " carries no value"};
      break;
    case Shape::Scalar:
      if (!scalar(v)) return Error{"invalid", "op.value: expected a string, number or true/false"};
      break;
    case Shape::Text:
      if (!v.is_string()) return Error{"invalid", "op.value: expected a string"};
      break;
    case Shape::Flag:
      if (!v.is_boolean()) return Error{"invalid", "op.value: expected true or false"};
      break;
    case Shape::FieldValue:
      if (!field_value(v)) return Error{"invalid", "op.value: expected a string, true/false or a list of ids"};
      break;
    case Shape::FlagOrObject:  // issue 14
      if (v.is_boolean()) break;
      if (auto e = check_object(v, s.keys, "op.value")) return e;
      break;
    case Shape::NullOrObject:
      if (v.is_null()) break;
      [[fallthrough]];
    case Shape::Object:
      if (auto e = check_object(v, s.keys, "op.value")) return e;
      break;
  }
  if (auto e = check_expect(op.expect)) return e;
  const std::size_t bytes = wire_text(to_json(op)).size();
  if (bytes > kMaxOpBytes)
    return Error{"too_long", "op: at most " + std::to_string(kMaxOpBytes) + " bytes, this one has " +
                                 std::to_string(bytes)};
  return std::nullopt;
}

}  // namespace tavle::net
