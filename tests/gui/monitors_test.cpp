// Which screen each window goes on (app/gui/monitors.hpp), as functions of the
// monitor list: the facilitator's window never opens larger than its screen,
// comes back where it was, and the room's view takes the monitor chosen last time.
#include "app/gui/monitors.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/gui/preferences.hpp"

namespace tavle::gui {
namespace {

std::vector<MonitorInfo> laptop_and_projector() {
  return parse_monitor_list("eDP-1 1366x768+0+0\nHDMI-1 1280x800+1366+0\n");
}

TEST(Monitors, TheFirstWindowFillsTheWorkAreaOfTheFirstMonitor) {
  auto monitors = laptop_and_projector();
  monitors[0].work = ScreenRect{0, 27, 1366, 741};  // a panel at the top
  const WindowPlacement p = place_control_window(monitors, WindowMemory{});
  EXPECT_EQ(p.monitor, 0);
  EXPECT_EQ(p.rect, (ScreenRect{0, 27, 1366, 741}));
  EXPECT_TRUE(p.maximise);
}

TEST(Monitors, ARememberedWindowLargerThanItsScreenShrinksIntoTheWorkArea) {
  WindowMemory memory{"HDMI-1", ScreenRect{1000, -50, 1920, 1080}, false};  // last time on a bigger projector
  const WindowPlacement p = place_control_window(laptop_and_projector(), memory);
  EXPECT_EQ(p.monitor, 1);
  EXPECT_EQ(p.rect, (ScreenRect{1366, 0, 1280, 800}));
  EXPECT_FALSE(p.maximise);
}

TEST(Monitors, AWindowRememberedOnAMonitorNoLongerThereOpensOnTheFirst) {
  WindowMemory memory{"DP-7", ScreenRect{3000, 0, 800, 600}, false};
  const WindowPlacement p = place_control_window(laptop_and_projector(), memory);
  EXPECT_EQ(p.monitor, 0);
  EXPECT_EQ(p.rect, (ScreenRect{0, 0, 1366, 768}));
}

TEST(Monitors, ARememberedWindowThatFitsComesBackWhereItWas) {
  WindowMemory memory{"eDP-1", ScreenRect{100, 50, 1100, 600}, false};
  EXPECT_EQ(place_control_window(laptop_and_projector(), memory).rect, (ScreenRect{100, 50, 1100, 600}));
}

TEST(Monitors, TheRoomTakesTheOtherMonitorAndTheRememberedOneWhenConnected) {
  auto three = parse_monitor_list("eDP-1 1366x768+0+0\nHDMI-1 1280x800+1366+0\nDP-2 1920x1080+2646+0\n");
  EXPECT_EQ(projection_monitor(three, 0, ""), 1);
  EXPECT_EQ(projection_monitor(three, 0, "DP-2"), 2);
  EXPECT_EQ(projection_monitor(three, 0, "gone"), 1);
  EXPECT_EQ(projection_monitor(three, 1, "HDMI-1"), 0);  // never on the facilitator's own monitor
  EXPECT_EQ(projection_monitor(parse_monitor_list("eDP-1 1366x768+0+0\n"), 0, ""), std::nullopt);
}

TEST(Monitors, AWindowBelongsToTheMonitorUnderItsMiddle) {
  EXPECT_EQ(monitor_under(laptop_and_projector(), ScreenRect{1300, 0, 400, 300}), 1);
  EXPECT_EQ(monitor_under(laptop_and_projector(), ScreenRect{10, 10, 400, 300}), 0);
}

TEST(Monitors, TheSeamListSkipsBrokenLines) {
  const auto list = parse_monitor_list("eDP-1 1366x768+0+0\nnonsense\nHDMI-1 0x800+1366+0\nDP-1 800x600+-800+0\n");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].name, "DP-1");
  EXPECT_EQ(list[1].area.x, -800);
}

}  // namespace
}  // namespace tavle::gui

namespace tavle::gui {
namespace {

TEST(Preferences, RememberTheWindowTheProjectorAndRecentFiles) {
  const std::string path = ::testing::TempDir() + "/tavle-monitors-prefs/settings.json";
  Preferences prefs;
  prefs.window = WindowMemory{"HDMI-1", ScreenRect{10, 20, 1200, 700}, false};
  prefs.projection_monitor = "HDMI-2";
  prefs.last_folder = "/home/pia/Møder";
  for (int i = 0; i < 8; ++i) remember_recent_file(prefs, "/m/" + std::to_string(i) + ".json");
  remember_recent_file(prefs, "/m/3.json");  // opened again: first, and only once
  ASSERT_FALSE(write_preferences(path, prefs));
  const Preferences back = read_preferences(path);
  EXPECT_EQ(back.window.monitor, "HDMI-1");
  EXPECT_EQ(back.window.rect, (ScreenRect{10, 20, 1200, 700}));
  EXPECT_FALSE(back.window.maximised);
  EXPECT_EQ(back.projection_monitor, "HDMI-2");
  EXPECT_EQ(back.last_folder, "/home/pia/Møder");
  ASSERT_EQ(back.recent_files.size(), kRecentFiles);
  EXPECT_EQ(back.recent_files[0], "/m/3.json");
  EXPECT_EQ(back.recent_files[1], "/m/7.json");
  EXPECT_EQ(std::count(back.recent_files.begin(), back.recent_files.end(), "/m/3.json"), 1);
}

}  // namespace
}  // namespace tavle::gui
