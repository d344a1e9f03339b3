// issue 15: a continued meeting opens on last time's agreements. The facilitator
// goes through them with the keyboard only (D done, Down, N not done + why +
// Enter, Down, C carried on, Esc to the board), and the minutes exported from
// the app include the follow-up and what changed since the previous meeting.
#include <gtest/gtest.h>

#include <filesystem>

#include "board/continuity.hpp"
#include "board/sample.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

StepStatus outcome_of(const std::string& state, const std::string& card_id) {
  Board board;
  if (read_board_file(state, board)) return StepStatus::Open;
  const Card* card = board.find_card(card_id);
  return card ? card->review.outcome : StepStatus::Open;
}

std::string why_of(const std::string& state, const std::string& card_id) {
  Board board;
  if (read_board_file(state, board)) return "";
  const Card* card = board.find_card(card_id);
  return card ? card->review.why : "";
}

bool layout_has(const std::string& layout, const std::string& control) {
  return file_contains(layout, "\"" + control + "\"");
}

TEST(FollowUpInTheApp, AContinuedMeetingIsFollowedUpByKeyboardAndItsMinutesSaySo) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "followup-keys";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string prev = (dir / "first.json").string(), meeting = (dir / "second.json").string();
  const std::string state = (dir / "state.json").string(), layout = (dir / "layout.json").string();
  const Board first = sample_board();
  ASSERT_FALSE(write_board_file(prev, first));
  ASSERT_FALSE(write_board_file(meeting, start_next_meeting(first, "m-second", 1800000000000)));
  App app({"open", meeting, "--previous", prev, "--state-out", state, "--layout-json", layout}, TAVLE_GUI_BIN, "",
          {"XDG_CONFIG_HOME=" + (dir / "config").string(), "HOME=" + dir.string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  // It opens on the follow-up, with the overdue evening plan flagged.
  ASSERT_TRUE(eventually([&] { return layout_has(layout, "followup.view"); }));
  EXPECT_TRUE(layout_has(layout, "followup.overdue:c-aftenplan"));
  EXPECT_FALSE(layout_has(layout, "followup.overdue:c-besoeg")) << "due the meeting's own day";

  ASSERT_TRUE(press(window, "d"));
  ASSERT_TRUE(eventually([&] { return outcome_of(state, "c-aftenplan") == StepStatus::Done; }, 20));
  ASSERT_TRUE(press(window, "Down"));
  ASSERT_TRUE(press(window, "n"));
  ASSERT_TRUE(eventually([&] { return outcome_of(state, "c-skolebesked") == StepStatus::NotDone; }, 20));
  ASSERT_TRUE(eventually([&] { return layout_has(layout, "followup.why:c-skolebesked"); }, 20));
  ASSERT_TRUE(type_text("Skolen havde ikke nummeret"));
  ASSERT_TRUE(press(window, "Return"));
  ASSERT_TRUE(eventually([&] { return why_of(state, "c-skolebesked") == "Skolen havde ikke nummeret"; }, 20));
  ASSERT_TRUE(press(window, "Down"));
  ASSERT_TRUE(press(window, "c"));
  ASSERT_TRUE(eventually([&] { return outcome_of(state, "c-besoeg") == StepStatus::CarriedOn; }, 20));
  EXPECT_EQ(outcome_of(state, "c-laege"), StepStatus::Open) << "nothing else was marked";

  // Esc: the board, where carried cards keep their mark.
  ASSERT_TRUE(press(window, "Escape"));
  ASSERT_TRUE(eventually([&] { return !layout_has(layout, "followup.view"); }, 20));

  // The minutes from the app's export dialog, as Markdown into $HOME.
  const nlohmann::json facts = read_json(layout);
  ASSERT_TRUE(click_control(window, facts, "bar.export"));
  ASSERT_TRUE(eventually([&] { return layout_has(layout, "export.save"); }, 20));
  ASSERT_TRUE(click_control(window, read_json(layout), "export.minutes"));
  ASSERT_TRUE(click_control(window, read_json(layout), "export.format.Markdown"));
  ASSERT_TRUE(click_control(window, read_json(layout), "export.save"));
  const std::string minutes = (dir / "Familien-Jensen.md").string();
  ASSERT_TRUE(eventually([&] { return file_contains(minutes, "markeret af Pia Madsen"); }, 20)) << file_text(minutes);
  const std::string text = file_text(minutes);
  EXPECT_NE(text.find("Ikke gjort (markeret af Pia Madsen)"), std::string::npos) << text;
  EXPECT_NE(text.find("Skolen havde ikke nummeret"), std::string::npos);
  EXPECT_NE(text.find("over tiden"), std::string::npos);
  EXPECT_EQ(text.find("Der er ikke et tidligere møde at sammenligne med"), std::string::npos)
      << "the app passed the previous meeting";
}

}  // namespace
}  // namespace tavle::gui_test
