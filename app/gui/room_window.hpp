// The facilitator's two screens. The control window (the laptop) keeps the full
// view; with a second monitor connected, a second GLFW window shows the room the
// projection view full-screen on it. Dear ImGui 1.86 has no multi-viewport, so
// the room's window has its own ImGui context; it shares the GL objects (a shared
// GL context) and the font atlas with the control window's, and takes no input.
// [SECTION] monitors   [SECTION] the control window   [SECTION] the room's window
#pragma once

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/app_state.hpp"
#include "app/gui/monitors.hpp"

struct GLFWwindow;
struct GLFWmonitor;
struct ImGuiContext;

namespace tavle::gui {

// [SECTION] monitors

// What GLFW reports (the X server's RandR outputs), or, when `seam_file` is set,
// the test seam's list read from that file (Xvfb has one RandR output and cannot
// plug monitors in or out). Either way a change wakes the waiting loop, so idle
// stays free with the seam too.
struct Monitors {
  std::string seam_file;
  std::vector<MonitorInfo> list;
  std::vector<GLFWmonitor*> handles;  // null for the seam's monitors

  // Reads the list again; true when it differs from before.
  bool refresh();
  // True once after a monitor was plugged in or out.
  static bool take_change();
  // Listens for changes: glfwSetMonitorCallback, or a thread watching the seam's file.
  void watch();
  void stop();  // before glfwTerminate
  ~Monitors() { stop(); }

 private:
  std::jthread seam_watcher_;
};

// [SECTION] the control window

// Creates the facilitator's window fitting its monitor (see place_control_window);
// `size` forces a size (tests, --width/--height).
GLFWwindow* create_control_window(const Monitors&, const WindowMemory&, std::optional<ScreenRect> size, bool visible);
// Where the window is now, for the next run.
WindowMemory window_memory(GLFWwindow*, const Monitors&);

// [SECTION] the room's window

class RoomWindow {
 public:
  RoomWindow() = default;
  RoomWindow(const RoomWindow&) = delete;
  RoomWindow& operator=(const RoomWindow&) = delete;
  ~RoomWindow() { close(); }

  bool is_open() const { return window_ != nullptr; }
  const std::string& monitor() const { return monitor_; }
  // Opens (or moves) the room's window full-screen on monitor `index`.
  std::optional<Error> open(const Monitors&, int index, GLFWwindow* control);
  void close();
  // Draws one frame of the room's view with `draw_frame`, then gives the GL and
  // ImGui contexts back to the control window.
  void draw(App&, void (*draw_frame)(App&));
  GLFWwindow* window() const { return window_; }
  LayoutFacts layout;  // what the room's window showed last

 private:
  GLFWwindow* window_ = nullptr;
  GLFWwindow* control_ = nullptr;
  ImGuiContext* context_ = nullptr;
  std::string monitor_;
};

// Once per loop turn: follows monitor changes (the room's window closes when its
// monitor goes; one plugged in is offered; at start it opens by itself) and does
// what the top bar or F5 asked. `first` is the first turn.
void update_presenter(App&, Monitors&, RoomWindow&, GLFWwindow* control, bool first);

}  // namespace tavle::gui
