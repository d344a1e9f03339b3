// The desktop's file dialog, answered by the test: a private D-Bus session bus
// with tests/gui/fake_portal.py playing xdg-desktop-portal's FileChooser. The
// app asks through libportal (the same calls a real desktop answers), the test
// picks a meeting file whose path has spaces and Danish letters, and that meeting
// opens; its folder and the file are remembered for next time.
#include <gtest/gtest.h>

#include <filesystem>

#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

bool skip_without_dbus() {
  return std::system("test -x /usr/bin/dbus-daemon && /usr/bin/python3 -c 'import dbus, gi' 2>/dev/null") != 0;
}

// A session bus of the test's own, with the fake portal on it.
struct FakeDesktop {
  std::unique_ptr<App> bus, portal;
  std::string address;
  FakeDesktop(const fs::path& dir, const std::string& answer_file, const std::string& log) {
    const std::string address_file = (dir / "bus-address").string();
    bus = std::make_unique<App>(std::vector<std::string>{"--session", "--nofork", "--print-address=1"}, "/usr/bin/dbus-daemon",
                                address_file);
    if (!eventually([&] { return file_text(address_file).find('\n') != std::string::npos; }, 20)) return;
    address = file_text(address_file).substr(0, file_text(address_file).find('\n'));
    const std::string ready = (dir / "portal-ready").string();
    portal = std::make_unique<App>(
        std::vector<std::string>{std::string(TAVLE_SOURCE_DIR) + "/tests/gui/fake_portal.py", answer_file, log, ready},
        "/usr/bin/python3", "", std::vector<std::string>{"DBUS_SESSION_BUS_ADDRESS=" + address});
    if (!eventually([&] { return fs::exists(ready); }, 20)) address.clear();
  }
};

TEST(FileDialog, AMeetingFileChosenInTheDesktopsDialogOpens) {
  if (skip_without_xdotool() || skip_without_dbus()) GTEST_SKIP() << "xdotool, dbus-daemon or python3-dbus is missing";
  const fs::path dir = scratch_dir() / "file-dialog";
  fs::remove_all(dir);
  const fs::path folder = dir / "Møder i år";
  fs::create_directories(folder);
  const std::string meeting = (folder / "familien Ørn.json").string();
  Board board = sample_board();
  board.meeting.family_label = "Familien Ørn";
  ASSERT_FALSE(write_board_file(meeting, board));
  const std::string answer = (dir / "answer").string(), log = (dir / "portal.log").string();
  std::ofstream(answer) << meeting << "\n";
  FakeDesktop desktop(dir, answer, log);
  ASSERT_FALSE(desktop.address.empty()) << "the private bus or the fake portal did not start";

  const std::string layout = (dir / "layout.json").string(), state = (dir / "state.json").string();
  const std::string config = (dir / "config").string();
  App app({"--layout-json", layout, "--state-out", state, "--width", "1280", "--height", "720"}, TAVLE_GUI_BIN, "",
          {"DBUS_SESSION_BUS_ADDRESS=" + desktop.address, "XDG_CONFIG_HOME=" + config,
           "XDG_DATA_HOME=" + (dir / "data").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty() && file_contains(layout, "home.choose_file"); }));
  // Clicked until the portal is asked (a click can race the window's focus), then answered.
  bool asked_portal = false;
  for (int attempt = 0; attempt < 3 && !asked_portal; ++attempt) {
    ASSERT_TRUE(click_control(window, read_json(layout), "home.choose_file"));
    asked_portal = eventually([&] { return !file_text(log).empty(); }, 10);
  }
  ASSERT_TRUE(asked_portal);
  const bool opened = eventually([&] { return file_contains(state, "Familien \xC3\x98rn"); }, 30);
  ASSERT_TRUE(opened) << "portal log: " << file_text(log);
  // The portal was asked for a meeting file, with the app's title and a .json filter.
  const nlohmann::json asked = nlohmann::json::parse(file_text(log).substr(0, file_text(log).find('\n')), nullptr, false);
  ASSERT_TRUE(asked.is_object());
  EXPECT_EQ(asked["method"], "OpenFile");
  EXPECT_EQ(asked["title"], "Åbn en mødefil");
  EXPECT_NE(asked["options"].dump().find("*.json"), std::string::npos);
  // Its folder and the file are remembered.
  ASSERT_TRUE(eventually([&] { return file_contains(config + "/tavle/settings.json", "familien"); }));
  const nlohmann::json settings = read_json(config + "/tavle/settings.json");
  EXPECT_EQ(settings["last_folder"], folder.string());
  ASSERT_FALSE(settings["recent_files"].empty());
  EXPECT_EQ(settings["recent_files"][0], meeting);
}

}  // namespace
}  // namespace tavle::gui_test
