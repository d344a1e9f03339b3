#include "board/ops.hpp"

#include "board/network.hpp"

namespace tavle::ops {

namespace {

Op make(OpKind kind, std::string target = "", std::string field = "", nlohmann::json value = nullptr) {
  Op op;
  op.kind = kind;
  op.target = std::move(target);
  op.field = std::move(field);
  op.value = std::move(value);
  return op;
}

}  // namespace

// [SECTION] cards
Op add_card(std::string card_id, Column column, std::string text, std::string order, const CardExtras& extras) {
  nlohmann::json value{{"column", tavle::name_of(column)}, {"text", std::move(text)}};
  if (!order.empty()) value["order"] = std::move(order);
  if (extras.category != Category::None) value["category"] = tavle::name_of(extras.category);
  if (extras.professional_only) value["professional_only"] = true;
  if (!extras.owners.empty()) value["owners"] = extras.owners;
  if (!extras.due.empty()) value["due"] = extras.due;
  if (extras.status) value["status"] = tavle::name_of(*extras.status);
  if (!extras.carried_from.empty()) value["carried_from"] = extras.carried_from;
  return make(OpKind::AddCard, std::move(card_id), "", std::move(value));
}

Op edit_text(std::string card_id, std::string text) {
  return make(OpKind::EditText, std::move(card_id), "", std::move(text));
}

Op move_card(std::string card_id, Column column, std::string order, std::optional<Category> category) {
  nlohmann::json value{{"column", tavle::name_of(column)}};
  if (!order.empty()) value["order"] = std::move(order);
  if (category) value["category"] = tavle::name_of(*category);
  return make(OpKind::MoveCard, std::move(card_id), "", std::move(value));
}

Op delete_card(std::string card_id) { return make(OpKind::DeleteCard, std::move(card_id)); }
Op restore_card(std::string card_id) { return make(OpKind::RestoreCard, std::move(card_id)); }

// [SECTION] card fields
Op set_card_field(std::string card_id, Category category) {
  return make(OpKind::SetCardField, std::move(card_id), "category", tavle::name_of(category));
}

Op set_card_field(std::string card_id, StepStatus status) {
  return make(OpKind::SetCardField, std::move(card_id), "status", tavle::name_of(status));
}

Op set_card_field(std::string card_id, CardText field, std::string value) {
  return make(OpKind::SetCardField, std::move(card_id), field == CardText::PairedWith ? "paired_with" : "due",
              std::move(value));
}

Op set_card_field(std::string card_id, CardFlag, bool value) {
  return make(OpKind::SetCardField, std::move(card_id), "professional_only", value);
}

Op set_card_field(std::string card_id, std::vector<std::string> owners) {
  return make(OpKind::SetCardField, std::move(card_id), "owners", std::move(owners));
}

// [SECTION] meeting fields
std::string_view name_of(MeetingText field) {
  switch (field) {
    case MeetingText::FamilyLabel: return "family_label";
    case MeetingText::CaseRef: return "case_ref";
    case MeetingText::StartsAt: return "starts_at";
    case MeetingText::Place: return "place";
    case MeetingText::Facilitator: return "facilitator";
    case MeetingText::Coordinator: return "coordinator";
    case MeetingText::ConsentBy: return "consent_by";
    case MeetingText::ConsentAt: return "consent_at";
    case MeetingText::NextMeeting: return "next_meeting";
    case MeetingText::Language: return "language";
    case MeetingText::ScaleQuestion: return "scale_question";
  }
  return "";
}

std::string_view name_of(MeetingFlag field) { return field == MeetingFlag::ScaleBlind ? "scale_blind" : "scale_revealed"; }

Op set_meeting_field(MeetingText field, std::string value) {
  return make(OpKind::SetMeetingField, "", std::string(name_of(field)), std::move(value));
}

Op set_meeting_field(MeetingFlag field, bool value) {
  return make(OpKind::SetMeetingField, "", std::string(name_of(field)), value);
}

Op set_meeting_field(MeetingKind kind) { return make(OpKind::SetMeetingField, "", "kind", tavle::name_of(kind)); }

// [SECTION] participants
Op add_participant(std::string participant_id, std::string name, ParticipantRole role, std::string organisation,
                   bool present) {
  return make(OpKind::AddParticipant, std::move(participant_id), "",
              {{"name", std::move(name)},
               {"role", tavle::name_of(role)},
               {"organisation", std::move(organisation)},
               {"present", present}});
}

Op update_participant(std::string participant_id, ParticipantText field, std::string value) {
  return make(OpKind::UpdateParticipant, std::move(participant_id),
              field == ParticipantText::Name ? "name" : "organisation", std::move(value));
}

Op update_participant(std::string participant_id, ParticipantRole role) {
  return make(OpKind::UpdateParticipant, std::move(participant_id), "role", tavle::name_of(role));
}

Op update_participant(std::string participant_id, ParticipantFlag, bool value) {
  return make(OpKind::UpdateParticipant, std::move(participant_id), "present", value);
}

Op remove_participant(std::string participant_id) { return make(OpKind::RemoveParticipant, std::move(participant_id)); }
Op restore_participant(std::string participant_id) {
  return make(OpKind::RestoreParticipant, std::move(participant_id));
}

// [SECTION] scale
Op set_rating(std::string participant_id, std::optional<int> value, std::string reason) {
  return make(OpKind::SetRating, std::move(participant_id), "",
              {{"value", value ? nlohmann::json(*value) : nlohmann::json(nullptr)}, {"reason", std::move(reason)}});
}

Op reveal_ratings() { return make(OpKind::RevealRatings); }

// [SECTION] agreement and approval
Op set_agreement(std::string card_id, std::string participant_id, Agreement agreement) {
  return make(OpKind::SetAgreement, std::move(card_id), std::move(participant_id), tavle::name_of(agreement));
}

Op approve_plan() { return make(OpKind::ApprovePlan); }
Op withdraw_approval() { return make(OpKind::WithdrawApproval); }
Op sign_off(std::string participant_id, bool signed_off) {
  return make(OpKind::SignOff, std::move(participant_id), "", signed_off);
}

// [SECTION] suggestions
Op add_suggestion(std::string suggestion_id, Column column, std::string text) {
  return make(OpKind::AddSuggestion, std::move(suggestion_id), "",
              {{"column", tavle::name_of(column)}, {"text", std::move(text)}});
}

Op accept_suggestion(std::string suggestion_id, std::string card_id, std::optional<Column> column,
                     std::optional<std::string> text) {
  nlohmann::json value{{"decision", "accept"}, {"card_id", std::move(card_id)}};
  if (column) value["column"] = tavle::name_of(*column);
  if (text) value["text"] = std::move(*text);
  return make(OpKind::ResolveSuggestion, std::move(suggestion_id), "", std::move(value));
}

Op decline_suggestion(std::string suggestion_id) {
  return make(OpKind::ResolveSuggestion, std::move(suggestion_id), "", {{"decision", "decline"}});
}

// [SECTION] follow-up
Op review_step(std::string card_id, StepStatus outcome, std::string why) {
  nlohmann::json value{{"outcome", tavle::name_of(outcome)}};
  if (!why.empty()) value["why"] = std::move(why);
  return make(OpKind::ReviewStep, std::move(card_id), "", std::move(value));
}

// [SECTION] plan lists (issue 15)
Op set_entry(std::string entry_id, const ChildWords& words) {
  return make(OpKind::SetEntry, std::move(entry_id), std::string(tavle::name_of(PlanList::ChildVoice)), entry_json(words));
}
Op set_entry(std::string entry_id, const SafeAdult& adult) {
  return make(OpKind::SetEntry, std::move(entry_id), std::string(tavle::name_of(PlanList::SafeAdults)), entry_json(adult));
}
Op set_entry(std::string entry_id, const AcuteContact& contact) {
  return make(OpKind::SetEntry, std::move(entry_id), std::string(tavle::name_of(PlanList::AcutePlan)), entry_json(contact));
}
Op set_entry(std::string entry_id, const BottomLine& line) {
  return make(OpKind::SetEntry, std::move(entry_id), std::string(tavle::name_of(PlanList::BottomLines)), entry_json(line));
}
Op remove_entry(PlanList list, std::string entry_id) {
  return make(OpKind::SetEntry, std::move(entry_id), std::string(tavle::name_of(list)), nullptr);
}

}  // namespace tavle::ops
