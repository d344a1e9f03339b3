// issue 14: the family plan in the model: goals, interventions, consent records and
// how a sign-off was given; their ops, undo, limits, file form and continuity.
#include "board/board_json.hpp"
#include "board/continuity.hpp"
#include "board/undo.hpp"
#include "tests/board/board_fixture.hpp"
#include "tests/support/board_content.hpp"

namespace tavle::testing {
namespace {

class Plan : public BoardTest {
 protected:
  void SetUp() override {
    BoardTest::SetUp();
    ok(make("pia", OpKind::AddParticipant, "emma", {{"name", "Emma"}, {"role", "child"}}));
    ok(make("pia", OpKind::AddParticipant, "kasper", {{"name", "Kasper"}, {"role", "parent"}}));
    ok(make("pia", OpKind::AddGoal, "g-skole",
            {{"text", "Emma kommer i skole hver dag"}, {"for", {"emma"}}, {"how_we_know", "Fravær under 5 %"}}));
  }
  void act(UndoHistory& history, const Op& op) {
    ApplyResult r = ok(op);
    if (r.ok()) history.record(op, r.inverse);
  }
  UndoHistory::Stamp stamp_for(const std::string& author) {
    return [this, author](Op& op) {
      op.id = author + ":undo" + std::to_string(++seq_);
      op.at = 1795593700000 + seq_;
    };
  }
  std::optional<Error> undo(UndoHistory& h, const std::string& author) {
    Op sent;
    return h.undo(board, stamp_for(author), sent);
  }
  std::optional<Error> redo(UndoHistory& h, const std::string& author) {
    Op sent;
    return h.redo(board, stamp_for(author), sent);
  }
  Op school_support(const std::string& id = "i-skole") {
    return make("anne", OpKind::AddIntervention, id,
                {{"text", "Støttelærer i dansk"}, {"actor", "anne"}, {"for", {"emma"}}, {"status", "running"},
                 {"starts", "2026-09-01"}, {"goal", "g-skole"}});
  }
};

TEST_F(Plan, AGoalNamesWhomItIsForAndHowWeWillKnow) {
  const Goal& g = board.goals.at("g-skole");
  EXPECT_EQ(g.for_whom, std::vector<std::string>{"emma"});
  EXPECT_EQ(g.how_we_know, "Fravær under 5 %");
  EXPECT_EQ(g.author, "pia");
  ok(make("pia", OpKind::AddGoal, "g-familie", {{"text", "Vi spiser aftensmad sammen"}}));
  EXPECT_TRUE(board.goals.at("g-familie").for_whom.empty()) << "no one named = the whole family";
}

TEST_F(Plan, AGoalIsForFamilyMembersNotProfessionals) {
  rejected(make("pia", OpKind::AddGoal, "g2", {{"text", "x"}, {"for", {"anne"}}}), "invalid");
  rejected(make("pia", OpKind::AddGoal, "g2", {{"text", "x"}, {"for", {"nobody"}}}), "not_found");
  rejected(make("pia", OpKind::AddGoal, "g2", {{"for", {"emma"}}}), "invalid");
  rejected(make("pia", OpKind::AddGoal, "g2", {{"text", ""}}), "invalid");
  rejected(make("pia", OpKind::AddGoal, "g2", {{"text", "x"}, {"colour", "red"}}), "invalid");
  rejected(make("pia", OpKind::AddGoal, "g-skole", {{"text", "igen"}}), "exists");
}

TEST_F(Plan, AnInterventionNamesItsActorAndIsRefusedWithoutOne) {
  ok(school_support());
  const Intervention& i = board.interventions.at("i-skole");
  EXPECT_EQ(i.actor, "anne");
  EXPECT_EQ(i.status, InterventionStatus::Running);
  EXPECT_EQ(i.goal, "g-skole");
  rejected(make("pia", OpKind::AddIntervention, "i2", {{"text", "Kursus"}}), "invalid");
  ok(make("pia", OpKind::AddIntervention, "i2", {{"text", "Kursus"}, {"organisation", "Jobcenter"}, {"for", {"kasper"}}}));
  rejected(make("pia", OpKind::SetInterventionField, "i2", "", "organisation"), "invalid");
}

TEST_F(Plan, AnInterventionThatEndsBeforeItStartsIsRefused) {
  ok(school_support());
  const Error e = rejected(make("anne", OpKind::SetInterventionField, "i-skole", "2026-08-01", "ends"), "invalid");
  EXPECT_NE(e.message.find("intervention.ends"), std::string::npos) << e.message;
  rejected(make("anne", OpKind::SetInterventionField, "i-skole", "soon", "ends"), "invalid");
  rejected(make("anne", OpKind::SetInterventionField, "i-skole", "paused", "status"), "invalid");
}

TEST_F(Plan, ANextStepPointsAtTheGoalItServes) {
  ok(make("pia", OpKind::SetCardField, "c2", "g-skole", "goal"));
  EXPECT_EQ(board.find_card("c2")->goal, "g-skole");
  ok(make("pia", OpKind::AddCard, "c3", {{"column", "next_steps"}, {"text", "Far kører Emma"}, {"goal", "g-skole"}}));
  EXPECT_EQ(board.find_card("c3")->goal, "g-skole");
  rejected(make("pia", OpKind::SetCardField, "c2", "g-none", "goal"), "not_found");
  ok(make("pia", OpKind::AddGoal, "g-old", {{"text", "gammelt"}}));
  ok(make("pia", OpKind::DeleteGoal, "g-old"));
  rejected(make("pia", OpKind::SetCardField, "c2", "g-old", "goal"), "not_found");
}

TEST_F(Plan, EveryPlanOpIsUndoneAndRedone) {
  UndoHistory pia;
  std::vector<Op> ops = {
      make("pia", OpKind::AddGoal, "g9", {{"text", "Mor har et job"}, {"for", {"line"}}}),
      make("pia", OpKind::SetGoalField, "g9", {"line", "kasper"}, "for"),
      make("pia", OpKind::SetGoalField, "g9", true, "reached"),
      make("pia", OpKind::DeleteGoal, "g9"),
      make("pia", OpKind::AddIntervention, "i9", {{"text", "Kursus"}, {"organisation", "Jobcenter"}}),
      make("pia", OpKind::SetInterventionField, "i9", "ended", "status"),
      make("pia", OpKind::SetInterventionField, "i9", true, "professional_only"),
      make("pia", OpKind::DeleteIntervention, "i9"),
      make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "written"}, {"at", "2026-11-20"},
                                             {"covers", {"Skolen", "Sundhedsplejen"}}}),
      make("pia", OpKind::SetConsentField, "k1", "2026-11-25", "withdrawn_at"),
      make("pia", OpKind::DeleteConsent, "k1"),
      make("pia", OpKind::SetCardField, "c2", "g-skole", "goal"),
      make("pia", OpKind::SignOff, "line", nlohmann::json{{"form", "oral"}}),
      make("pia", OpKind::SignOff, "line", false),
  };
  std::vector<std::string> before;
  for (const Op& op : ops) {
    before.push_back(content_of(board));
    act(pia, op);
  }
  const auto done = content_of(board);
  for (std::size_t i = ops.size(); i-- > 0;) {
    auto e = undo(pia, "pia");
    ASSERT_FALSE(e) << "undo of " << name_of(ops[i].kind) << ": " << e->message;
    EXPECT_EQ(content_of(board), before[i]) << "after undoing " << name_of(ops[i].kind);
  }
  for (std::size_t i = 0; i < ops.size(); ++i) ASSERT_FALSE(redo(pia, "pia")) << name_of(ops[i].kind);
  EXPECT_EQ(content_of(board), done);
}

TEST_F(Plan, UndoOfAGoalEditNeverRevertsSomeoneElsesLaterEdit) {
  UndoHistory pia, anne;
  act(pia, make("pia", OpKind::SetGoalField, "g-skole", "Emma kommer i skole", "text"));
  act(anne, make("anne", OpKind::SetGoalField, "g-skole", "Emma kommer til tiden", "text"));
  auto e = undo(pia, "pia");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "conflict");
  EXPECT_EQ(board.goals.at("g-skole").text, "Emma kommer til tiden");
  act(pia, make("pia", OpKind::AddIntervention, "i1", {{"text", "x"}, {"organisation", "PPR"}}));
  act(anne, make("anne", OpKind::SetInterventionField, "i1", "running", "status"));
  EXPECT_TRUE(undo(pia, "pia").has_value()) << "undoing the add deleted anne's later change";
  EXPECT_FALSE(board.interventions.at("i1").deleted);
}

TEST_F(Plan, PlanItemsAreLimited) {
  Limits small;
  small.goals = 1;
  small.interventions = 1;
  small.consents = 1;
  small.people_per_item = 1;
  auto r = apply(board, make("pia", OpKind::AddGoal, "g2", {{"text", "to"}}), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "limit");
  r = apply(board, make("pia", OpKind::SetGoalField, "g-skole", {"emma", "line"}, "for"), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "limit");
  ASSERT_TRUE(apply(board, make("pia", OpKind::AddIntervention, "i1", {{"text", "x"}, {"organisation", "PPR"}}), small).ok());
  EXPECT_EQ(apply(board, make("pia", OpKind::AddIntervention, "i2", {{"text", "x"}, {"organisation", "PPR"}}), small).error->code, "limit");
  rejected(make("pia", OpKind::AddGoal, "g3", {{"text", std::string(2001, 'x')}}), "too_long");
  rejected(make("pia", OpKind::AddGoal, "g3", {{"text", "x"}, {"themes", {"not a key"}}}), "invalid");
}

TEST_F(Plan, ConsentIsGivenByAParentOrTheYoungPersonAndAWithdrawalIsKept) {
  EXPECT_TRUE(consent_missing(board));
  rejected(make("pia", OpKind::AddConsent, "k1", {{"given_by", "anne"}, {"form", "written"}, {"at", "2026-11-20"}}), "invalid");
  rejected(make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "email"}, {"at", "2026-11-20"}}), "invalid");
  rejected(make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "oral"}}), "invalid");
  ok(make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "oral"}, {"at", "2026-11-20"},
                                            {"covers", {"Skolen"}}}));
  EXPECT_FALSE(consent_missing(board));
  rejected(make("pia", OpKind::SetConsentField, "k1", "2026-11-01", "withdrawn_at"), "invalid");
  ok(make("pia", OpKind::SetConsentField, "k1", "2026-11-26", "withdrawn_at"));
  EXPECT_TRUE(consent_missing(board)) << "a withdrawn consent is not in force";
  ASSERT_EQ(board.consents.count("k1"), 1u) << "a withdrawal is recorded, not deleted";
  EXPECT_EQ(board.consents.at("k1").covers, std::vector<std::string>{"Skolen"});
}

TEST_F(Plan, ASignOffSaysHowItWasGivenAndWhoRecordedIt) {
  ok(make("line", OpKind::SignOff, "line", true));
  EXPECT_EQ(board.meeting.signoff_forms.at("line").form, SignoffForm::OwnDevice);
  EXPECT_EQ(board.meeting.signoff_forms.at("line").recorded_by, "line");
  ok(make("pia", OpKind::SignOff, "kasper", nlohmann::json{{"form", "paper"}}));
  EXPECT_EQ(board.meeting.signoff_forms.at("kasper").form, SignoffForm::Paper);
  EXPECT_EQ(board.meeting.signoff_forms.at("kasper").recorded_by, "pia");
  rejected(make("pia", OpKind::SignOff, "kasper", nlohmann::json{{"form", "telepathy"}}), "invalid");
  rejected(make("pia", OpKind::SignOff, "kasper", nlohmann::json{{"how", "paper"}}), "invalid");
  // A change to the plan withdraws every agreement, with how it was given.
  ok(make("pia", OpKind::SetMeetingField, "", "pia", "coordinator"));
  ok(make("pia", OpKind::ApprovePlan));
  ok(make("pia", OpKind::SetGoalField, "g-skole", "Emma er glad for skolen", "text"));
  EXPECT_TRUE(board.meeting.approval.by.empty());
  EXPECT_TRUE(board.meeting.signoffs.empty());
  EXPECT_TRUE(board.meeting.signoff_forms.empty());
}

TEST_F(Plan, ProfessionalOnlyInterventionsAreAbsentFromTheFamilyView) {
  ok(school_support());
  ok(make("anne", OpKind::AddIntervention, "i-psyk",
          {{"text", "Udredning"}, {"organisation", "Børnepsykiatrien"}, {"for", {"emma"}}, {"professional_only", true}}));
  for (Audience a : {Audience::Family, Audience::Projection}) {
    const Board view = view_for(board, a, "line");
    EXPECT_EQ(view.interventions.count("i-psyk"), 0u);
    EXPECT_EQ(view.interventions.count("i-skole"), 1u);
    EXPECT_EQ(to_json(view).dump().find("Udredning"), std::string::npos);
  }
  EXPECT_EQ(view_for(board, Audience::Professional, "anne").interventions.count("i-psyk"), 1u);
}

TEST_F(Plan, TwoActorsServingOnePersonAreMarkedAsOverlap) {
  ok(school_support());
  EXPECT_TRUE(intervention_overlaps(board).empty()) << "one actor is no overlap";
  ok(make("pia", OpKind::AddIntervention, "i-ppr", {{"text", "Samtaler"}, {"organisation", "PPR"}, {"for", {"emma"}}}));
  auto overlaps = intervention_overlaps(board);
  ASSERT_EQ(overlaps.size(), 1u);
  EXPECT_EQ(overlaps[0].person, "emma");
  EXPECT_EQ(overlaps[0].interventions, (std::vector<std::string>{"i-ppr", "i-skole"}));
  ok(make("pia", OpKind::SetInterventionField, "i-ppr", "ended", "status"));
  EXPECT_TRUE(intervention_overlaps(board).empty()) << "an ended intervention no longer overlaps";
}

TEST_F(Plan, ThePlanRoundTripsThroughTheFileForm) {
  ok(school_support());
  ok(make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "written"}, {"at", "2026-11-20"}, {"covers", {"Skolen"}}}));
  ok(make("pia", OpKind::SignOff, "kasper", nlohmann::json{{"form", "oral"}}));
  ok(make("pia", OpKind::SetCardField, "c2", "g-skole", "goal"));
  Board back;
  ASSERT_FALSE(board_from_json(to_json(board), back));
  EXPECT_EQ(state_hash(back), state_hash(board));
  EXPECT_EQ(back.interventions.at("i-skole").goal, "g-skole");
  EXPECT_EQ(back.meeting.signoff_forms.at("kasper").form, SignoffForm::Oral);
  EXPECT_EQ(back.find_card("c2")->goal, "g-skole");
}

TEST_F(Plan, AMalformedPlanInAFileNamesTheField) {
  nlohmann::json j = to_json(board);
  j["goals"][0]["for"] = "emma";
  Board back;
  auto e = board_from_json(j, back);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("goals[0].for"), std::string::npos) << e->message;
  j = to_json(board);
  j["interventions"] = {{{"id", "i1"}, {"status", "paused"}}};
  e = board_from_json(j, back);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("interventions[0].status"), std::string::npos) << e->message;
  j = to_json(board);
  j.erase("goals");
  j.erase("interventions");
  j.erase("consents");
  ASSERT_FALSE(board_from_json(j, back)) << "files from before issue 14 still open";
  EXPECT_TRUE(back.goals.empty());
}

TEST_F(Plan, GoalsNotReachedAndRunningInterventionsCarryIntoTheNextMeeting) {
  ok(school_support());
  ok(make("pia", OpKind::AddGoal, "g-done", {{"text", "Nået"}, {"reached", true}}));
  ok(make("pia", OpKind::AddIntervention, "i-ended", {{"text", "Slut"}, {"organisation", "PPR"}, {"status", "ended"}}));
  ok(make("pia", OpKind::SetCardField, "c2", "g-skole", "goal"));
  ok(make("pia", OpKind::AddConsent, "k1", {{"given_by", "line"}, {"form", "written"}, {"at", "2026-11-20"}}));
  const Board next = start_next_meeting(board, "m2", 1795600000000);
  ASSERT_EQ(next.goals.count("g-skole"), 1u);
  EXPECT_EQ(next.goals.at("g-skole").carried_from, "g-skole");
  EXPECT_EQ(next.goals.count("g-done"), 0u);
  ASSERT_EQ(next.interventions.count("i-skole"), 1u);
  EXPECT_EQ(next.interventions.at("i-skole").goal, "g-skole");
  EXPECT_EQ(next.interventions.count("i-ended"), 0u);
  EXPECT_EQ(next.find_card("c2")->goal, "g-skole");
  EXPECT_TRUE(next.consents.empty()) << "consent is confirmed again at every meeting";
}

}  // namespace
}  // namespace tavle::testing
