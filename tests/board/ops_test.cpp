// The typed op constructors (board/ops.hpp): each builds an op that apply() accepts
// with the effect its name says, and that survives the JSON wire form unchanged.
#include "board/ops.hpp"

#include <gtest/gtest.h>

#include <set>

#include "board/order_key.hpp"
#include "tests/board/board_fixture.hpp"

namespace tavle::testing {
namespace {

class Ops : public BoardTest {
 protected:
  // Sends `op` as pia would: through JSON and back (the wire), then apply().
  ApplyResult send(Op op, const std::string& author = "pia") {
    op = as(author, std::move(op));
    const nlohmann::json wire = to_json(op);
    Op back;
    const auto error = op_from_json(nlohmann::json::parse(wire.dump()), back);
    EXPECT_FALSE(error) << name_of(op.kind) << ": " << (error ? error->message : "");
    EXPECT_EQ(to_json(back), wire) << "changed on the way through JSON";
    return ok(back);
  }

  const Card& card(const std::string& id) { return board.cards.at(id); }
};

TEST_F(Ops, AddCardCarriesEveryExtra) {
  send(ops::add_card("c3", Column::NextSteps, "Mormor henter", "", {.category = Category::NextStep,
                                                                     .professional_only = true,
                                                                     .owners = {"line"},
                                                                     .due = "2026-12-01",
                                                                     .status = StepStatus::Done}));
  EXPECT_EQ(card("c3").text, "Mormor henter");
  EXPECT_EQ(card("c3").column, Column::NextSteps);
  EXPECT_EQ(card("c3").category, Category::NextStep);
  EXPECT_TRUE(card("c3").professional_only);
  EXPECT_EQ(card("c3").step.owners, std::vector<std::string>{"line"});
  EXPECT_EQ(card("c3").step.due, "2026-12-01");
  EXPECT_EQ(card("c3").step.status, StepStatus::Done);
  send(ops::add_card("c0", Column::NextSteps, "Først", order_key_between("", card("c2").order)));
  EXPECT_LT(card("c0").order, card("c3").order);
}

TEST_F(Ops, EditTextMoveDeleteAndRestoreACard) {
  send(ops::edit_text("c1", "Emma er alene to aftener om ugen"));
  EXPECT_EQ(card("c1").text, "Emma er alene to aftener om ugen");
  send(ops::move_card("c1", Column::WorkingWell, "", Category::Strength));
  EXPECT_EQ(card("c1").column, Column::WorkingWell);
  EXPECT_EQ(card("c1").category, Category::Strength);
  send(ops::delete_card("c1"));
  EXPECT_TRUE(card("c1").deleted);
  send(ops::restore_card("c1"));
  EXPECT_FALSE(card("c1").deleted);
}

TEST_F(Ops, SetCardFieldForEachField) {
  send(ops::set_card_field("c1", Category::DangerStatement));
  EXPECT_EQ(card("c1").category, Category::DangerStatement);
  send(ops::set_card_field("c1", ops::CardFlag::ProfessionalOnly, true));
  EXPECT_TRUE(card("c1").professional_only);
  send(ops::set_card_field("c1", ops::CardText::PairedWith, "c2"));
  EXPECT_EQ(card("c1").paired_with, "c2");
  send(ops::set_card_field("c2", std::vector<std::string>{"line", "anne"}));
  EXPECT_EQ(card("c2").step.owners, (std::vector<std::string>{"line", "anne"}));
  send(ops::set_card_field("c2", ops::CardText::Due, "2027-01-14"));
  EXPECT_EQ(card("c2").step.due, "2027-01-14");
  send(ops::set_card_field("c2", StepStatus::CarriedOn));
  EXPECT_EQ(card("c2").step.status, StepStatus::CarriedOn);
}

TEST_F(Ops, SetMeetingFieldForEveryField) {
  const std::pair<ops::MeetingText, std::string> texts[] = {
      {ops::MeetingText::FamilyLabel, "Familien Jensen"}, {ops::MeetingText::CaseRef, "27.00.00-A00"},
      {ops::MeetingText::StartsAt, "2026-11-24T09:00"},   {ops::MeetingText::Place, "Rådhuset"},
      {ops::MeetingText::Facilitator, "pia"},            {ops::MeetingText::Coordinator, "anne"},
      {ops::MeetingText::ConsentBy, "Line"},             {ops::MeetingText::ConsentAt, "2026-11-20"},
      {ops::MeetingText::NextMeeting, "2027-01-14"},     {ops::MeetingText::Language, "en"},
      {ops::MeetingText::ScaleQuestion, "Hvor tryg er Emma?"}};
  for (const auto& [field, value] : texts) send(ops::set_meeting_field(field, value));
  EXPECT_EQ(board.meeting.family_label, "Familien Jensen");
  EXPECT_EQ(board.meeting.case_ref, "27.00.00-A00");
  EXPECT_EQ(board.meeting.starts_at, "2026-11-24T09:00");
  EXPECT_EQ(board.meeting.place, "Rådhuset");
  EXPECT_EQ(board.meeting.facilitator, "pia");
  EXPECT_EQ(board.meeting.coordinator, "anne");
  EXPECT_EQ(board.meeting.consent.given_by, "Line");
  EXPECT_EQ(board.meeting.consent.at, "2026-11-20");
  EXPECT_EQ(board.meeting.next_meeting, "2027-01-14");
  EXPECT_EQ(board.meeting.language, "en");
  EXPECT_EQ(board.scale.question, "Hvor tryg er Emma?");
  send(ops::set_meeting_field(MeetingKind::FollowUp));
  EXPECT_EQ(board.meeting.kind, MeetingKind::FollowUp);
  send(ops::set_meeting_field(ops::MeetingFlag::ScaleBlind, true));
  EXPECT_TRUE(board.scale.blind);
  send(ops::set_meeting_field(ops::MeetingFlag::ScaleRevealed, true));
  EXPECT_TRUE(board.scale.revealed);
}

TEST_F(Ops, AddUpdateRemoveAndRestoreAParticipant) {
  send(ops::add_participant("birthe", "Birthe", ParticipantRole::PrivateNetwork, "Mormor", false));
  const auto person = [&] { return *board.find_participant("birthe"); };
  EXPECT_EQ(person().name, "Birthe");
  EXPECT_EQ(person().role, ParticipantRole::PrivateNetwork);
  EXPECT_EQ(person().organisation, "Mormor");
  EXPECT_FALSE(person().present);
  send(ops::update_participant("birthe", ops::ParticipantText::Name, "Birthe J."));
  send(ops::update_participant("birthe", ops::ParticipantText::Organisation, "Nabo"));
  send(ops::update_participant("birthe", ParticipantRole::Parent));
  send(ops::update_participant("birthe", ops::ParticipantFlag::Present, true));
  EXPECT_EQ(person().name, "Birthe J.");
  EXPECT_EQ(person().organisation, "Nabo");
  EXPECT_EQ(person().role, ParticipantRole::Parent);
  EXPECT_TRUE(person().present);
  send(ops::remove_participant("birthe"));
  EXPECT_TRUE(person().removed);
  send(ops::restore_participant("birthe"));
  EXPECT_FALSE(person().removed);
}

TEST_F(Ops, RatingsAreGivenTakenBackAndRevealed) {
  send(ops::set_rating("line", 7, "Det går bedre"), "line");
  EXPECT_EQ(board.scale.ratings.at("line").value, 7);
  EXPECT_EQ(board.scale.ratings.at("line").reason, "Det går bedre");
  send(ops::set_rating("line", std::nullopt), "line");
  EXPECT_EQ(board.scale.ratings.count("line"), 0u);
  send(ops::reveal_ratings());
  EXPECT_TRUE(board.scale.revealed);
}

TEST_F(Ops, AgreementApprovalAndSignOff) {
  send(ops::set_agreement("c1", "line", Agreement::Disagree), "line");
  EXPECT_EQ(card("c1").agreement.at("line"), Agreement::Disagree);
  send(ops::set_meeting_field(ops::MeetingText::Coordinator, "anne"));  // a plan needs a coordinator
  send(ops::approve_plan());
  EXPECT_EQ(board.meeting.approval.by, "pia");
  send(ops::sign_off("line", true));
  EXPECT_EQ(board.meeting.signoffs.count("line"), 1u);
  send(ops::withdraw_approval());
  EXPECT_TRUE(board.meeting.approval.by.empty());
}

TEST_F(Ops, SuggestionsAreAcceptedOrDeclined) {
  send(ops::add_suggestion("s1", Column::WorkingWell, "Mormor ser mine kampe"), "line");
  send(ops::add_suggestion("s2", Column::Worries, "Far er sur"), "line");
  send(ops::accept_suggestion("s1", "c-s1", Column::NextSteps, "Mormor ser Emmas kampe"));
  EXPECT_EQ(card("c-s1").column, Column::NextSteps);
  EXPECT_EQ(card("c-s1").text, "Mormor ser Emmas kampe");
  send(ops::decline_suggestion("s2"));
  EXPECT_EQ(board.suggestions.at("s2").state, SuggestionState::Declined);
  EXPECT_EQ(board.suggestions.at("s1").state, SuggestionState::Accepted);
}

TEST_F(Ops, ACarriedStepIsReviewed) {
  send(ops::add_card("c-carried", Column::NextSteps, "Mormor henter", "",
                     {.category = Category::NextStep, .carried_from = "c-last-time"}));
  send(ops::review_step("c-carried", StepStatus::NotDone, "Mormor var syg"));
  EXPECT_EQ(card("c-carried").review.outcome, StepStatus::NotDone);
  EXPECT_EQ(card("c-carried").review.why, "Mormor var syg");
  EXPECT_EQ(card("c-carried").step.status, StepStatus::NotDone);
}

// Each constructor names the kind it makes (one constructor, at least, per kind).
TEST_F(Ops, EveryKindHasAConstructor) {
  const Op made[] = {ops::add_card("c", Column::Worries, "t"), ops::edit_text("c", "t"),
                     ops::move_card("c", Column::Worries, ""), ops::delete_card("c"), ops::restore_card("c"),
                     ops::set_card_field("c", StepStatus::Done), ops::set_meeting_field(MeetingKind::Status),
                     ops::add_participant("p", "P", ParticipantRole::Child), ops::update_participant("p", ParticipantRole::Child),
                     ops::remove_participant("p"), ops::restore_participant("p"), ops::set_rating("p", 1),
                     ops::reveal_ratings(), ops::set_agreement("c", "p", Agreement::Agree), ops::approve_plan(),
                     ops::withdraw_approval(), ops::sign_off("p", true), ops::add_suggestion("s", Column::Worries, "t"),
                     ops::decline_suggestion("s"), ops::review_step("c", StepStatus::Done)};
  std::set<std::string_view> kinds;
  for (const Op& op : made) kinds.insert(name_of(op.kind));
  for (std::string_view name : {"add_card", "edit_text", "move_card", "delete_card", "restore_card", "set_card_field",
                                "set_meeting_field", "add_participant", "update_participant", "remove_participant",
                                "restore_participant", "set_rating", "reveal_ratings", "set_agreement", "approve_plan",
                                "withdraw_approval", "sign_off", "add_suggestion", "resolve_suggestion", "review_step"})
    EXPECT_EQ(kinds.count(name), 1u) << name;
}

}  // namespace
}  // namespace tavle::testing
