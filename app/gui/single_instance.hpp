// One app per user opens meeting files (docs/install.md, "The desktop"): the first
// `tavle-gui` (or `tavle-gui FILE`) listens on a Unix socket in $XDG_RUNTIME_DIR
// (mode 0600, in a directory only this user may enter); a later `tavle-gui FILE`,
// a double-click on a meeting file, hands the file to it and exits without opening
// a window. Without a private $XDG_RUNTIME_DIR every start is its own window, as
// before. No ImGui or GLFW in here: the main loop asks for what was handed over.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tavle::gui {

// What a later start asked for: a meeting file (absolute path), or only "show yourself".
struct HandedOver {
  std::string file;  // empty: raise the window
};

class SingleInstance {
 public:
  enum class Start {
    HandedOver,  // a running app took the request: this process should exit
    Listening,   // this is the one app now; later starts hand their files here
    Alone,       // no private runtime directory (or the socket failed): its own window
  };

  SingleInstance() = default;
  SingleInstance(const SingleInstance&) = delete;
  SingleInstance& operator=(const SingleInstance&) = delete;
  ~SingleInstance();  // stops listening and removes the socket

  // $XDG_RUNTIME_DIR/tavle-gui.socket, or empty when that directory is unset,
  // relative, or not this user's own with mode 0700 (the XDG rules).
  static std::string socket_path();

  // Hands `file` (empty: only show the window) to a running app, or becomes the one
  // that listens. `wake` is called (from the listening thread) when something arrives.
  Start start(const std::string& socket, const std::string& file, std::function<void()> wake);
  // What later starts handed over since the last call (main thread).
  std::vector<HandedOver> take();

 private:
  void serve();
  void answer(int client);

  std::string socket_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;  // an eventfd that ends serve()
  std::thread thread_;
  std::function<void()> wake_;
  std::mutex mutex_;
  std::vector<HandedOver> queue_;
};

}  // namespace tavle::gui
