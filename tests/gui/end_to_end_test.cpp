// End to end under Xvfb: one app hosts the demo meeting (the host runs inside it,
// as in `tavle demo`), a second app joins it over the network, xdotool types a
// card into the second app, and the first app's state file shows that card.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "board/board_json.hpp"
#include "tests/gui/gui_test_support.hpp"

extern char** environ;

namespace tavle::gui_test {
namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A running tavle-gui; killed if the test ends early.
struct App {
  pid_t pid = 0;
  explicit App(std::vector<std::string> args) {
    args.insert(args.begin(), TAVLE_GUI_BIN);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid, TAVLE_GUI_BIN, nullptr, nullptr, argv.data(), environ) != 0) pid = 0;
  }
  ~App() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
  std::string window() const {  // the X window id, once it is mapped
    std::string out;
    FILE* p = ::popen(("xdotool search --onlyvisible --pid " + std::to_string(pid) + " 2>/dev/null").c_str(), "r");
    char line[64];
    if (p && std::fgets(line, sizeof line, p)) out = std::string(line).substr(0, std::string(line).find('\n'));
    if (p) ::pclose(p);
    return out;
  }
};

// Polls (never a timed assertion: the bound only stops a hung test).
template <class Check>
bool eventually(Check check, int seconds = 60) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

bool board_has_text(const std::string& path, const std::string& text) {
  Board board;
  if (read_board_file(path, board)) return false;
  for (const auto& [id, card] : board.cards)
    if (!card.deleted && card.text == text) return true;
  return false;
}

TEST(EndToEnd, ACardTypedInOneAppAppearsInTheOther) {
  if (std::system("command -v xdotool >/dev/null") != 0) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir();
  const std::string host_state = (dir / "host-state.json").string(), guest_state = (dir / "guest-state.json").string();
  const std::string port = std::to_string(free_port());
  App host({"demo", "--port", port, "--code", "424242", "--state-out", host_state});
  ASSERT_GT(host.pid, 0);
  ASSERT_TRUE(eventually([&] { return !host.window().empty(); }));
  App guest({"join", "127.0.0.1:" + port, "--code", "424242", "--name", "Testperson", "--role", "professional",
             "--state-out", guest_state});
  ASSERT_GT(guest.pid, 0);
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = guest.window()).empty(); }));
  // The guest has joined once its state file holds the demo meeting.
  ASSERT_TRUE(eventually([&] { return board_has_text(guest_state, "Far bestiller tid hos egen læge."); }));
  const std::string text = "Kort skrevet i testen";
  // Keys are held for 100 ms as a person would: ImGui 1.86 sees a key's state
  // once per frame, so a press and release in one batch of events would be lost.
  const std::string keys = "xdotool windowfocus " + window +
                           " && sleep 0.5 && xdotool keydown Escape && sleep 0.1 && xdotool keyup Escape && sleep 0.3"
                           " && xdotool keydown ctrl+n && sleep 0.1 && xdotool keyup ctrl+n && sleep 0.5"
                           " && xdotool type --delay 30 '" + text +
                           "' && sleep 0.2 && xdotool keydown Return && sleep 0.1 && xdotool keyup Return";
  // Typing into a window on a busy machine can race its focus; try again a few times
  // (the check is what the host ends up with, never how fast).
  bool typed = false;
  for (int attempt = 0; attempt < 3 && !typed; ++attempt) {
    ASSERT_EQ(std::system(keys.c_str()), 0);
    typed = eventually([&] { return board_has_text(guest_state, text); }, 15);
  }
  EXPECT_TRUE(typed);
  EXPECT_TRUE(eventually([&] { return board_has_text(host_state, text); }));
}

}  // namespace
}  // namespace tavle::gui_test
