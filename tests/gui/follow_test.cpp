// "Bring everyone to my view" between real apps under Xvfb: a facilitator selects a
// card low in a long column and presses Ctrl+B; a follower's window scrolls it
// into view (its layout facts list the card), while an app whose "Follow the
// facilitator" is switched off (remembered in its settings) stays where it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

// The demo meeting with a worries column far longer than a window: c-deep is last.
void write_long_meeting(const std::string& path) {
  Board board = sample_board();
  for (int i = 0; i <= 30; ++i) {
    Op add;
    add.id = "test:" + std::to_string(i);
    add.author = "p-pia";
    add.at = 1795593600000;
    add.kind = OpKind::AddCard;
    add.target = i == 30 ? "c-deep" : "c-long-" + std::to_string(i);
    add.value = {{"column", "worries"}, {"text", "Bekymring nummer " + std::to_string(i) + " fra testen"}};
    ASSERT_TRUE(apply(board, add).ok());
  }
  ASSERT_FALSE(write_board_file(path, board));
}

bool shows_card(const nlohmann::json& layout, const std::string& id) {
  if (!layout.is_object()) return false;
  for (const auto& card : layout["cards"])
    if (card["id"] == id) return true;
  return false;
}

// The host never prints its facilitator key: the test hands it one in a file only
// this user can read, and the facilitator's app reads the same file.
std::string write_key_file(const std::filesystem::path& path) {
  std::ofstream(path) << "0f1e2d3c4b5a69788796a5b4c3d2e1f0\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return path.string();
}

// A settings file that remembers "do not follow the facilitator".
std::string config_not_following(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "tavle");
  std::ofstream(dir / "tavle" / "settings.json") << R"({"follow_facilitator": false})";
  return "XDG_CONFIG_HOME=" + dir.string();
}

TEST(FollowFacilitator, AFollowerScrollsToTheCardTheFacilitatorBringsEveryoneTo) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir() / "follow";
  std::filesystem::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), host_log = (dir / "host.log").string();
  write_long_meeting(meeting);
  const std::string port = std::to_string(free_port()), address = "127.0.0.1:" + port;
  const std::string key_file = write_key_file(dir / "facilitator.key");
  App host({"host", "--address", "127.0.0.1", "--port", port, "--code", "6262626262", "--professional-code", "626262626262",
            "--facilitator-key-file", key_file, "--file", meeting},
           TAVLE_BIN, host_log);
  ASSERT_TRUE(eventually([&] { return file_contains(host_log, "listening on"); }));
  const std::string follower_layout = (dir / "follower.json").string(), stayer_layout = (dir / "stayer.json").string();
  const std::string own_config = "XDG_CONFIG_HOME=" + (dir / "follower-config").string();
  App follower({"join", address, "--code", "6262626262", "--professional-code", "626262626262", "--name", "Mette Lund", "--layout-json", follower_layout}, TAVLE_GUI_BIN,
               "", {own_config});
  App stayer({"join", address, "--code", "6262626262", "--professional-code", "626262626262", "--name", "Jonas Berg", "--layout-json", stayer_layout}, TAVLE_GUI_BIN, "",
             {config_not_following(dir / "stayer-config")});
  // Both show the top of the worries column, and not its last card.
  for (const std::string* layout : {&follower_layout, &stayer_layout}) {
    ASSERT_TRUE(eventually([&] { return shows_card(read_json(*layout), "c-fare"); })) << *layout;
    ASSERT_FALSE(shows_card(read_json(*layout), "c-deep")) << *layout;
  }
  const std::string facilitator_state = (dir / "facilitator.json").string();
  App facilitator({"join", address, "--code", "6262626262", "--name", "Pia Holm", "--role", "facilitator",
                   "--facilitator-key-file", key_file, "--select", "c-deep", "--state-out", facilitator_state},
                  TAVLE_GUI_BIN, "", {own_config});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = facilitator.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return file_contains(facilitator_state, "c-deep"); }));
  // Ctrl+B brings everyone to the selected card (pressed again if the key raced the window's focus).
  bool followed = false;
  for (int attempt = 0; attempt < 3 && !followed; ++attempt) {
    ASSERT_TRUE(press(window, "ctrl+b"));
    followed = eventually([&] { return shows_card(read_json(follower_layout), "c-deep"); }, 15);
  }
  EXPECT_TRUE(followed);
  // The app that does not follow got the same request and stayed at the top.
  ASSERT_TRUE(eventually([&] { return read_json(stayer_layout).value("focus_received", "") == "c-deep"; }));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // its frames after the request have settled
  EXPECT_FALSE(shows_card(read_json(stayer_layout), "c-deep"));
  EXPECT_TRUE(shows_card(read_json(stayer_layout), "c-fare"));
}

}  // namespace
}  // namespace tavle::gui_test
