// "Join a meeting" with a meeting found on the LAN: the home screen, listening on
// a test-only loopback port (--discovery), lists an announced meeting; clicking it
// fills the address, so typing only the code and a name joins that meeting.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;

// Sends `datagram` to 127.0.0.1:port twice a second until destroyed, as a host's
// announcer does (which, on loopback, a real host never does).
class LoopbackAnnouncer {
 public:
  LoopbackAnnouncer(int port, std::string datagram) : thread_([this, port, datagram] {
      const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      to.sin_port = htons(static_cast<std::uint16_t>(port));
      while (!stop_) {
        ::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
      ::close(fd);
    }) {}
  ~LoopbackAnnouncer() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(FoundMeeting, ClickingAMeetingFoundOnTheNetworkFillsItsAddressForJoining) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "found-meeting";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string meeting = (dir / "meeting.json").string(), host_log = (dir / "host.log").string();
  ASSERT_EQ(std::system((std::string(TAVLE_BIN) + " sample -o " + meeting + " >/dev/null").c_str()), 0);
  const std::string port = std::to_string(free_port());
  App host({"host", "--address", "127.0.0.1", "--port", port, "--code", "7373737373", "--professional-code", "737373737373", "--file", meeting}, TAVLE_BIN, host_log,
           {"XDG_DATA_HOME=" + (dir / "host-data").string()});
  std::string fingerprint;
  ASSERT_TRUE(eventually([&] { return !(fingerprint = fingerprint_in(host_log)).empty(); }));

  const int discovery_port = free_port();
  const std::string layout = (dir / "layout.json").string(), state = (dir / "state.json").string();
  // Small type so the whole home screen fits Xvfb's default 640x480 screen.
  App home({"--listen", "127.0.0.1", "--discovery", "127.0.0.1:" + std::to_string(discovery_port), "--width", "640",
            "--height", "480", "--font-scale", "60", "--layout-json", layout, "--state-out", state},
           TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = home.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return has_control(layout, "home.join_button"); }));
  EXPECT_FALSE(has_control(layout, "home.found:127.0.0.1:" + port));  // nothing announced yet

  LoopbackAnnouncer announcer(discovery_port, R"({"tavle":1,"port":)" + port + R"(,"name":"Pia i mødelokalet","id":"gui-test","fingerprint":")" + fingerprint + R"("})");
  const std::string found = "home.found:127.0.0.1:" + port;
  ASSERT_TRUE(eventually([&] { return has_control(layout, found); }));
  ASSERT_TRUE(click_control(window, read_json(layout), found));
  // The address is filled in; the code (the secret) and a name are typed.
  ASSERT_TRUE(click_control(window, read_json(layout), "join.code"));
  ASSERT_TRUE(type_text("7373737373"));
  ASSERT_TRUE(click_control(window, read_json(layout), "home.your_name"));
  ASSERT_TRUE(type_text("Gaest"));
  // A professional: the facilitator's code for professionals lets the app in without waiting.
  ASSERT_TRUE(click_control(window, read_json(layout), "home.professional_code"));
  ASSERT_TRUE(type_text("737373737373"));
  ASSERT_TRUE(click_control(window, read_json(layout), "home.join_button"));
  EXPECT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); }))
      << "the app did not join the announced meeting";
}

}  // namespace
}  // namespace tavle::gui_test
