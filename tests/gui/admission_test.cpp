// A professional on a laptop asks to join with the room's code and the facilitator
// lets them in from the app's Join tab (docs/security.md, "Admission"): here Jonas,
// who was in the last meeting, on a new laptop (no rejoin token). The facilitator's
// app offers "Admit as Jonas Berg (Jobcentret)"; after the click Jonas's app is in,
// and what he writes is his, under the participant he already was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board/sample.hpp"
#include "files/safe_file.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

// Xvfb has no window manager: focusing a window does not bring it up, and the two
// apps' windows overlap. Raised first, the clicks and keys reach the intended one.
bool raise(const std::string& window) { return std::system(("xdotool windowraise " + window).c_str()) == 0; }

std::string author_of(const std::string& state, const std::string& text) {
  Board board;
  if (read_board_file(state, board)) return "";
  for (const auto& [id, card] : board.cards)
    if (card.text == text) return card.author;
  return "";
}

TEST(Admission, AProfessionalOnANewLaptopAsksAndIsAdmittedAsTheParticipantTheyWere) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "admission";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), host_log = (dir / "host.log").string();
  ASSERT_FALSE(write_board_file(meeting, sample_board()));
  const fs::path key_file = dir / "facilitator.key";
  std::ofstream(key_file) << "1f2e3d4c5b6a79889786a5b4c3d2e1f0\n";
  fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  const std::string port = std::to_string(free_port()), address = "127.0.0.1:" + port;
  App host({"host", "--address", "127.0.0.1", "--port", port, "--code", "8282828282", "--facilitator-key-file",
            key_file.string(), "--file", meeting},
           TAVLE_BIN, host_log, {"XDG_DATA_HOME=" + (dir / "host-data").string()});
  std::string fingerprint;
  ASSERT_TRUE(eventually([&] { return !(fingerprint = fingerprint_in(host_log)).empty(); }));

  const std::string facilitator_layout = (dir / "facilitator.json").string();
  App facilitator({"join", address, "--code", "8282828282", "--name", "Pia Madsen", "--role", "facilitator",
                   "--facilitator-key-file", key_file.string(), "--tab", "join", "--layout-json", facilitator_layout,
                   "--fingerprint", fingerprint},
                  TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "facilitator-config").string()});
  std::string facilitator_window;
  ASSERT_TRUE(eventually([&] { return !(facilitator_window = facilitator.window()).empty(); }));

  // Jonas's new laptop: the room's code only, so it waits for the facilitator.
  const std::string jonas_state = (dir / "jonas.json").string();
  App jonas({"join", address, "--code", "8282828282", "--name", "Jonas Berg", "--role", "professional", "--state-out",
             jonas_state, "--fingerprint", fingerprint},
            TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "jonas-config").string()});
  std::string jonas_window;
  ASSERT_TRUE(eventually([&] { return !(jonas_window = jonas.window()).empty(); }));
  // The facilitator's Join tab names him; one click lets him in as himself.
  const std::string admit = "join.admit_as:p-jonas";
  ASSERT_TRUE(eventually([&] { return has_control(facilitator_layout, admit); }));
  EXPECT_FALSE(board_has_text(jonas_state, "Far bestiller tid hos egen læge.")) << "a waiting laptop saw the board";
  bool admitted = false;
  for (int attempt = 0; attempt < 3 && !admitted; ++attempt) {
    if (has_control(facilitator_layout, admit))
      ASSERT_TRUE(raise(facilitator_window) && click_control(facilitator_window, read_json(facilitator_layout), admit));
    admitted = eventually([&] { return board_has_text(jonas_state, "Far bestiller tid hos egen læge."); }, 10);
  }
  ASSERT_TRUE(admitted);
  const std::string text = "Jonas skriver fra den nye computer";
  ASSERT_TRUE(raise(jonas_window) && type_card(jonas_window, text, jonas_state));
  EXPECT_EQ(author_of(jonas_state, text), "p-jonas");
}

}  // namespace
}  // namespace tavle::gui_test
