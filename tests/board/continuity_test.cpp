// Continuity: the next meeting starts where the last one ended, the "what changed"
// view, and the safety-scale history.
#include "board/continuity.hpp"

#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"

namespace tavle {
namespace {

constexpr Millis kNextMonth = 1800000000000;

Op op_of(const std::string& author, OpKind kind, const std::string& target, nlohmann::json value,
         const std::string& field = {}) {
  static int seq = 0;
  Op op;
  op.id = "t:" + std::to_string(++seq);
  op.author = author;
  op.at = kNextMonth + seq;
  op.kind = kind;
  op.target = target;
  op.field = field;
  op.value = std::move(value);
  return op;
}

void must_apply(Board& b, const Op& op) {
  ApplyResult r = apply(b, op);
  ASSERT_TRUE(r.ok()) << name_of(op.kind) << " " << op.target << ": " << r.error->message;
}

class ContinuityTest : public ::testing::Test {
 protected:
  Board previous = sample_board();
  Board next = start_next_meeting(previous, "m-next", kNextMonth);
};

TEST_F(ContinuityTest, NewMeetingPointsBackAndKeepsTheFamily) {
  EXPECT_EQ(next.meeting.id, "m-next");
  EXPECT_EQ(next.meeting.previous_meeting_id, "m-sample");
  EXPECT_EQ(next.meeting.family_id, previous.meeting.family_id);
  EXPECT_EQ(next.meeting.family_label, "Familien Jensen");
  EXPECT_EQ(next.meeting.starts_at, previous.meeting.next_meeting);
  EXPECT_EQ(next.meeting.coordinator, "p-mette");
  EXPECT_EQ(next.revision, 0u);
}

TEST_F(ContinuityTest, CarriesEveryParticipantAsPresent) {
  ASSERT_EQ(next.participants.size(), previous.participants.size());
  for (const auto& [id, p] : previous.participants) {
    const Participant* carried = next.find_participant(id);
    ASSERT_NE(carried, nullptr) << id;
    EXPECT_EQ(carried->name, p.name);
    EXPECT_EQ(carried->role, p.role);
    EXPECT_EQ(carried->organisation, p.organisation);
    EXPECT_TRUE(carried->present) << id;
  }
}

TEST_F(ContinuityTest, CarriesDangerStatementsAndSafetyGoalsWithTheirPairing) {
  const Card* danger = next.find_card("c-fare");
  const Card* goal = next.find_card("c-maal");
  ASSERT_NE(danger, nullptr);
  ASSERT_NE(goal, nullptr);
  EXPECT_EQ(danger->text, previous.find_card("c-fare")->text);
  EXPECT_EQ(danger->category, Category::DangerStatement);
  EXPECT_EQ(danger->paired_with, "c-maal");
  EXPECT_EQ(goal->category, Category::SafetyGoal);
  EXPECT_EQ(danger->carried_from, "c-fare");
  EXPECT_TRUE(danger->agreement.empty()) << "agreement is given again at each meeting";
}

TEST_F(ContinuityTest, CarriesEveryNextStepWithOwnersDueAndStatusForReview) {
  for (const auto& id : {"c-aftenplan", "c-skolebesked", "c-besoeg", "c-laege", "c-job", "c-hanne"}) {
    const Card* before = previous.find_card(id);
    const Card* after = next.find_card(id);
    ASSERT_NE(after, nullptr) << id;
    EXPECT_EQ(after->text, before->text) << id;
    EXPECT_EQ(after->step.owners, before->step.owners) << id;
    EXPECT_EQ(after->step.due, before->step.due) << id;
    EXPECT_EQ(after->step.status, before->step.status) << id;
    EXPECT_EQ(after->carried_from, id);
  }
  EXPECT_EQ(next.find_card("c-laege")->step.status, StepStatus::Done);
  EXPECT_EQ(steps_to_review(next).size(), 6u);
}

TEST_F(ContinuityTest, LeavesOnlyThisMeetingsContentBehind) {
  EXPECT_EQ(next.find_card("c-skole"), nullptr) << "strengths are told again";
  EXPECT_EQ(next.find_card("c-alene"), nullptr) << "harm is told again";
  EXPECT_TRUE(next.scale.ratings.empty());
  EXPECT_FALSE(next.scale.revealed);
  EXPECT_EQ(next.scale.question, previous.scale.question);
  EXPECT_TRUE(next.suggestions.empty());
  EXPECT_TRUE(next.meeting.approval.by.empty());
  EXPECT_TRUE(next.meeting.signoffs.empty());
  EXPECT_TRUE(next.meeting.consent.given_by.empty());
}

TEST_F(ContinuityTest, DeletedCardsAreNotCarried) {
  must_apply(previous, op_of("p-pia", OpKind::DeleteCard, "c-job", nullptr));
  Board again = start_next_meeting(previous, "m-next", kNextMonth);
  EXPECT_EQ(again.find_card("c-job"), nullptr);
}

TEST_F(ContinuityTest, CarriedMeetingSurvivesTheFileFormatAndTakesOps) {
  Board read;
  ASSERT_FALSE(board_from_json(to_json(next), read).has_value());
  EXPECT_EQ(state_hash(read), state_hash(next));
  must_apply(next, op_of("p-pia", OpKind::SetCardField, "c-aftenplan", "done", "status"));
  must_apply(next, op_of("p-pia", OpKind::EditText, "c-fare", "Ny formulering"));
  EXPECT_EQ(next.find_card("c-aftenplan")->step.status, StepStatus::Done);
}

TEST_F(ContinuityTest, ChangesViewShowsAddedRemovedAndChangedCards) {
  must_apply(next, op_of("p-pia", OpKind::SetCardField, "c-aftenplan", "done", "status"));
  must_apply(next, op_of("p-pia", OpKind::EditText, "c-fare", "Emma er ikke alene om aftenen længere."));
  must_apply(next, op_of("p-anne", OpKind::AddCard, "c-ny", {{"column", "working_well"}, {"text", "Emma sover godt"}}));
  must_apply(next, op_of("p-pia", OpKind::DeleteCard, "c-job", nullptr));
  MeetingChanges changes = changes_since(previous, next);

  auto find = [&](const std::string& id) -> const CardChange* {
    for (const auto& c : changes.cards)
      if (c.card_id == id) return &c;
    return nullptr;
  };
  ASSERT_NE(find("c-ny"), nullptr);
  EXPECT_EQ(find("c-ny")->kind, CardChange::Kind::Added);
  EXPECT_EQ(find("c-ny")->after_text, "Emma sover godt");
  ASSERT_NE(find("c-job"), nullptr);
  EXPECT_EQ(find("c-job")->kind, CardChange::Kind::Removed);
  ASSERT_NE(find("c-fare"), nullptr);
  EXPECT_EQ(find("c-fare")->kind, CardChange::Kind::Changed);
  EXPECT_EQ(find("c-fare")->before_text, previous.find_card("c-fare")->text);
  EXPECT_EQ(find("c-fare")->fields, std::vector<std::string>{"text"});
  ASSERT_NE(find("c-aftenplan"), nullptr);
  EXPECT_EQ(find("c-aftenplan")->fields, std::vector<std::string>{"status"});
  EXPECT_EQ(find("c-maal"), nullptr) << "an unchanged card is not a change";
  EXPECT_EQ(find("c-skole")->kind, CardChange::Kind::Removed) << "not carried, so not on this board";
}

TEST_F(ContinuityTest, ChangesViewMatchesACardThroughCarriedFrom) {
  Card moved = next.cards.at("c-besoeg");
  next.cards.erase("c-besoeg");
  moved.id = "c-besoeg-2";
  next.cards.insert(moved);  // carried_from still says c-besoeg
  MeetingChanges changes = changes_since(previous, next);
  for (const auto& c : changes.cards) EXPECT_NE(c.card_id, "c-besoeg-2") << "matched, unchanged";
}

TEST_F(ContinuityTest, ChangesViewGivesEachRatingThenAndNow) {
  must_apply(next, op_of("p-pia", OpKind::SetMeetingField, "", false, "scale_blind"));
  must_apply(next, op_of("p-pia", OpKind::SetRating, "p-pia", {{"value", 6}}));
  must_apply(next, op_of("p-line", OpKind::SetRating, "p-line", {{"value", 7}}));
  MeetingChanges changes = changes_since(previous, next);
  std::map<std::string, std::pair<int, int>> got;
  for (const auto& r : changes.ratings) got[r.participant_id] = {r.before, r.after};
  EXPECT_EQ(got["p-pia"], std::make_pair(4, 6));
  EXPECT_EQ(got["p-line"], std::make_pair(7, 7));
  EXPECT_EQ(got["p-mette"], std::make_pair(5, -1));
  EXPECT_EQ(changes.ratings.size(), 7u);
}

TEST_F(ContinuityTest, ChangesViewNeverShowsAHiddenBlindRating) {
  ASSERT_TRUE(next.scale.blind);
  must_apply(next, op_of("p-pia", OpKind::SetRating, "p-pia", {{"value", 2}}));
  const Board family_view = view_for(next, Audience::Family, "p-line");
  bool seen = false;
  for (const auto& r : changes_since(previous, family_view).ratings) {
    if (r.participant_id != "p-pia") continue;
    seen = true;
    EXPECT_EQ(r.before, 4);
    EXPECT_EQ(r.after, -1) << "a blind rating leaked into the changes view";
  }
  EXPECT_TRUE(seen);
}

TEST_F(ContinuityTest, UnrevealedBlindRoundStaysOutOfTheChartAndTheChanges) {
  ASSERT_TRUE(next.scale.blind);
  must_apply(next, op_of("p-pia", OpKind::SetRating, "p-pia", {{"value", 9}}));
  EXPECT_TRUE(scale_point(next).by_participant.empty());
  for (const auto& r : changes_since(previous, next).ratings) EXPECT_NE(r.after, 9);
  must_apply(next, op_of("p-pia", OpKind::RevealRatings, "", nullptr));
  EXPECT_EQ(scale_point(next).by_participant.at("p-pia"), 9);
}

TEST_F(ContinuityTest, ScalePointSummarisesTheRatings) {
  ScalePoint p = scale_point(previous);
  EXPECT_EQ(p.meeting_id, "m-sample");
  EXPECT_EQ(p.date, "2026-11-25");
  EXPECT_EQ(p.lowest, 4);
  EXPECT_EQ(p.highest, 8);
  EXPECT_DOUBLE_EQ(p.average, (7 + 6 + 8 + 6 + 6 + 5 + 4) / 7.0);
  EXPECT_EQ(p.by_participant.at("p-emma"), 8);
  ScalePoint empty = scale_point(next);
  EXPECT_EQ(empty.lowest, -1);
  EXPECT_TRUE(empty.by_participant.empty());
}

TEST_F(ContinuityTest, ScaleHistoryIsOrderedByMeetingDate) {
  must_apply(next, op_of("p-pia", OpKind::SetMeetingField, "", false, "scale_blind"));
  must_apply(next, op_of("p-pia", OpKind::SetRating, "p-pia", {{"value", 6}}));
  Board third = start_next_meeting(next, "m-third", kNextMonth + 1);
  third.meeting.starts_at = "2027-03-01";
  auto history = scale_history({third, next, previous});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].meeting_id, "m-sample");
  EXPECT_EQ(history[1].meeting_id, "m-next");
  EXPECT_EQ(history[1].date, "2027-01-14");
  EXPECT_DOUBLE_EQ(history[1].average, 6.0);
  EXPECT_EQ(history[2].meeting_id, "m-third");
}

}  // namespace
}  // namespace tavle
