// End to end under Xvfb, over loopback: a headless `tavle host` and two apps that
// join it; xdotool types a card into one app and the other app's state file
// (--state-out) shows it. Then the same with the host inside the facilitator's app.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <sstream>
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

// A running tavle-gui (or `tavle host`); stopped when the test ends.
struct App {
  pid_t pid = 0;
  explicit App(std::vector<std::string> args, const char* binary = TAVLE_GUI_BIN, const std::string& stdout_path = "") {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    if (!stdout_path.empty())
      posix_spawn_file_actions_addopen(&files, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid, binary, &files, nullptr, argv.data(), environ) != 0) pid = 0;
    posix_spawn_file_actions_destroy(&files);
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

bool file_contains(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  return all.str().find(text) != std::string::npos;
}

// Types a card into the app's window the way a facilitator does: Ctrl+N, the
// words, Enter. Keys are held for 100 ms as a person would: ImGui 1.86 sees a
// key's state once per frame, so a press and release in one batch would be lost.
// Typing into a window on a busy machine can race its focus, so it tries again
// (the check is what the app ends up with, never how fast).
bool type_card(const std::string& window, const std::string& text, const std::string& state_file) {
  const std::string keys = "xdotool windowfocus " + window +
                           " && sleep 0.5 && xdotool keydown Escape && sleep 0.1 && xdotool keyup Escape && sleep 0.3"
                           " && xdotool keydown ctrl+n && sleep 0.1 && xdotool keyup ctrl+n && sleep 0.5"
                           " && xdotool type --delay 30 '" + text +
                           "' && sleep 0.2 && xdotool keydown Return && sleep 0.1 && xdotool keyup Return";
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (std::system(keys.c_str()) != 0) return false;
    if (eventually([&] { return board_has_text(state_file, text); }, 15)) return true;
  }
  return false;
}

TEST(EndToEnd, ACardTypedInOneAppReachesTheOtherThroughAHeadlessHost) {
  if (std::system("command -v xdotool >/dev/null") != 0) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir();
  const std::string meeting = (dir / "meeting.json").string(), host_log = (dir / "host.log").string();
  ASSERT_EQ(std::system((std::string(TAVLE_BIN) + " sample -o " + meeting + " >/dev/null").c_str()), 0);
  const std::string port = std::to_string(free_port());
  App host({"host", "--address", "127.0.0.1", "--port", port, "--code", "515151", "--file", meeting}, TAVLE_BIN, host_log);
  ASSERT_GT(host.pid, 0);
  ASSERT_TRUE(eventually([&] { return file_contains(host_log, "listening on"); }));
  const std::string a_state = (dir / "a-state.json").string(), b_state = (dir / "b-state.json").string();
  App a({"join", "127.0.0.1:" + port, "--code", "515151", "--name", "Anne Holm", "--role", "professional", "--state-out", a_state});
  App b({"join", "127.0.0.1:" + port, "--code", "515151", "--name", "Mette Lund", "--role", "professional", "--state-out", b_state});
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
  if (std::system("command -v xdotool >/dev/null") != 0) GTEST_SKIP() << "xdotool is not installed";
  const auto dir = scratch_dir();
  const std::string host_state = (dir / "host-state.json").string(), guest_state = (dir / "guest-state.json").string();
  const std::string port = std::to_string(free_port());
  App host({"demo", "--listen", "127.0.0.1", "--port", port, "--code", "424242", "--state-out", host_state});
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
  EXPECT_TRUE(type_card(window, text, guest_state));
  EXPECT_TRUE(eventually([&] { return board_has_text(host_state, text); }));
}

}  // namespace
}  // namespace tavle::gui_test
