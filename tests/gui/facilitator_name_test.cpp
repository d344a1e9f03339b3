// The facilitator gives their name when a new meeting starts from the home screen;
// the app remembers it (settings.json in XDG_CONFIG_HOME) and the meeting names
// that person as its facilitator instead of a placeholder.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/gui/preferences.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

TEST(Preferences, AreRememberedAndReadBack) {
  const fs::path dir = scratch_dir() / "prefs-roundtrip";
  fs::remove_all(dir);
  const std::string path = (dir / "tavle" / "settings.json").string();
  EXPECT_EQ(gui::read_preferences(path).facilitator_name, "");  // no file yet: the defaults
  EXPECT_TRUE(gui::read_preferences(path).follow_facilitator);
  ASSERT_FALSE(gui::write_preferences(path, {"Søren Ærø Åberg", false}));
  const gui::Preferences back = gui::read_preferences(path);
  EXPECT_EQ(back.facilitator_name, "Søren Ærø Åberg");
  EXPECT_FALSE(back.follow_facilitator);
}

TEST(Preferences, ABrokenFileOrFieldGivesItsDefault) {
  const fs::path dir = scratch_dir() / "prefs-broken";
  fs::create_directories(dir);
  const std::string path = (dir / "settings.json").string();
  std::ofstream(path) << "{not json";
  EXPECT_TRUE(gui::read_preferences(path).follow_facilitator);
  std::ofstream(path) << R"({"facilitator_name": 7, "follow_facilitator": false})";
  EXPECT_EQ(gui::read_preferences(path).facilitator_name, "");
  EXPECT_FALSE(gui::read_preferences(path).follow_facilitator);
}

// The name of the meeting's facilitator in an app's state file ("" while there is none).
std::string facilitator_of(const std::string& state) {
  Board board;
  if (read_board_file(state, board)) return "";
  const Participant* p = board.find_participant(board.meeting.facilitator);
  return p ? p->name : "";
}

// Starts the home screen with its own settings and data folders, and a small
// window so every control is on Xvfb's screen.
struct HomeScreen {
  std::string layout, state;
  App app;
  std::string window;
  HomeScreen(const fs::path& dir, const std::string& run)
      : layout((dir / (run + "-layout.json")).string()),
        state((dir / (run + "-state.json")).string()),
        app({"--listen", "127.0.0.1", "--width", "640", "--height", "480", "--layout-json", layout, "--state-out", state},
            TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string()}) {}
  bool ready() {
    return eventually([&] { return !(window = app.window()).empty(); }) &&
           eventually([&] { return file_contains(layout, "home.new_family"); });
  }
  bool click(const std::string& id) { return click_control(window, read_json(layout), id); }
};

TEST(FacilitatorName, ANewMeetingNamesTheFacilitatorTypedOnTheHomeScreenAndRemembersIt) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "facilitator-name";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    HomeScreen home(dir, "first");
    ASSERT_TRUE(home.ready());
    ASSERT_TRUE(home.click("home.facilitator_name"));
    ASSERT_TRUE(type_text("Anne Testesen"));
    ASSERT_TRUE(home.click("home.family_hint"));
    ASSERT_TRUE(type_text("Familien Test"));
    ASSERT_TRUE(home.click("home.new_family"));
    EXPECT_TRUE(eventually([&] { return facilitator_of(home.state) == "Anne Testesen"; })) << facilitator_of(home.state);
    EXPECT_EQ(gui::read_preferences((dir / "config" / "tavle" / "settings.json").string()).facilitator_name, "Anne Testesen");
  }
  // Next time the name is already there: a new family's meeting gets it without typing.
  HomeScreen again(dir, "second");
  ASSERT_TRUE(again.ready());
  ASSERT_TRUE(again.click("home.family_hint"));
  ASSERT_TRUE(type_text("Familien Igen"));
  ASSERT_TRUE(again.click("home.new_family"));
  EXPECT_TRUE(eventually([&] { return facilitator_of(again.state) == "Anne Testesen"; })) << facilitator_of(again.state);
}

}  // namespace
}  // namespace tavle::gui_test
