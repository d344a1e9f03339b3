// Saving a meeting back to its file (Ctrl+S in `tavle-gui open FILE`): the write is
// atomic (temporary file beside it, then rename), a failure leaves the old file
// and says why, and the app's Ctrl+S really writes what was typed.
#include <gtest/gtest.h>

#include <filesystem>

#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = scratch_dir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::size_t files_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(SaveMeetingFile, WritesAMeetingThatReadsBackTheSameAndLeavesNoTemporaryFile) {
  const fs::path dir = fresh_dir("save-ok");
  const std::string path = (dir / "meeting.json").string();
  const Board board = sample_board();
  ASSERT_FALSE(write_board_file(path, board));
  ASSERT_FALSE(write_board_file(path, board));  // over an existing file too
  Board back;
  ASSERT_FALSE(read_board_file(path, back));
  EXPECT_EQ(back.cards.size(), board.cards.size());
  EXPECT_EQ(back.meeting.family_label, board.meeting.family_label);
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(SaveMeetingFile, KeepsTheModeOfTheFileItReplaces) {
  const fs::path dir = fresh_dir("save-mode");
  const std::string path = (dir / "meeting.json").string();
  ASSERT_FALSE(write_board_file(path, sample_board()));
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_FALSE(write_board_file(path, sample_board()));
  EXPECT_EQ(fs::status(path).permissions(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST(SaveMeetingFile, AFailedSaveNamesThePathAndLeavesWhatWasThere) {
  const fs::path dir = fresh_dir("save-fail");
  // A directory where the file should go: the rename is refused at the last step.
  const fs::path in_the_way = dir / "meeting.json";
  fs::create_directories(in_the_way / "keep");
  auto error = write_board_file(in_the_way.string(), sample_board());
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find(in_the_way.string()), std::string::npos) << error->message;
  EXPECT_TRUE(fs::is_directory(in_the_way / "keep"));
  EXPECT_EQ(files_in(dir), 1u);  // no temporary file left behind
  // A folder that does not exist: nothing can be written at all.
  error = write_board_file((dir / "missing" / "meeting.json").string(), sample_board());
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("missing"), std::string::npos) << error->message;
}

TEST(SaveMeetingFile, CtrlSInTheAppWritesTheTypedCardBackToTheOpenedFile) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = fresh_dir("save-app");
  const std::string meeting = (dir / "meeting.json").string(), state = (dir / "state.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  App app({"open", meeting, "--state-out", state}, TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Gemt med Ctrl S";
  ASSERT_TRUE(type_card(window, text, state));
  EXPECT_FALSE(board_has_text(meeting, text));  // typed, not yet saved
  bool saved = false;
  for (int attempt = 0; attempt < 3 && !saved; ++attempt) {
    ASSERT_TRUE(press(window, "ctrl+s"));
    saved = eventually([&] { return board_has_text(meeting, text); }, 15);
  }
  EXPECT_TRUE(saved);
  EXPECT_EQ(files_in(dir), 2u);  // the meeting and the state file: no temporary file left
}

TEST(SaveMeetingFile, QuittingWithUnsavedChangesAsksFirstAndSaveAndQuitWritesTheFile) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = fresh_dir("save-quit");
  const std::string meeting = (dir / "meeting.json").string(), state = (dir / "state.json").string();
  const std::string layout = (dir / "layout.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  App app({"open", meeting, "--state-out", state, "--layout-json", layout, "--width", "640", "--height", "480"},
          TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Ikke glemt ved lukning";
  ASSERT_TRUE(type_card(window, text, state));
  bool asked = false;
  for (int attempt = 0; attempt < 3 && !asked; ++attempt) {
    ASSERT_TRUE(press(window, "ctrl+q"));
    asked = eventually([&] { return file_contains(layout, "quit.save_and_quit"); }, 15);
  }
  ASSERT_TRUE(asked);
  EXPECT_FALSE(app.exited());  // the question holds the window open
  // A click that lands while the loaded machine is slow to draw may miss the button;
  // while the question is still on screen, clicking again is what a person would do.
  bool exited = false;
  for (int attempt = 0; attempt < 3 && !exited; ++attempt) {
    if (!app.exited()) ASSERT_TRUE(click_control(window, read_json(layout), "quit.save_and_quit"));
    exited = eventually([&] { return app.exited(); }, 10);
  }
  EXPECT_TRUE(exited);
  EXPECT_TRUE(board_has_text(meeting, text));
}

}  // namespace
}  // namespace tavle::gui_test
