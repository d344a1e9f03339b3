// Every change to a board is an Op: the same value is sent on the wire, written to
// the journal, and kept for per-author undo. See docs/format.md for each kind.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "board/error.hpp"
#include "board/model.hpp"

namespace tavle {

enum class OpKind {
  AddCard,            // target: card id; value: {column, text, order, category?, professional_only?, owners?, due?}
  EditText,           // target: card id; value: new text
  MoveCard,           // target: card id; value: {column, order, category?}
  DeleteCard,         // target: card id
  RestoreCard,        // target: card id (undo of a delete)
  SetCardField,       // target: card id; field: category|professional_only|paired_with|owners|due|status
  SetMeetingField,    // field: see kMeetingFields in apply.cpp; value: string or bool
  AddParticipant,     // target: participant id; value: {name, role, organisation?, present?}
  UpdateParticipant,  // target: participant id; field: name|role|organisation|present
  RemoveParticipant,  // target: participant id
  RestoreParticipant, // target: participant id (undo of a remove)
  SetRating,          // target: participant id; value: {value: 0..10 | null, reason?}
  RevealRatings,      //
  SetAgreement,       // target: card id; field: participant id; value: agree|disagree|none
  ApprovePlan,        // approved by the op's author
  WithdrawApproval,   //
  SignOff,            // target: participant id; value: true | false
  AddSuggestion,      // target: suggestion id; value: {column, text}
  ResolveSuggestion,  // target: suggestion id; value: {accept: bool, card_id?, order?, column?, text?}
  // issue 15:
  ReviewStep,         // target: carried next step; value: {outcome, why?, status?}; expect: {outcome, why}
  // issue 14: the family plan (board/apply_plan.cpp, docs/format.md)
  AddGoal,                // target: goal id; value: {text, for?, how_we_know?, themes?, reached?, carried_from?}
  SetGoalField,           // target: goal id; field: text|for|how_we_know|themes|reached
  DeleteGoal,             // target: goal id; expect: content tag ("h:" + 16 hex)
  RestoreGoal,            // target: goal id; expect: content tag
  AddIntervention,        // target: id; value: {text, actor?, organisation?, for?, starts?, ends?, status?, goal?, themes?, professional_only?}
  SetInterventionField,   // target: id; field: one of add's keys
  DeleteIntervention,     // target: id; expect: content tag
  RestoreIntervention,    // target: id; expect: content tag
  AddConsent,             // target: id; value: {given_by, form, at, covers?}
  SetConsentField,        // target: id; field: given_by|form|at|covers|withdrawn_at
  DeleteConsent,          // target: id (an entry made by mistake; a withdrawal is withdrawn_at)
  RestoreConsent,         // target: id
  // issue 15: the child's voice and the safety network (board/apply_network.cpp)
  SetEntry,           // field: child_voice|safe_adults|acute_plan|bottom_lines; target: entry id; value: entry or null
};

std::string_view name_of(OpKind);
// Ops whose target is a card (add, edit, move, delete, restore, set field, agreement).
bool targets_card(OpKind);
// issue 14: ops on goals, interventions and consent records (board/apply_plan.cpp).
bool targets_plan_item(OpKind);
std::optional<OpKind> op_kind_from(std::string_view);

struct Op {
  std::string id;      // unique per op: "<client id>:<client seq>"
  std::string author;  // participant id of who made the change
  Millis at = 0;       // author's clock; becomes created/updated times
  OpKind kind = OpKind::AddCard;
  std::string target;
  std::string field;
  nlohmann::json value;
  // When set, the op applies only if the target still holds this (undo uses it so
  // it never reverts someone else's later work). Meaning depends on the kind.
  nlohmann::json expect;
};

nlohmann::json to_json(const Op&);
// Strict: unknown kinds, wrong types and over-long ids are errors naming the field.
std::optional<Error> op_from_json(const nlohmann::json&, Op& out);

}  // namespace tavle
