// issue 14: a facilitator describes a person and writes a goal through the app with
// mouse and keyboard (xdotool under Xvfb): the People tab's details set Anne's
// organisation, the Family plan tab adds a goal for Emma; both reach the meeting
// (--state-out) as ops.
#include <gtest/gtest.h>

#include <filesystem>

#include "board/sample.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

Board state_of(const std::string& path) {
  Board board;
  if (read_board_file(path, board)) return Board{};
  return board;
}

const Goal* goal_with_text(const Board& board, const std::string& text) {
  for (const auto& [id, g] : board.goals)
    if (!g.deleted && g.text == text) return &g;
  return nullptr;
}

TEST(FamilyPlanInTheApp, TheFacilitatorSetsAPersonsOrganisationAndAGoalForEmma) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "family-plan";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), state = (dir / "state.json").string(),
                    layout = (dir / "layout.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  App app({"open", meeting, "--state-out", state, "--layout-json", layout, "--width", "1600", "--height", "1000"},
          TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return file_contains(layout, "tab:people"); }));
  auto click = [&](const std::string& id) {
    return eventually([&] { return file_contains(layout, "\"" + id + "\""); }, 20) &&
           click_control(window, read_json(layout), id);
  };
  // A click on a busy machine can race the window's focus: click again until what it
  // opens is drawn (the check is what the app shows, never how fast).
  auto open = [&](const std::string& id, const std::string& shows) {
    for (int attempt = 0; attempt < 4; ++attempt)
      if (click(id) && eventually([&] { return file_contains(layout, "\"" + shows + "\""); }, 8)) return true;
    return false;
  };

  // People: Anne's details, then her organisation, typed and confirmed with Enter.
  ASSERT_TRUE(open("tab:people", "people.details.p-anne"));
  ASSERT_TRUE(open("people.details.p-anne", "person.organisation"));
  ASSERT_TRUE(click("person.organisation"));
  ASSERT_TRUE(press(window, "ctrl+a"));
  ASSERT_TRUE(type_text("Skovvang Skole, AKT-vejleder"));
  ASSERT_TRUE(press(window, "Return"));
  EXPECT_TRUE(eventually([&] { return state_of(state).participants["p-anne"].organisation == "Skovvang Skole, AKT-vejleder"; }, 20))
      << state_of(state).participants["p-anne"].organisation;

  // Family plan: a goal in the family's words, for Emma.
  ASSERT_TRUE(open("tab:family_plan", "plan.goal_text"));
  // The goal's form runs below the fold: the panel scrolls until its button is on the screen.
  ASSERT_TRUE(scroll_until_shown(window, layout, "plan.goal_text", "plan.add_goal"));
  ASSERT_TRUE(click("goal-for.p-emma"));
  bool made = false;
  for (int attempt = 0; attempt < 3 && !made; ++attempt) {  // typing can race the focus, as above
    ASSERT_TRUE(click("plan.goal_text"));
    ASSERT_TRUE(press(window, "ctrl+a"));
    ASSERT_TRUE(type_text("Emma sover trygt hver nat"));
    ASSERT_TRUE(click("plan.add_goal"));
    made = eventually([&] { return goal_with_text(state_of(state), "Emma sover trygt hver nat") != nullptr; }, 10);
  }
  ASSERT_TRUE(made);
  const Board after = state_of(state);
  const Goal* goal = goal_with_text(after, "Emma sover trygt hver nat");
  ASSERT_TRUE(goal);
  EXPECT_EQ(goal->for_whom, std::vector<std::string>{"p-emma"});
  EXPECT_EQ(goal->author, after.meeting.facilitator);
}

}  // namespace
}  // namespace tavle::gui_test
