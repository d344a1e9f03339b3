// issue 15: following up last meeting's agreements: carried marks, overdue by the
// meeting's own date, review_step (outcome, why, undo, conflicts), outcomes carried
// into the next meeting, and the file form.
#include "board/followup.hpp"

#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/continuity.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "board/undo.hpp"

namespace tavle {
namespace {

constexpr Millis kNextMonth = 1800000000000;

class FollowUp : public ::testing::Test {
 protected:
  Op make(const std::string& author, OpKind kind, const std::string& target, nlohmann::json value,
          nlohmann::json expect = nullptr) {
    Op op;
    op.id = author + ":f" + std::to_string(++seq_);
    op.author = author;
    op.at = kNextMonth + seq_;
    op.kind = kind;
    op.target = target;
    op.value = std::move(value);
    op.expect = std::move(expect);
    return op;
  }
  ApplyResult review(const std::string& card, const char* outcome, const char* why = "",
                     const std::string& author = "p-pia") {
    return apply(next, make(author, OpKind::ReviewStep, card, {{"outcome", outcome}, {"why", why}}));
  }
  std::string rejected(const Op& op) {
    const auto before = state_hash(next);
    ApplyResult r = apply(next, op);
    EXPECT_FALSE(r.ok()) << to_json(op).dump();
    EXPECT_EQ(state_hash(next), before) << "a rejected op changed the board";
    return r.error ? r.error->code : "";
  }

  Board previous = sample_board();
  Board next = start_next_meeting(previous, "m-next", kNextMonth);
  int seq_ = 0;
};

TEST_F(FollowUp, CarriedCardsCarryAMarkAndNewOnesDoNot) {
  for (const auto& [id, card] : previous.cards) EXPECT_FALSE(is_carried(card)) << id;
  EXPECT_TRUE(is_carried(*next.find_card("c-aftenplan")));
  EXPECT_TRUE(is_carried(*next.find_card("c-maal")));
  ASSERT_TRUE(apply(next, make("p-pia", OpKind::AddCard, "c-ny", {{"column", "next_steps"}, {"text", "Ny aftale"}})).ok());
  EXPECT_FALSE(is_carried(*next.find_card("c-ny")));
  // The follow-up goes through the carried next steps, never the safety goal or new cards.
  std::vector<std::string> ids;
  for (const Card* c : followup_steps(next)) ids.push_back(c->id);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "c-maal"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "c-ny"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "c-aftenplan"), 1);
  EXPECT_EQ(ids.size(), steps_to_review(next).size());
}

TEST_F(FollowUp, OverdueIsJudgedByTheMeetingsOwnDate) {
  ASSERT_EQ(next.meeting.starts_at, "2027-01-14T09:00");
  EXPECT_TRUE(is_overdue(next, *next.find_card("c-aftenplan")));   // due 2026-12-05, open
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-besoeg")));     // due the meeting's own day
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-laege")));      // done before its date passed
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-maal")));       // a goal has no date to miss
  // The same board read on an earlier day of the meeting: nothing was late yet.
  Op earlier = make("p-pia", OpKind::SetMeetingField, "", "2026-12-01T09:00");
  earlier.field = "starts_at";
  ASSERT_TRUE(apply(next, earlier).ok());
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-aftenplan")));
  // A meeting without a date flags nothing.
  earlier = make("p-pia", OpKind::SetMeetingField, "", "");
  earlier.field = "starts_at";
  ASSERT_TRUE(apply(next, earlier).ok());
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-aftenplan")));
}

TEST_F(FollowUp, OverdueEndsWhenTheStepIsMarkedDoneOrNotDone) {
  EXPECT_EQ(followup_count(next).overdue, 3);  // the evening plan, the school's message, the job
  ASSERT_TRUE(review("c-aftenplan", "done").ok());
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-aftenplan")));
  ASSERT_TRUE(review("c-skolebesked", "carried_on").ok());
  EXPECT_TRUE(is_overdue(next, *next.find_card("c-skolebesked")));  // carried on, its old date still passed
  ASSERT_TRUE(review("c-skolebesked", "not_done", "Skolen havde ikke Pias nummer").ok());
  EXPECT_FALSE(is_overdue(next, *next.find_card("c-skolebesked")));
}

TEST_F(FollowUp, ReviewRecordsOutcomeWhyWhoAndWhenAndTheStatusFollows) {
  ApplyResult r = review("c-aftenplan", "not_done", "Mormor var syg i december");
  ASSERT_TRUE(r.ok()) << r.error->message;
  const Card& c = *next.find_card("c-aftenplan");
  EXPECT_EQ(c.review.outcome, StepStatus::NotDone);
  EXPECT_EQ(c.review.why, "Mormor var syg i december");
  EXPECT_EQ(c.review.by, "p-pia");
  EXPECT_GT(c.review.at, kNextMonth);
  EXPECT_EQ(c.step.status, StepStatus::NotDone);
  EXPECT_EQ(next.revision, 1u);
  const FollowUpCount n = followup_count(next);
  EXPECT_EQ(n.not_done, 1);
  EXPECT_EQ(n.total(), static_cast<int>(followup_steps(next).size()));
}

TEST_F(FollowUp, ReviewRefusesWhatIsNotACarriedNextStep) {
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-maal", {{"outcome", "done"}})), "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-fare", {{"outcome", "done"}})), "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-none", {{"outcome", "done"}})), "not_found");
  ASSERT_TRUE(apply(next, make("p-pia", OpKind::AddCard, "c-ny", {{"column", "next_steps"}, {"text", "Ny"}})).ok());
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-ny", {{"outcome", "done"}})), "invalid");
  ASSERT_TRUE(apply(next, make("p-pia", OpKind::DeleteCard, "c-job", nullptr)).ok());
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-job", {{"outcome", "done"}})), "deleted");
}

TEST_F(FollowUp, ReviewRefusesBadValuesNamingTheField) {
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan", {{"outcome", "maybe"}})), "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan", nullptr)), "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan", {{"outcome", 3}})), "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan",
                          {{"outcome", "not_done"}, {"why", std::string(201, 'x')}})),
            "too_long");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan",
                          {{"outcome", "done"}, {"why", std::string("\xff\xfe")}})),
            "invalid");
  EXPECT_EQ(rejected(make("p-pia", OpKind::ReviewStep, "c-aftenplan", {{"outcome", "done"}, {"status", "later"}})),
            "invalid");
}

TEST_F(FollowUp, UndoPutsBackTheReviewAndTheStatusAsTheyWere) {
  UndoHistory pia;
  Op op = make("p-pia", OpKind::ReviewStep, "c-laege", {{"outcome", "not_done"}, {"why", "Glemt"}});
  ApplyResult r = apply(next, op);
  ASSERT_TRUE(r.ok());
  pia.record(op, r.inverse);
  EXPECT_EQ(next.find_card("c-laege")->step.status, StepStatus::NotDone);
  auto stamp = [this](Op& o) { o.id = "p-pia:undo" + std::to_string(++seq_); o.at = kNextMonth + 999 + seq_; };
  Op sent;
  ASSERT_FALSE(pia.undo(next, stamp, sent));
  EXPECT_EQ(next.find_card("c-laege")->step.status, StepStatus::Done);  // it was done before the review
  EXPECT_TRUE(next.find_card("c-laege")->review.empty());
  ASSERT_FALSE(pia.redo(next, stamp, sent));
  EXPECT_EQ(next.find_card("c-laege")->review.why, "Glemt");
  ASSERT_FALSE(pia.undo(next, stamp, sent));
  EXPECT_TRUE(next.find_card("c-laege")->review.empty());
  EXPECT_EQ(next.find_card("c-laege")->step.status, StepStatus::Done);
}

TEST_F(FollowUp, UndoNeverOverwritesSomeoneElsesLaterReview) {
  UndoHistory pia;
  Op op = make("p-pia", OpKind::ReviewStep, "c-aftenplan", {{"outcome", "done"}});
  ApplyResult r = apply(next, op);
  ASSERT_TRUE(r.ok());
  pia.record(op, r.inverse);
  ASSERT_TRUE(review("c-aftenplan", "not_done", "Kun to aftener", "p-mette").ok());
  auto stamp = [this](Op& o) { o.id = "p-pia:undo" + std::to_string(++seq_); o.at = kNextMonth + 999; };
  Op sent;
  auto e = pia.undo(next, stamp, sent);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "conflict");
  EXPECT_EQ(next.find_card("c-aftenplan")->review.why, "Kun to aftener");
  EXPECT_EQ(next.find_card("c-aftenplan")->review.by, "p-mette");
}

TEST_F(FollowUp, OutcomesCarryIntoTheNextMeeting) {
  ASSERT_TRUE(review("c-aftenplan", "carried_on", "Planen virker, men far mangler om fredagen").ok());
  ASSERT_TRUE(review("c-skolebesked", "done").ok());
  const Board third = start_next_meeting(next, "m-third", kNextMonth + 5'000'000'000);
  const Card& plan = *third.find_card("c-aftenplan");
  EXPECT_TRUE(is_carried(plan));
  EXPECT_TRUE(plan.review.empty()) << "the third meeting gives its own follow-up";
  EXPECT_EQ(plan.last_review.outcome, StepStatus::CarriedOn);
  EXPECT_EQ(plan.last_review.why, "Planen virker, men far mangler om fredagen");
  EXPECT_EQ(plan.last_review.by, "p-pia");
  EXPECT_EQ(plan.step.status, StepStatus::CarriedOn);
  EXPECT_EQ(third.find_card("c-skolebesked")->last_review.outcome, StepStatus::Done);
  // A step the second meeting did not follow up carries no earlier outcome.
  EXPECT_TRUE(third.find_card("c-besoeg")->last_review.empty());
}

TEST_F(FollowUp, TheFileKeepsTheFollowUpAndOlderFilesStayAsTheyWere) {
  EXPECT_FALSE(to_json(next)["cards"][0].contains("review"));
  ASSERT_TRUE(review("c-aftenplan", "not_done", "Mormor var syg").ok());
  const Board third = start_next_meeting(next, "m-third", kNextMonth + 1);
  for (const Board* b : std::vector<const Board*>{&next, &third}) {
    Board read;
    ASSERT_FALSE(board_from_json(to_json(*b), read));
    EXPECT_EQ(state_hash(read), state_hash(*b));
  }
  Board read;
  ASSERT_FALSE(board_from_json(to_json(third), read));
  EXPECT_EQ(read.find_card("c-aftenplan")->last_review.why, "Mormor var syg");
  nlohmann::json bad = to_json(next);
  for (auto& c : bad["cards"])
    if (c["id"] == "c-aftenplan") c["review"]["outcome"] = "someday";
  auto e = board_from_json(bad, read);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find(".review.outcome"), std::string::npos) << e->message;
}

TEST_F(FollowUp, AReviewWithdrawsAnEarlierApproval) {
  Op name = make("p-pia", OpKind::ApprovePlan, "", nullptr);
  ASSERT_TRUE(apply(next, name).ok());
  ASSERT_FALSE(next.meeting.approval.by.empty());
  ASSERT_TRUE(review("c-aftenplan", "done").ok());
  EXPECT_TRUE(next.meeting.approval.by.empty());
}

}  // namespace
}  // namespace tavle
