#include <set>

#include "tests/board/board_fixture.hpp"

namespace tavle::testing {
namespace {

using Apply = BoardTest;

TEST_F(Apply, AddsCardWithAuthorTimesAndCategory) {
  ok(make("anne", OpKind::AddCard, "c3", {{"column", "working_well"}, {"text", "Emma har det godt i skolen\nhver dag"}, {"category", "strength"}}));
  const Card* c = board.find_card("c3");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->author, "anne");
  EXPECT_EQ(c->category, Category::Strength);
  EXPECT_EQ(c->created, c->updated);
  EXPECT_EQ(board.column(Column::WorkingWell).size(), 1u);
}

TEST_F(Apply, RejectsCardWithBadColumnCategoryTextOrDuplicateId) {
  rejected(make("pia", OpKind::AddCard, "c9", {{"column", "sideways"}, {"text", "x"}}), "invalid");
  rejected(make("pia", OpKind::AddCard, "c9", {{"column", "worries"}, {"text", "x"}, {"category", "strength"}}), "invalid");
  rejected(make("pia", OpKind::AddCard, "c9", {{"column", "worries"}, {"text", std::string(2001, 'x')}}), "too_long");
  rejected(make("pia", OpKind::AddCard, "c9", {{"column", "worries"}, {"text", "\xc3\x28"}}), "invalid");
  rejected(make("pia", OpKind::AddCard, "c1", {{"column", "worries"}, {"text", "x"}}), "exists");
  rejected(make("pia", OpKind::AddCard, "c 9", {{"column", "worries"}, {"text", "x"}}), "invalid");
  rejected(make("pia", OpKind::AddCard, "c9", "just text"), "invalid");
  Error e = rejected(make("pia", OpKind::AddCard, "c9", {{"column", "worries"}, {"text", 5}}), "invalid");
  EXPECT_NE(e.message.find("op.value.text"), std::string::npos) << e.message;
}

TEST_F(Apply, RejectsCardsBeyondTheBoardLimit) {
  Limits small;
  small.cards = 2;
  ApplyResult r = apply(board, make("pia", OpKind::AddCard, "c3", {{"column", "worries"}, {"text", "x"}}), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "limit");
  EXPECT_NE(r.error->message.find("2"), std::string::npos);
}

TEST_F(Apply, EditsTextAndRejectsEditToDeletedCard) {
  ok(make("anne", OpKind::EditText, "c1", "Emma er alene hjemme om aftenen"));
  EXPECT_EQ(board.find_card("c1")->text, "Emma er alene hjemme om aftenen");
  ok(make("pia", OpKind::DeleteCard, "c1"));
  rejected(make("anne", OpKind::EditText, "c1", "sent alt for sent"), "deleted");
  rejected(make("anne", OpKind::EditText, "nope", "x"), "not_found");
  EXPECT_TRUE(board.find_card("c1")->deleted);
  EXPECT_TRUE(board.column(Column::Worries).empty());
}

TEST_F(Apply, MovesCardBetweenColumnsAndResetsCategoryThatNoLongerFits) {
  ok(make("pia", OpKind::SetCardField, "c1", "harm", "category"));
  ok(make("pia", OpKind::MoveCard, "c1", {{"column", "working_well"}, {"order", "V"}}));
  EXPECT_EQ(board.find_card("c1")->column, Column::WorkingWell);
  EXPECT_EQ(board.find_card("c1")->category, Category::None);
  rejected(make("pia", OpKind::MoveCard, "c1", {{"column", "worries"}, {"order", "V0"}}), "invalid");
  rejected(make("pia", OpKind::MoveCard, "c1", {{"column", "worries"}, {"category", "strength"}}), "invalid");
}

TEST_F(Apply, ConcurrentMovesToTheSameKeyNeverCollide) {
  ok(make("pia", OpKind::AddCard, "c3", {{"column", "worries"}, {"text", "x"}, {"order", "M"}}));
  ok(make("pia", OpKind::AddCard, "c4", {{"column", "worries"}, {"text", "y"}, {"order", "M"}}));
  ok(make("anne", OpKind::MoveCard, "c2", {{"column", "worries"}, {"order", "M"}}));
  auto col = board.column(Column::Worries);
  std::set<std::string> keys;
  for (const Card* c : col) keys.insert(c->order);
  EXPECT_EQ(keys.size(), col.size());
}

TEST_F(Apply, RestoresDeletedCard) {
  ok(make("pia", OpKind::DeleteCard, "c1"));
  rejected(make("pia", OpKind::DeleteCard, "c1"), "deleted");
  ok(make("pia", OpKind::RestoreCard, "c1"));
  EXPECT_FALSE(board.find_card("c1")->deleted);
  rejected(make("pia", OpKind::RestoreCard, "c1"), "conflict");
}

TEST_F(Apply, SetsNextStepFieldsAndPairsDangerStatementWithGoal) {
  ok(make("pia", OpKind::SetCardField, "c2", nlohmann::json::array({"anne", "line"}), "owners"));
  ok(make("pia", OpKind::SetCardField, "c2", "2026-12-05", "due"));
  ok(make("pia", OpKind::SetCardField, "c2", "done", "status"));
  ok(make("pia", OpKind::SetCardField, "c2", "safety_goal", "category"));
  ok(make("pia", OpKind::SetCardField, "c1", "danger_statement", "category"));
  ok(make("pia", OpKind::SetCardField, "c1", "c2", "paired_with"));
  ok(make("pia", OpKind::SetCardField, "c1", true, "professional_only"));
  const Card* step = board.find_card("c2");
  EXPECT_EQ(step->step.owners, (std::vector<std::string>{"anne", "line"}));
  EXPECT_EQ(step->step.due, "2026-12-05");
  EXPECT_EQ(step->step.status, StepStatus::Done);
  EXPECT_EQ(board.find_card("c1")->paired_with, "c2");
  rejected(make("pia", OpKind::SetCardField, "c2", nlohmann::json::array({"ghost"}), "owners"), "not_found");
  rejected(make("pia", OpKind::SetCardField, "c2", "5/12", "due"), "invalid");
  rejected(make("pia", OpKind::SetCardField, "c2", "2026-13-01", "due"), "invalid");
  rejected(make("pia", OpKind::SetCardField, "c2", "maybe", "status"), "invalid");
  rejected(make("pia", OpKind::SetCardField, "c2", "c1", "paired_with"), "invalid");
  rejected(make("pia", OpKind::SetCardField, "c2", "red", "colour"), "invalid");
  rejected(make("pia", OpKind::SetCardField, "c1", "yes", "professional_only"), "invalid");
}

TEST_F(Apply, SetsMeetingFieldsAndChecksThem) {
  ok(make("pia", OpKind::SetMeetingField, "", "Familien Jensen", "family_label"));
  ok(make("pia", OpKind::SetMeetingField, "", "follow_up", "kind"));
  ok(make("pia", OpKind::SetMeetingField, "", "2027-01-14T09:00", "next_meeting"));
  ok(make("pia", OpKind::SetMeetingField, "", "anne", "coordinator"));
  ok(make("pia", OpKind::SetMeetingField, "", "Line og Kasper", "consent_by"));
  ok(make("pia", OpKind::SetMeetingField, "", "en", "language"));
  EXPECT_EQ(board.meeting.family_label, "Familien Jensen");
  EXPECT_EQ(board.meeting.kind, MeetingKind::FollowUp);
  EXPECT_EQ(board.meeting.coordinator, "anne");
  rejected(make("pia", OpKind::SetMeetingField, "", "ghost", "coordinator"), "not_found");
  rejected(make("pia", OpKind::SetMeetingField, "", "x", "favourite_colour"), "invalid");
  rejected(make("pia", OpKind::SetMeetingField, "", "soon", "next_meeting"), "invalid");
  rejected(make("pia", OpKind::SetMeetingField, "", "de", "language"), "invalid");
  rejected(make("pia", OpKind::SetMeetingField, "", 3, "place"), "invalid");
  rejected(make("pia", OpKind::SetMeetingField, "", std::string(201, 'x'), "place"), "too_long");
}

TEST_F(Apply, ManagesParticipants) {
  ok(make("pia", OpKind::UpdateParticipant, "line", false, "present"));
  ok(make("pia", OpKind::UpdateParticipant, "line", "Line Jensen", "name"));
  EXPECT_FALSE(board.find_participant("line")->present);
  rejected(make("pia", OpKind::AddParticipant, "line", {{"name", "x"}, {"role", "parent"}}), "exists");
  rejected(make("pia", OpKind::AddParticipant, "p9", {{"name", "x"}, {"role", "boss"}}), "invalid");
  rejected(make("pia", OpKind::AddParticipant, "p9", {{"name", ""}, {"role", "parent"}}), "invalid");
  rejected(make("pia", OpKind::UpdateParticipant, "line", "x", "shoe_size"), "invalid");
  ok(make("pia", OpKind::SetMeetingField, "", "anne", "coordinator"));
  Error e = rejected(make("pia", OpKind::RemoveParticipant, "anne"), "in_use");
  EXPECT_NE(e.message.find("coordinator"), std::string::npos);
  ok(make("pia", OpKind::RemoveParticipant, "line"));
  rejected(make("pia", OpKind::UpdateParticipant, "line", "x", "name"), "deleted");
  ok(make("pia", OpKind::RestoreParticipant, "line"));
}

TEST_F(Apply, BlindRatingsStayHiddenUntilRevealed) {
  ok(make("pia", OpKind::SetMeetingField, "", true, "scale_blind"));
  ok(make("line", OpKind::SetRating, "line", {{"value", 7}, {"reason", "Det går bedre"}}));
  ok(make("anne", OpKind::SetRating, "anne", {{"value", 4}}));
  Board seen_by_line = view_for(board, Audience::Family, "line");
  EXPECT_EQ(seen_by_line.scale.ratings.at("line").value, 7);
  EXPECT_EQ(seen_by_line.scale.ratings.at("anne").value, -1);
  EXPECT_TRUE(seen_by_line.scale.ratings.at("anne").hidden);
  ok(make("pia", OpKind::RevealRatings));
  EXPECT_EQ(view_for(board, Audience::Family, "line").scale.ratings.at("anne").value, 4);
  rejected(make("pia", OpKind::RevealRatings), "conflict");
  rejected(make("line", OpKind::SetRating, "line", {{"value", 11}}), "invalid");
  rejected(make("line", OpKind::SetRating, "line", {{"value", "7"}}), "invalid");
  rejected(make("line", OpKind::SetRating, "ghost", {{"value", 5}}), "not_found");
  ok(make("line", OpKind::SetRating, "line", {{"value", nullptr}}));
  EXPECT_EQ(board.scale.ratings.count("line"), 0u);
}

TEST_F(Apply, ProfessionalOnlyCardsNeverReachFamilyOrProjection) {
  ok(make("anne", OpKind::AddCard, "c-pro", {{"column", "worries"}, {"text", "Kun fagpersoner"}, {"professional_only", true}}));
  EXPECT_EQ(view_for(board, Audience::Family, "line").cards.count("c-pro"), 0u);
  EXPECT_EQ(view_for(board, Audience::Projection, "").cards.count("c-pro"), 0u);
  EXPECT_EQ(view_for(board, Audience::Professional, "anne").cards.count("c-pro"), 1u);
}

TEST_F(Apply, MarksAgreement) {
  ok(make("line", OpKind::SetAgreement, "c1", "agree", "line"));
  ok(make("anne", OpKind::SetAgreement, "c1", "disagree", "anne"));
  EXPECT_EQ(board.find_card("c1")->agreement.at("line"), Agreement::Agree);
  ok(make("anne", OpKind::SetAgreement, "c1", "none", "anne"));
  EXPECT_EQ(board.find_card("c1")->agreement.count("anne"), 0u);
  rejected(make("line", OpKind::SetAgreement, "c1", "maybe", "line"), "invalid");
  rejected(make("line", OpKind::SetAgreement, "c1", "agree", "ghost"), "not_found");
}

TEST_F(Apply, RefusesApprovalWithoutCoordinator) {
  Error e = rejected(make("pia", OpKind::ApprovePlan), "no_coordinator");
  EXPECT_NE(e.message.find("coordinator"), std::string::npos);
  ok(make("pia", OpKind::SetMeetingField, "", "anne", "coordinator"));
  ok(make("pia", OpKind::ApprovePlan));
  EXPECT_EQ(board.meeting.approval.by, "pia");
  rejected(make("pia", OpKind::ApprovePlan), "conflict");
  rejected(make("stranger", OpKind::ApprovePlan), "not_found");
  ok(make("pia", OpKind::SignOff, "line", true));
  EXPECT_EQ(board.meeting.signoffs.count("line"), 1u);
  rejected(make("pia", OpKind::SignOff, "line", "yes"), "invalid");
}

TEST_F(Apply, ChangingThePlanWithdrawsApproval) {
  ok(make("pia", OpKind::SetMeetingField, "", "anne", "coordinator"));
  ok(make("pia", OpKind::ApprovePlan));
  ok(make("pia", OpKind::SignOff, "line", true));
  ok(make("line", OpKind::SetAgreement, "c1", "agree", "line"));
  EXPECT_EQ(board.meeting.approval.by, "pia") << "agreement marks do not change the plan";
  ok(make("anne", OpKind::EditText, "c2", "Skolen ringer samme dag"));
  EXPECT_TRUE(board.meeting.approval.by.empty());
  EXPECT_TRUE(board.meeting.signoffs.empty());
  rejected(make("pia", OpKind::WithdrawApproval), "conflict");
}

TEST_F(Apply, FamilySuggestionBecomesACardInTheFamilysName) {
  ok(make("line", OpKind::AddSuggestion, "s1", {{"column", "working_well"}, {"text", "Mormor hjælper"}}));
  EXPECT_EQ(board.suggestions.at("s1").state, SuggestionState::Pending);
  ok(make("pia", OpKind::ResolveSuggestion, "s1", {{"decision", "accept"}, {"card_id", "c-s1"}}));
  const Card* c = board.find_card("c-s1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->author, "line");
  EXPECT_EQ(c->text, "Mormor hjælper");
  rejected(make("pia", OpKind::ResolveSuggestion, "s1", {{"decision", "decline"}}), "conflict");
  ok(make("line", OpKind::AddSuggestion, "s2", {{"column", "worries"}, {"text", "Far kommer for sent"}}));
  ok(make("pia", OpKind::ResolveSuggestion, "s2", {{"decision", "decline"}}));
  rejected(make("pia", OpKind::ResolveSuggestion, "s2", {{"decision", "maybe"}}), "invalid");
  rejected(make("line", OpKind::AddSuggestion, "s3", {{"column", "worries"}, {"text", ""}}), "invalid");
  rejected(make("pia", OpKind::ResolveSuggestion, "s-none", {{"decision", "accept"}}), "not_found");
}

// Fuzz finding (op harness, CI run of stop 23): undoing a suggestion left it on the
// board as "declined" instead of taking it back.
TEST_F(Apply, UndoingASuggestionTakesItBackAndRedoPutsItBack) {
  const auto before = state_hash(board);
  ApplyResult added = ok(make("line", OpKind::AddSuggestion, "s1", {{"column", "working_well"}, {"text", "Mormor hjælper"}}));
  ApplyResult undone = ok(added.inverse);
  EXPECT_EQ(board.suggestions.count("s1"), 0u);
  EXPECT_EQ(state_hash(board), before);
  ok(undone.inverse);
  ASSERT_EQ(board.suggestions.count("s1"), 1u);
  EXPECT_EQ(board.suggestions.at("s1").text, "Mormor hjælper");
  EXPECT_EQ(board.suggestions.at("s1").state, SuggestionState::Pending);
  ok(make("pia", OpKind::ResolveSuggestion, "s1", {{"decision", "decline"}}));
  rejected(make("line", OpKind::ResolveSuggestion, "s1", {{"decision", "withdraw"}}), "conflict");
}

// Fuzz finding (tests/fuzz/corpus/op/undo-of-withdrawal-*): the undo of a withdrawal
// recorded the plan as approved by whoever undid it, at the time of the undo.
TEST_F(Apply, UndoingAWithdrawalPutsBackTheApprovalAsItWas) {
  ok(make("pia", OpKind::SetMeetingField, "", "anne", "coordinator"));
  ok(make("pia", OpKind::ApprovePlan));
  const Approval approved = board.meeting.approval;
  ApplyResult withdrawn = ok(make("anne", OpKind::WithdrawApproval));
  ok(withdrawn.inverse);
  EXPECT_EQ(board.meeting.approval.by, "pia");
  EXPECT_EQ(board.meeting.approval.at, approved.at);
  // Withdrawn by someone who is no participant: its undo still restores Pia's approval.
  ApplyResult by_stranger = ok(make("ghost", OpKind::WithdrawApproval));
  ok(by_stranger.inverse);
  EXPECT_EQ(board.meeting.approval.by, "pia");
  ok(make("pia", OpKind::WithdrawApproval));
  rejected(make("pia", OpKind::ApprovePlan, "", {{"by", "ghost"}, {"at", 5}}), "not_found");
  rejected(make("pia", OpKind::ApprovePlan, "", {{"by", "pia"}}), "invalid");
  rejected(make("pia", OpKind::ApprovePlan, "", "yes"), "invalid");
}

TEST_F(Apply, RejectsOpsWithoutAuthor) {
  Op op = make("pia", OpKind::EditText, "c1", "x");
  op.author.clear();
  rejected(op, "invalid");
}

}  // namespace
}  // namespace tavle::testing
