// How tavle-gui is started: its help and version come from the same table as
// tavle's and need no display; a mistake is one line plus the usage, exit 2; a
// meeting file given alone opens (what a double-click on *.tavle.json runs);
// settings follow the XDG rules.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "app/gui/preferences.hpp"
#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

struct Output {
  int status = -1;
  std::string out, err;
};

// Runs tavle-gui without a display: help, version and usage errors must not need one.
Output gui_without_display(const std::string& args) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-launch-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string command = "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(TAVLE_GUI_BIN) + " " + args + " >'" +
                              (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  Output r;
  const int status = std::system(command.c_str());
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = file_text((dir / "out").string());
  r.err = file_text((dir / "err").string());
  fs::remove_all(dir);
  return r;
}

int lines_in(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

TEST(GuiLaunch, HelpAndVersionNeedNoDisplay) {
  const Output help = gui_without_display("--help");
  EXPECT_EQ(help.status, 0) << help.err;
  for (const char* command : {"tavle-gui demo", "tavle-gui open", "tavle-gui join", "tavle-gui render", "tavle-gui [FILE]"})
    EXPECT_NE(help.out.find(command), std::string::npos) << command << " missing from\n" << help.out;
  const Output version = gui_without_display("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out.rfind("tavle-gui ", 0), 0u) << version.out;
  EXPECT_NE(version.out.find("sync protocol"), std::string::npos) << version.out;
  for (const char* command : {"demo", "open", "join", "render", "bench-frame"}) {
    const Output own = gui_without_display(std::string(command) + " --help");
    EXPECT_EQ(own.status, 0) << command << ": " << own.err;
    EXPECT_EQ(own.out.rfind(std::string("usage: tavle-gui ") + command, 0), 0u) << own.out;
  }
}

TEST(GuiLaunch, MistakesAreOneLinePlusUsageAndExitTwo) {
  const Output unknown = gui_without_display("demo --no-such-option");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(lines_in(unknown.err), 2) << unknown.err;
  EXPECT_EQ(unknown.err.rfind("tavle-gui: unknown option --no-such-option\nusage: tavle-gui demo", 0), 0u) << unknown.err;
  const Output missing = gui_without_display("render sample --width");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(lines_in(missing.err), 2) << missing.err;
  EXPECT_NE(missing.err.find("--width needs a value"), std::string::npos) << missing.err;
  const Output neither = gui_without_display("no-such-command-or-file");
  EXPECT_EQ(neither.status, 2);
  EXPECT_NE(neither.err.find("unknown command or file"), std::string::npos) << neither.err;
  // issue 18: an address naming a meeting id that climbs, before any window or connection.
  const Output climbing = gui_without_display("join https://127.0.0.1:1/m/../ --code 4930271568 --name Anne");
  EXPECT_EQ(climbing.status, 2);
  EXPECT_EQ(lines_in(climbing.err), 2) << climbing.err;
  EXPECT_NE(climbing.err.find("the meeting after /m/"), std::string::npos) << climbing.err;
  // The family's link brings its code: no --code needed, so this is only "no display".
  const Output link = gui_without_display("join https://127.0.0.1:1/m/m-1/#code=4930271568 --name Anne");
  EXPECT_NE(link.status, 2) << link.err;
}

TEST(GuiLaunch, AMeetingFileGivenAloneOpens) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-launch-open-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "Familien Jensen.tavle.json").string(), state = (dir / "state.json").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  // As the desktop entry runs it: Exec=tavle-gui %f.
  App app({meeting, "--state-out", state}, TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  EXPECT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }));
  fs::remove_all(dir);
}

TEST(GuiLaunch, SettingsFollowXdgConfigHomeAndIgnoreARelativeOne) {
  const char* saved_config = std::getenv("XDG_CONFIG_HOME");
  const std::string restore = saved_config ? saved_config : "";
  ::setenv("XDG_CONFIG_HOME", "/somewhere/config", 1);
  EXPECT_EQ(gui::preferences_path(), "/somewhere/config/tavle/settings.json");
  ::setenv("XDG_CONFIG_HOME", "relative/config", 1);  // invalid by the XDG rules: the default is used
  ::setenv("HOME", std::getenv("HOME") ? std::getenv("HOME") : "/root", 1);
  EXPECT_EQ(gui::preferences_path(), std::string(std::getenv("HOME")) + "/.config/tavle/settings.json");
  if (saved_config) ::setenv("XDG_CONFIG_HOME", restore.c_str(), 1);
  else ::unsetenv("XDG_CONFIG_HOME");
}

// Settings are written whole or not at all: a write that fails halfway (here the
// disk "fills" after 64 bytes, in a child process) leaves the settings as they were
// and no temporary file beside them.
TEST(GuiLaunch, SettingsSurviveAWriteThatFailsHalfway) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-launch-settings-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string path = (dir / "tavle" / "settings.json").string();
  gui::Preferences kept;
  kept.facilitator_name = "Pia Madsen";
  ASSERT_FALSE(gui::write_preferences(path, kept));
  const pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails (EFBIG) instead of killing
    const rlimit small{64, 64};
    ::setrlimit(RLIMIT_FSIZE, &small);
    gui::Preferences bigger = kept;
    bigger.facilitator_name = "Jens";
    for (int i = 0; i < 50; ++i) bigger.recent_files.push_back("/home/pia/Familien " + std::to_string(i) + ".tavle.json");
    ::_exit(gui::write_preferences(path, bigger) ? 0 : 1);  // 0: the failure was reported
  }
  int status = -1;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the failed write was not reported";
  EXPECT_EQ(gui::read_preferences(path).facilitator_name, "Pia Madsen");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "tavle"), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tavle::gui_test
