// End to end under Xvfb, over loopback: a headless `tavle host` and two apps that
// join it; xdotool types a card into one app and the other app's state file
// (--state-out) shows it. Then the same with the host inside the facilitator's app.
#include <gtest/gtest.h>

#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

TEST(EndToEnd, ACardTypedInOneAppReachesTheOtherThroughAHeadlessHost) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir();
  const std::string meeting = (dir / "meeting.json").string(), host_log = (dir / "host.log").string();
  ASSERT_EQ(std::system((std::string(TAVLE_BIN) + " sample -o " + meeting + " >/dev/null").c_str()), 0);
  const std::string port = std::to_string(free_port());
  App host({"host", "--address", "127.0.0.1", "--port", port, "--code", "5151515151", "--professional-code", "515151515151", "--file", meeting}, TAVLE_BIN, host_log,
           {"XDG_DATA_HOME=" + (dir / "host-data").string()});  // its certificate stays in the test's directory
  ASSERT_GT(host.pid, 0);
  std::string fingerprint;
  ASSERT_TRUE(eventually([&] { return !(fingerprint = fingerprint_in(host_log)).empty(); }));
  const std::string a_state = (dir / "a-state.json").string(), b_state = (dir / "b-state.json").string();
  App a({"join", "127.0.0.1:" + port, "--code", "5151515151", "--professional-code", "515151515151", "--name", "Anne Holm", "--role", "professional", "--state-out", a_state, "--fingerprint", fingerprint});
  App b({"join", "127.0.0.1:" + port, "--code", "5151515151", "--professional-code", "515151515151", "--name", "Mette Lund", "--role", "professional", "--state-out", b_state, "--fingerprint", fingerprint});
  ASSERT_GT(a.pid, 0);
  ASSERT_GT(b.pid, 0);
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = a.window()).empty(); }));
  // Both have joined once their state files hold the meeting.
  for (const std::string* state : {&a_state, &b_state})
    ASSERT_TRUE(eventually([&] { return board_has_text(*state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Skolen ringer til mormor ved fravaer";
  EXPECT_TRUE(type_card(window, text, a_state));
  EXPECT_TRUE(eventually([&] { return board_has_text(b_state, text); }));
}

// The same with the host inside the facilitator's app, as `tavle demo` runs it.
TEST(EndToEnd, ACardTypedInAJoinedAppReachesTheAppThatHosts) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir();
  const std::string host_state = (dir / "host-state.json").string(), guest_state = (dir / "guest-state.json").string();
  const std::string port = std::to_string(free_port());
  App host({"demo", "--listen", "127.0.0.1", "--port", port, "--code", "4242424242", "--professional-code", "424242424242", "--state-out", host_state},
           TAVLE_GUI_BIN, "", {"XDG_DATA_HOME=" + (dir / "demo-data").string()});
  ASSERT_GT(host.pid, 0);
  ASSERT_TRUE(eventually([&] { return !host.window().empty(); }));
  // The app made its own certificate there; the guest trusts it as a municipality's CA would be.
  const std::string certificate = (dir / "demo-data" / "tavle" / "tls-cert.pem").string();
  ASSERT_TRUE(eventually([&] { return file_contains(certificate, "BEGIN CERTIFICATE"); }));
  App guest({"join", "127.0.0.1:" + port, "--code", "4242424242", "--professional-code", "424242424242", "--name", "Testperson", "--role", "professional",
             "--state-out", guest_state, "--ca-file", certificate});
  ASSERT_GT(guest.pid, 0);
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = guest.window()).empty(); }));
  // The guest has joined once its state file holds the demo meeting.
  ASSERT_TRUE(eventually([&] { return board_has_text(guest_state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Kort skrevet i testen";
  EXPECT_TRUE(type_card(window, text, guest_state));
  EXPECT_TRUE(eventually([&] { return board_has_text(host_state, text); }));
}

}  // namespace
}  // namespace tavle::gui_test
