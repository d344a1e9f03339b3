// issue 14: the overview per family member (board/plan.hpp plan_overview): their
// goals, the interventions around them, the next steps serving their goals, and the
// mark where different actors' interventions overlap for them.
#include <gtest/gtest.h>

#include <algorithm>

#include "board/sample.hpp"

namespace tavle {
namespace {

const PersonOverview* of(const std::vector<PersonOverview>& all, const std::string& person) {
  for (const PersonOverview& o : all)
    if (o.person == person) return &o;
  return nullptr;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(PlanOverview, EachFamilyMemberSeesTheirGoalsHelpAndStepsWithTheOverlapMarked) {
  const Board board = sample_board();
  const auto all = plan_overview(board);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().person, "") << "the whole family first";
  const PersonOverview* emma = of(all, "p-emma");
  ASSERT_TRUE(emma);
  EXPECT_TRUE(has(emma->goals, "g-aftener"));
  EXPECT_TRUE(has(emma->interventions, "i-dansk"));
  EXPECT_TRUE(has(emma->interventions, "i-ppr"));
  EXPECT_TRUE(has(emma->steps, "c-aftenplan")) << "the step serving Emma's goal";
  EXPECT_TRUE(emma->overlap) << "the school and PPR both help Emma";
  const PersonOverview* line = of(all, "p-line");
  ASSERT_TRUE(line);
  EXPECT_TRUE(has(line->goals, "g-mor-job"));
  EXPECT_TRUE(has(line->goals, "g-tale-sammen"));
  EXPECT_TRUE(has(line->steps, "c-job"));
  EXPECT_TRUE(line->overlap) << "the job centre and psychiatry both help Line";
  const PersonOverview* kasper = of(all, "p-kasper");
  ASSERT_TRUE(kasper);
  EXPECT_FALSE(kasper->overlap);
  EXPECT_FALSE(of(all, "p-anne")) << "professionals are not family members";
  EXPECT_FALSE(of(all, "p-birthe")) << "the network helps; the overview is the family's";
  // The family's own view has no professional-only intervention, so no overlap for Line.
  const auto family = plan_overview(view_for(board, Audience::Family, ""));
  EXPECT_FALSE(has(of(family, "p-line")->interventions, "i-psyk"));
  EXPECT_FALSE(of(family, "p-line")->overlap);
}

}  // namespace
}  // namespace tavle
