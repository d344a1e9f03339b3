// Typed constructors for every kind of Op: the field names and value shapes of
// docs/format.md are written once, here, so a misspelt field or a wrong value type
// is a compile error instead of an op apply() rejects at run time. The JSON in
// Op::value stays the wire form. The sender fills in id, author and at; undo fills
// in expect.
//
// [SECTION] cards · card fields · meeting fields · participants · scale · agreement
//           and approval · suggestions · follow-up · plan lists
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "board/op.hpp"

namespace tavle::ops {

// [SECTION] cards ----------------------------------------------------------------
// What a new card may carry besides column, text and order; what is left at its
// default is not sent.
struct CardExtras {
  Category category = Category::None;
  bool professional_only = false;
  // (Every member has an initializer, so {.category = ...} leaves the rest out without a warning.)
  std::vector<std::string> owners{};
  std::string due{};  // YYYY-MM-DD
  std::optional<StepStatus> status{};
  std::string carried_from{};  // the card of the last meeting this one continues
};

// An empty `order` puts the card after the column's last card.
Op add_card(std::string card_id, Column column, std::string text, std::string order = "", const CardExtras& extras = {});
Op edit_text(std::string card_id, std::string text);
// An empty `order` puts the card last; `category`, when given, is set in the same
// step (a category must fit its column).
Op move_card(std::string card_id, Column column, std::string order, std::optional<Category> category = {});
Op delete_card(std::string card_id);
Op restore_card(std::string card_id);

// [SECTION] card fields (set_card_field) ------------------------------------------
enum class CardText { PairedWith, Due };  // paired_with: a safety goal's card id or ""; due: YYYY-MM-DD or ""
enum class CardFlag { ProfessionalOnly };
Op set_card_field(std::string card_id, Category category);
Op set_card_field(std::string card_id, StepStatus status);
Op set_card_field(std::string card_id, CardText field, std::string value);
Op set_card_field(std::string card_id, CardFlag field, bool value);
Op set_card_field(std::string card_id, std::vector<std::string> owners);

// [SECTION] meeting fields (set_meeting_field) -------------------------------------
enum class MeetingText {
  FamilyLabel,
  CaseRef,
  StartsAt,     // YYYY-MM-DD or YYYY-MM-DDTHH:MM
  Place,
  Facilitator,  // participant id
  Coordinator,  // participant id
  ConsentBy,
  ConsentAt,    // YYYY-MM-DD
  NextMeeting,  // YYYY-MM-DD or YYYY-MM-DDTHH:MM
  Language,     // da or en
  ScaleQuestion,
};
enum class MeetingFlag { ScaleBlind, ScaleRevealed };
Op set_meeting_field(MeetingText field, std::string value);
Op set_meeting_field(MeetingFlag field, bool value);
Op set_meeting_field(MeetingKind kind);
// The wire name of a meeting field ("family_label", ...).
std::string_view name_of(MeetingText);
std::string_view name_of(MeetingFlag);

// [SECTION] participants ------------------------------------------------------------
Op add_participant(std::string participant_id, std::string name, ParticipantRole role, std::string organisation = "",
                   bool present = true);
enum class ParticipantText { Name, Organisation };
enum class ParticipantFlag { Present };
Op update_participant(std::string participant_id, ParticipantText field, std::string value);
Op update_participant(std::string participant_id, ParticipantRole role);
Op update_participant(std::string participant_id, ParticipantFlag field, bool value);
Op remove_participant(std::string participant_id);
Op restore_participant(std::string participant_id);

// [SECTION] scale ------------------------------------------------------------------
// `value` 0..10, or nullopt to take the rating back.
Op set_rating(std::string participant_id, std::optional<int> value, std::string reason = "");
Op reveal_ratings();

// [SECTION] agreement and approval -------------------------------------------------------
Op set_agreement(std::string card_id, std::string participant_id, Agreement agreement);
Op approve_plan();
Op withdraw_approval();
Op sign_off(std::string participant_id, bool signed_off);

// [SECTION] suggestions (resolve_suggestion: accept or decline) --------------------------
Op add_suggestion(std::string suggestion_id, Column column, std::string text);
// Accepting makes the card `card_id`, in `column` and with `text` when given (else the suggestion's own).
Op accept_suggestion(std::string suggestion_id, std::string card_id, std::optional<Column> column = {},
                     std::optional<std::string> text = {});
Op decline_suggestion(std::string suggestion_id);

// [SECTION] follow-up (issue 15) ------------------------------------------------------------
// How a next step carried from the last meeting went: done, not done (with a short
// why), carried on, or open again.
Op review_step(std::string card_id, StepStatus outcome, std::string why = "");

// [SECTION] plan lists (issue 15: set_entry, board/network.hpp) -----------------------------
// Adds or replaces the entry `entry_id` of the child's voice, the safety network,
// the acute plan or the bottom lines; who wrote it and when come from the op.
Op set_entry(std::string entry_id, const ChildWords& words);
Op set_entry(std::string entry_id, const SafeAdult& adult);
Op set_entry(std::string entry_id, const AcuteContact& contact);
Op set_entry(std::string entry_id, const BottomLine& line);
// Takes the entry out of its list.
Op remove_entry(PlanList list, std::string entry_id);

}  // namespace tavle::ops
