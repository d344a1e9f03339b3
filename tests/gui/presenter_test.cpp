// Presenter mode under an X server of the test's own: a wide screen split into
// a laptop and a projector by the app's monitors test seam (--monitors FILE;
// Xvfb has one RandR output and cannot plug monitors in or out, docs/app.md).
// The room's window opens on the projector, shows the board without what only
// professionals may see (not even while it is typed), follows nothing it may not
// show, closes when the projector goes (nothing lost) and is offered again when
// it comes back.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "board/apply.hpp"
#include "board/order_key.hpp"
#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/gui/own_display.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

constexpr int kLaptopW = 1280, kLaptopH = 800, kProjectorW = 1280, kProjectorH = 720;

void write_monitors(const std::string& path, bool projector) {
  std::string text = "eDP-1 " + std::to_string(kLaptopW) + "x" + std::to_string(kLaptopH) + "+0+0\n";
  if (projector) text += "HDMI-1 " + std::to_string(kProjectorW) + "x" + std::to_string(kProjectorH) + "+" + std::to_string(kLaptopW) + "+0\n";
  std::ofstream(path + ".tmp") << text;
  fs::rename(path + ".tmp", path);
}

// press() holding the keys 400 ms: ImGui 1.86 sees a key's state once per frame,
// and two windows drawn by a software renderer on a busy machine make long frames.
bool hold(const std::string& window, const std::string& keys) {
  const std::string command = "xdotool windowfocus " + window + " && sleep 0.3 && xdotool keydown " + keys +
                              " && sleep 0.4 && xdotool keyup " + keys + " && sleep 0.3";
  return std::system(command.c_str()) == 0;
}

// The app's visible X windows, by where they are: [0] the leftmost.
std::vector<std::pair<int, std::string>> windows_by_x(pid_t pid) {
  std::vector<std::pair<int, std::string>> out;
  FILE* p = ::popen(("xdotool search --onlyvisible --pid " + std::to_string(pid) + " 2>/dev/null").c_str(), "r");
  char line[64];
  while (p && std::fgets(line, sizeof line, p)) {
    const std::string id = std::string(line).substr(0, std::string(line).find('\n'));
    FILE* g = ::popen(("xdotool getwindowgeometry --shell " + id).c_str(), "r");
    int x = -1;
    char row[128];
    while (g && std::fgets(row, sizeof row, g))
      if (std::string(row).rfind("X=", 0) == 0) x = std::atoi(row + 2);
    if (g) ::pclose(g);
    out.push_back({x, id});
  }
  if (p) ::pclose(p);
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> card_ids(const nlohmann::json& layout) {
  std::set<std::string> out;
  if (layout.is_object() && layout.contains("cards"))
    for (const auto& card : layout["cards"]) out.insert(card["id"].get<std::string>());
  return out;
}

std::string id_of_card_with_text(const std::string& state, const std::string& text) {
  Board board;
  if (read_board_file(state, board)) return "";
  for (const auto& [id, card] : board.cards)
    if (card.text == text) return id;
  return "";
}

// The card count a window's column heading shows ("" before it is drawn).
std::string heading_count(const nlohmann::json& layout, const std::string& column) {
  if (layout.contains("headings"))
    for (const auto& h : layout["headings"])
      if (h["id"] == column) return h.value("label", "");
  return "";
}

bool has_control(const nlohmann::json& layout, const std::string& id, std::string* label = nullptr) {
  if (!layout.is_object()) return false;
  for (const auto& c : layout["controls"])
    if (c["id"] == id) {
      if (label) *label = c.value("label", "");
      return true;
    }
  return false;
}

TEST(Presenter, TheRoomSeesTheProjectionOnTheSecondMonitorAndNeverAProfessionalOnlyCard) {
  if (skip_without_xdotool() || skip_without_xvfb()) GTEST_SKIP() << "xdotool or Xvfb is not installed";
  OwnDisplay display("presenter", kLaptopW + kProjectorW, kProjectorH);
  ASSERT_TRUE(display.ready());
  const fs::path dir = scratch_dir() / "presenter";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), monitors = (dir / "monitors").string();
  // The sample meeting with its professional-only card first in its column, where the laptop shows it.
  Board sample = sample_board();
  Op move;
  move.id = "test:1";
  move.author = "p-pia";
  move.at = 1795593600000;
  move.kind = OpKind::MoveCard;
  move.target = "c-psyk";
  move.value = {{"column", "worries"}, {"order", order_key_between("", sample.column(Column::Worries).front()->order)}};
  ASSERT_TRUE(apply(sample, move).ok());
  ASSERT_FALSE(write_board_file(meeting, sample));
  write_monitors(monitors, true);
  const std::string control_layout = (dir / "control.json").string(), room_layout = (dir / "room.json").string();
  const std::string state = (dir / "state.json").string();
  App app({"open", meeting, "--monitors", monitors, "--layout-json", control_layout, "--room-layout-json", room_layout,
           "--state-out", state},
          TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string(), "DISPLAY=" + display.display()});

  // The room's window covers the projector; the facilitator's stays on the laptop, fitted to it.
  ASSERT_TRUE(eventually([&] { return read_facts(room_layout).value("monitor", "") == "HDMI-1"; }));
  const nlohmann::json room = read_facts(room_layout);
  EXPECT_EQ(room["x"], kLaptopW);
  EXPECT_EQ(room["y"], 0);
  EXPECT_EQ(room["width"], kProjectorW);
  EXPECT_EQ(room["height"], kProjectorH);
  ASSERT_TRUE(eventually([&] { return read_facts(control_layout).value("monitor", "") == "eDP-1"; }));
  const nlohmann::json control = read_facts(control_layout);
  EXPECT_LE(control["width"].get<int>(), kLaptopW);
  EXPECT_LE(control["height"].get<int>(), kLaptopH);
  // The laptop shows the professional-only card, the room does not.
  EXPECT_TRUE(card_ids(control).count("c-psyk"));
  EXPECT_FALSE(card_ids(room).count("c-psyk"));
  std::vector<std::pair<int, std::string>> windows;
  ASSERT_TRUE(eventually([&] { return (windows = windows_by_x(app.pid)).size() == 2; }));
  const std::string laptop_window = windows[0].second;

  // Everything the room's window ever lists, from now to the end of the test.
  std::set<std::string> seen_in_room;
  std::mutex seen_lock;
  std::jthread watcher([&](std::stop_token stop) {
    while (!stop.stop_requested()) {
      const auto ids = card_ids(read_facts(room_layout));
      std::lock_guard<std::mutex> lock(seen_lock);
      seen_in_room.insert(ids.begin(), ids.end());
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
  });
  // The room's picture once it no longer changes (ImGui settles scrollbars over a
  // few frames; a harmless Shift on the laptop makes the app draw some more).
  auto settled_room = [&](const std::string& name) {
    Image last = screenshot((dir / name).string(), kLaptopW, 0, kProjectorW, kProjectorH);
    for (int i = 0; i < 10; ++i) {
      hold(laptop_window, "shift");
      Image now = screenshot((dir / name).string(), kLaptopW, 0, kProjectorW, kProjectorH);
      if (now.rgb == last.rgb) break;
      last = std::move(now);
    }
    return last;
  };
  const Image before = settled_room("room-before.png");
  const std::string room_count = heading_count(read_facts(room_layout), "working_well");
  ASSERT_FALSE(room_count.empty());
  ASSERT_EQ(before.width, kProjectorW);

  // A professional-only card typed on the laptop (Ctrl+P while typing). Enter only
  // once the draft says so: a key press can race the window's focus on a busy machine.
  const std::string secret = "Fortroligt: sag hos politiet";
  bool marked = false;
  for (int attempt = 0; attempt < 3 && !marked; ++attempt) {
    ASSERT_TRUE(hold(laptop_window, "Escape") && hold(laptop_window, "ctrl+n") && type_text(secret) &&
                hold(laptop_window, "ctrl+p"));
    marked = eventually([&] { return has_control(read_facts(control_layout), "board.draft_professional_only"); }, 10);
  }
  ASSERT_TRUE(marked);
  bool typed = false;
  for (int attempt = 0; attempt < 3 && !typed; ++attempt) {  // Enter on the next, empty draft adds nothing
    ASSERT_TRUE(hold(laptop_window, "Return"));
    typed = eventually([&] { return board_has_text(state, secret); }, 10);
  }
  ASSERT_TRUE(typed);
  ASSERT_TRUE(hold(laptop_window, "Escape"));
  Board board;
  ASSERT_FALSE(read_board_file(state, board));
  const std::string secret_id = id_of_card_with_text(state, secret);
  ASSERT_TRUE(board.cards.at(secret_id).professional_only);
  const std::string column(name_of(board.cards.at(secret_id).column));
  ASSERT_TRUE(eventually([&] { return card_ids(read_facts(control_layout)).count(secret_id) > 0; }));
  // The room's picture has no professional-only marker and still counts the cards
  // it had (it may have scrolled with the laptop's column: it follows the facilitator).
  const Image after = settled_room("room-after.png");
  EXPECT_EQ(pixels_near(after, read_facts(room_layout)["professional_only_rgb"]), 0);
  const Image laptop = screenshot((dir / "laptop.png").string(), 0, 0, kLaptopW, kLaptopH);
  EXPECT_GT(pixels_near(laptop, read_facts(control_layout)["professional_only_rgb"]), 100);  // the check can fail
  EXPECT_EQ(column, "working_well");  // Ctrl+N types into the focused column, the first
  EXPECT_EQ(heading_count(read_facts(room_layout), column), room_count);

  // A card everyone may see does reach the room (the check above can fail).
  const std::string open_words = "Mormor henter i skolen";
  bool typed_open = false;
  for (int attempt = 0; attempt < 3 && !typed_open; ++attempt) {
    ASSERT_TRUE(hold(laptop_window, "Escape") && hold(laptop_window, "ctrl+n") && type_text(open_words) &&
                hold(laptop_window, "Return"));
    typed_open = eventually([&] { return board_has_text(state, open_words); }, 10);
  }
  ASSERT_TRUE(typed_open);
  EXPECT_TRUE(eventually([&] {
    return heading_count(read_facts(room_layout), "working_well") == std::to_string(std::stoi(room_count) + 1);
  }));
  EXPECT_FALSE(settled_room("room-open.png").rgb == before.rgb);
  watcher.request_stop();
  watcher.join();
  EXPECT_FALSE(seen_in_room.count(secret_id)) << "the room's layout listed the professional-only card";
  EXPECT_FALSE(seen_in_room.count("c-psyk"));

  // The projector is unplugged: its window closes, the app and the meeting stay.
  write_monitors(monitors, false);
  ASSERT_TRUE(eventually([&] { return read_facts(room_layout).value("closed", false); }));
  ASSERT_TRUE(eventually([&] { return windows_by_x(app.pid).size() == 1; }));
  EXPECT_FALSE(app.exited());
  EXPECT_TRUE(board_has_text(state, secret) && board_has_text(state, open_words));

  // Plugged in again: offered in the top bar (never forced on the room), and one click presents.
  write_monitors(monitors, true);
  std::string label;
  ASSERT_TRUE(eventually([&] { return has_control(read_facts(control_layout), "bar.present", &label) && label.find("HDMI-1") != std::string::npos; }));
  EXPECT_TRUE(read_facts(room_layout).value("closed", false));
  bool presented = false;
  for (int attempt = 0; attempt < 3 && !presented; ++attempt) {
    ASSERT_TRUE(click_control(laptop_window, read_facts(control_layout), "bar.present"));
    presented = eventually([&] { return read_facts(room_layout).value("monitor", "") == "HDMI-1"; }, 10);
  }
  EXPECT_TRUE(presented);
}

}  // namespace
}  // namespace tavle::gui_test
