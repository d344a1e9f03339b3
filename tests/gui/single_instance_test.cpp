// One app opens meeting files (app/gui/single_instance.hpp, docs/install.md): a
// later `tavle-gui FILE` (what a double-click runs) hands the file to the running
// app over a 0600 socket in $XDG_RUNTIME_DIR and exits without a window; unsaved
// work in the running app is never replaced by it; a socket left by a crashed app
// is taken over; without a private runtime directory every start is its own.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>
#include <filesystem>

#include "board/sample.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

struct Started {
  int status = -1;
  std::string out;
};

// A later start, as the desktop runs it, but with no display at all: handing over
// must not need one (and so never opens a window).
Started start_without_display(const fs::path& runtime, const std::string& file, const fs::path& out) {
  const std::string command = "env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR='" + runtime.string() + "' timeout 20 " +
                              std::string(TAVLE_GUI_BIN) + " '" + file + "' >'" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, file_text(out.string())};
}

int mode_of(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = scratch_dir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "runtime");
  fs::permissions(dir / "runtime", fs::perms::owner_all, fs::perm_options::replace);
  return dir;
}

std::vector<std::string> own_env(const fs::path& dir) {
  return {"XDG_RUNTIME_DIR=" + (dir / "runtime").string(), "XDG_CONFIG_HOME=" + (dir / "config").string(),
          "XDG_DATA_HOME=" + (dir / "data").string()};
}

std::string write_meeting(const fs::path& path, const std::string& family_label) {
  Board board = sample_board();
  board.meeting.family_label = family_label;
  EXPECT_FALSE(write_board_file(path.string(), board));
  return path.string();
}

std::string family_label(const std::string& state) {
  const nlohmann::json board = read_json(state);
  if (!board.is_object() || !board.contains("meeting") || !board["meeting"].is_object()) return "";
  return board["meeting"].value("family_label", "");
}

TEST(SingleInstance, ADoubleClickedFileOpensInTheRunningAppAndNeverOverUnsavedWork) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = fresh_dir("single-instance");
  const std::string state = (dir / "state.json").string();
  const std::string first = write_meeting(dir / "Familien Jensen.tavle.json", "Familien Jensen");
  const std::string second = write_meeting(dir / "Familien Holm.tavle.json", "Familien Holm");
  App running({"--state-out", state}, TAVLE_GUI_BIN, "", own_env(dir));  // the home screen, from the menu
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = running.window()).empty(); }));
  const fs::path socket = dir / "runtime" / "tavle-gui.socket";
  ASSERT_TRUE(eventually([&] { return fs::exists(socket); }));
  EXPECT_EQ(mode_of(socket), 0600);

  const Started handed = start_without_display(dir / "runtime", first, dir / "handed.out");
  EXPECT_EQ(handed.status, 0) << handed.out;
  EXPECT_NE(handed.out.find("opened in the Tavle window open already"), std::string::npos) << handed.out;
  ASSERT_TRUE(eventually([&] { return family_label(state) == "Familien Jensen"; }));

  // Unsaved work in the meeting open now: the next double-click waits on the home screen.
  ASSERT_TRUE(type_card(window, "Kort skrevet inden dobbeltklikket", state));
  const Started waits = start_without_display(dir / "runtime", second, dir / "waits.out");
  EXPECT_EQ(waits.status, 0) << waits.out;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(family_label(state), "Familien Jensen");
  EXPECT_TRUE(board_has_text(state, "Kort skrevet inden dobbeltklikket"));
  EXPECT_FALSE(running.exited());
}

TEST(SingleInstance, ASocketLeftByACrashedAppIsTakenOver) {
  const fs::path dir = fresh_dir("single-instance-stale");
  const fs::path socket = dir / "runtime" / "tavle-gui.socket";
  {  // a socket file nobody listens on any more, as a killed app leaves it
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
  }
  ASSERT_TRUE(fs::exists(socket));
  const std::string state = (dir / "state.json").string();
  const std::string meeting = write_meeting(dir / "meeting.tavle.json", "Familien Jensen");
  App app({meeting, "--state-out", state}, TAVLE_GUI_BIN, "", own_env(dir));
  EXPECT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }));
  // It listens now: the next start hands over instead of failing for want of a display.
  ASSERT_TRUE(eventually([&] { return !app.window().empty(); }));
  const Started next = start_without_display(dir / "runtime", meeting, dir / "next.out");
  EXPECT_EQ(next.status, 0) << next.out;
}

TEST(SingleInstance, WithoutAPrivateRuntimeDirectoryEachStartIsItsOwn) {
  const fs::path dir = fresh_dir("single-instance-shared");
  fs::permissions(dir / "runtime", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                       fs::perms::others_read | fs::perms::others_exec, fs::perm_options::replace);
  const std::string meeting = write_meeting(dir / "meeting.tavle.json", "Familien Jensen");
  App app({"--state-out", (dir / "state.json").string()}, TAVLE_GUI_BIN, "", own_env(dir));
  ASSERT_TRUE(eventually([&] { return !app.window().empty(); }));
  EXPECT_FALSE(fs::exists(dir / "runtime" / "tavle-gui.socket")) << "a socket in a directory others may enter";
  // Nobody to hand over to: this start needs a display of its own, and has none.
  const Started own = start_without_display(dir / "runtime", meeting, dir / "own.out");
  EXPECT_NE(own.status, 0) << own.out;
  EXPECT_NE(own.out.find("cannot open a window"), std::string::npos) << own.out;
}

}  // namespace
}  // namespace tavle::gui_test
