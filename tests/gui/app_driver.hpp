// Driving real tavle-gui instances under Xvfb: start them (with their own
// environment when a test needs it), find their windows, press keys with xdotool,
// and wait for what they write (--state-out, --layout-json) to show something.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "board/board_json.hpp"
#include "files/safe_file.hpp"

extern char** environ;

namespace tavle::gui_test {

inline int free_port() {
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

// A running tavle-gui (or `tavle host`); stopped when the test ends. `env` adds or
// replaces environment variables ("NAME=value") for this instance only.
struct App {
  pid_t pid = 0;
  explicit App(std::vector<std::string> args, const char* binary = TAVLE_GUI_BIN, const std::string& stdout_path = "",
               const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> environment = env;
    // One app per user opens meeting files (app/gui/single_instance.hpp): a test's app
    // never hands its file to another test's (or the developer's own) running app,
    // unless the test gives it a runtime directory of its own.
    bool runtime_given = false;
    for (const std::string& mine : env) runtime_given |= mine.rfind("XDG_RUNTIME_DIR=", 0) == 0;
    if (!runtime_given) environment.push_back("XDG_RUNTIME_DIR=");
    const std::vector<std::string> overrides = environment;
    for (char** e = environ; *e; ++e) {
      const std::string entry = *e;
      bool replaced = false;
      for (const std::string& mine : overrides) replaced |= entry.substr(0, entry.find('=') + 1) == mine.substr(0, mine.find('=') + 1);
      if (!replaced) environment.push_back(entry);
    }
    std::vector<char*> envp;
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    if (!stdout_path.empty())
      posix_spawn_file_actions_addopen(&files, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid, binary, &files, nullptr, argv.data(), envp.data()) != 0) pid = 0;
    posix_spawn_file_actions_destroy(&files);
  }
  ~App() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
  bool exited() {  // it has ended by itself (then it is not stopped again)
    if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == pid) pid = 0;
    return pid == 0;
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

inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

inline bool file_contains(const std::string& path, const std::string& text) {
  return file_text(path).find(text) != std::string::npos;
}

// The certificate fingerprint `tavle host` printed in its log (docs/protocol.md,
// "Encryption"): what a joining app pins. Empty until it is there.
inline std::string fingerprint_in(const std::string& log) {
  const std::string text = file_text(log), marker = "fingerprint SHA-256 ";
  const auto at = text.find(marker);
  return at == std::string::npos || text.size() < at + marker.size() + 95 ? "" : text.substr(at + marker.size(), 95);
}

// A JSON file an app writes (atomically); null while it is missing.
inline nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(file_text(path), nullptr, false);
}

inline bool board_has_text(const std::string& path, const std::string& text) {
  Board board;
  if (read_board_file(path, board)) return false;
  for (const auto& [id, card] : board.cards)
    if (!card.deleted && card.text == text) return true;
  return false;
}

inline bool skip_without_xdotool() { return std::system("command -v xdotool >/dev/null") != 0; }

// Focuses the window and presses `keys` (xdotool names, e.g. "ctrl+b") as one quick
// tap: press and release arrive together, and the app's key queue (app/gui/key_queue)
// still gives ImGui the press and the release in different frames.
inline bool press(const std::string& window, const std::string& keys) {
  const std::string command = "xdotool windowfocus " + window + " && sleep 0.5 && xdotool key " + keys + " && sleep 0.3";
  return std::system(command.c_str()) == 0;
}

inline bool type_text(const std::string& text) {
  return std::system(("xdotool type --delay 30 '" + text + "'").c_str()) == 0;
}

// Types a card into the app's window the way a facilitator does: Ctrl+N, the
// words, Enter. Typing into a window on a busy machine can race its focus, so it
// tries again (the check is what the app ends up with, never how fast).
inline bool type_card(const std::string& window, const std::string& text, const std::string& state_file) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!press(window, "Escape") || !press(window, "ctrl+n") || !type_text(text) || !press(window, "Return")) return false;
    if (eventually([&] { return board_has_text(state_file, text); }, 15)) return true;
  }
  return false;
}

// The app's layout facts (the file --layout-json names) list control `id` now.
inline bool has_control(const std::string& layout, const std::string& id) {
  const nlohmann::json facts = read_json(layout);
  if (!facts.is_object()) return false;
  for (const auto& c : facts["controls"])
    if (c["id"] == id) return true;
  return false;
}

// Clicks the middle of a control the app reported in its layout facts.
inline bool click_control(const std::string& window, const nlohmann::json& layout, const std::string& id) {
  if (!layout.is_object()) return false;
  for (const auto& c : layout["controls"])
    if (c["id"] == id) {
      const int x = static_cast<int>((c["x0"].get<double>() + c["x1"].get<double>()) / 2);
      const int y = static_cast<int>((c["y0"].get<double>() + c["y1"].get<double>()) / 2);
      const std::string command = "xdotool windowfocus " + window + " && sleep 0.3 && xdotool mousemove --window " + window +
                                  " " + std::to_string(x) + " " + std::to_string(y) +
                                  " && sleep 0.2 && xdotool mousedown 1 && sleep 0.1 && xdotool mouseup 1 && sleep 0.3";
      return std::system(command.c_str()) == 0;
    }
  return false;
}

// Scrolls the panel under control `over` with the mouse wheel, a notch at a time, until
// the app reports control `id` (panels that scroll note only what is on the screen).
// The mouse stays where `over` was first seen, so `over` may scroll away meanwhile.
inline bool scroll_until_shown(const std::string& window, const std::string& layout_path, const std::string& over,
                               const std::string& id) {
  int x = -1, y = -1;
  for (int notch = 0; notch < 40; ++notch) {
    const nlohmann::json layout = read_json(layout_path);
    if (!layout.is_object()) return false;
    for (const auto& c : layout["controls"]) {
      if (c["id"] == id) return true;
      if (c["id"] == over && x < 0) {
        x = static_cast<int>((c["x0"].get<double>() + c["x1"].get<double>()) / 2);
        y = static_cast<int>((c["y0"].get<double>() + c["y1"].get<double>()) / 2);
      }
    }
    if (x < 0) return false;
    const std::string command = "xdotool windowfocus " + window + " && sleep 0.2 && xdotool mousemove --window " + window +
                                " " + std::to_string(x) + " " + std::to_string(y) + " && xdotool click 5 && sleep 0.4";
    if (std::system(command.c_str()) != 0) return false;
  }
  return false;
}

}  // namespace tavle::gui_test
