// No key press is lost: Dear ImGui 1.86 reads key state once per frame, so the app
// queues GLFW's key events and gives ImGui one key change per frame. The rule
// is tested as a function, then in the real window with `xdotool key` (press and
// release sent together, nothing held) and quick typing.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "app/gui/key_queue.hpp"
#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;
using gui::KeyEvent;
using gui::KeyQueue;

constexpr int kRelease = 0, kPress = 1, kRepeat = 2;
constexpr int kCtrl = 341, kN = 78, kA = 65;  // GLFW_KEY_LEFT_CONTROL, GLFW_KEY_N, GLFW_KEY_A

KeyEvent key(int code, int action) { return {KeyEvent::Kind::Key, code, 0, action, 0, 0}; }
KeyEvent character(unsigned c) { return {KeyEvent::Kind::Char, 0, 0, 0, 0, c}; }

TEST(KeyQueue, AQuickTapsPressAndReleaseGoToImGuiInDifferentFrames) {
  KeyQueue queue;
  // What `xdotool key ctrl+n` sends in one go: Ctrl is released before N.
  for (const KeyEvent& e : {key(kCtrl, kPress), key(kN, kPress), key(kCtrl, kRelease), key(kN, kRelease)}) queue.push(e);
  std::vector<std::vector<KeyEvent>> frames;
  while (!queue.empty()) frames.push_back(queue.take_frame());
  ASSERT_EQ(frames.size(), 4u);  // one change per frame
  for (const auto& frame : frames) ASSERT_EQ(frame.size(), 1u);
  EXPECT_EQ(frames[1][0].key, kN);  // N goes down while Ctrl is still down: ImGui sees Ctrl+N
  EXPECT_EQ(frames[1][0].action, kPress);
  EXPECT_EQ(frames[2][0].key, kCtrl);
  EXPECT_EQ(frames[2][0].action, kRelease);
  EXPECT_TRUE(queue.take_frame().empty());
}

TEST(KeyQueue, TypedCharactersKeepTheirOrderAndEveryRepeatedKeyGetsItsOwnFrame) {
  KeyQueue queue;
  // "aa" typed fast: press, character, release, twice.
  for (int i = 0; i < 2; ++i)
    for (const KeyEvent& e : {key(kA, kPress), character('a'), key(kA, kRepeat), key(kA, kRelease)}) queue.push(e);
  std::string typed;
  int frames = 0, presses = 0;
  while (!queue.empty()) {
    const auto frame = queue.take_frame();
    ASSERT_FALSE(frame.empty());
    int changes = 0;
    for (const KeyEvent& e : frame) {
      if (e.kind == KeyEvent::Kind::Char) typed += static_cast<char>(e.codepoint);
      else if (e.action != kRepeat) ++changes;
      presses += e.kind == KeyEvent::Kind::Key && e.action == kPress;
    }
    EXPECT_LE(changes, 1) << "one key change per frame";
    ++frames;
  }
  EXPECT_EQ(typed, "aa");
  EXPECT_EQ(presses, 2);
  EXPECT_EQ(frames, 4);  // down, up, down, up
}

// The app with a meeting file: `xdotool key ctrl+n` (no hold), quick typing, Enter.
TEST(KeyboardInTheApp, CtrlNTappedOnceAndAQuicklyTypedCardWithEnterMakeTheCard) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "keyboard-tap";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), state = (dir / "state.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  App app({"open", meeting, "--state-out", state}, TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Hurtigt skrevet kort";
  // One go, no holding and no retry: a lost press would leave the card unmade.
  const std::string keys = "xdotool windowfocus --sync " + window + " && sleep 0.5 && xdotool key ctrl+n && xdotool type --delay 1 '" +
                           text + "' && xdotool key Return";
  ASSERT_EQ(std::system(keys.c_str()), 0);
  EXPECT_TRUE(eventually([&] { return board_has_text(state, text); }, 20));
}

// F1 shows every shortcut (on the board and on the home screen); F1 or Esc hides it.
TEST(KeyboardInTheApp, F1ShowsTheListOfShortcutsAndEscapeClosesIt) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "keyboard-f1";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), layout = (dir / "layout.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  App app({"open", meeting, "--layout-json", layout}, TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return file_contains(layout, "\"cards\""); }));
  EXPECT_FALSE(file_contains(layout, "shortcuts.close"));
  ASSERT_TRUE(press(window, "F1"));
  EXPECT_TRUE(eventually([&] { return file_contains(layout, "shortcuts.close"); }, 20));
  ASSERT_TRUE(press(window, "Escape"));
  EXPECT_TRUE(eventually([&] { return !file_contains(layout, "shortcuts.close"); }, 20));
}

}  // namespace
}  // namespace tavle::gui_test
