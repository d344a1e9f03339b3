// Which screen each window goes on: the facilitator's window fits the work area
// of its monitor (remembered between runs, never larger than the screen), and the
// room's projection window takes a second monitor, the one chosen last time when
// it is connected. Pure functions over a list of monitors, so tests can give any
// list; room_window.cpp asks GLFW (or the test seam's file) for the real one.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tavle::gui {

struct ScreenRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const ScreenRect&) const = default;
};

struct MonitorInfo {
  std::string name;    // what the system calls it ("HDMI-1", "eDP-1"): remembered by name
  ScreenRect area;     // the whole monitor, in virtual-screen coordinates
  ScreenRect work;     // without the desktop's panels (glfwGetMonitorWorkarea)
  float scale = 1.0f;  // content scale (DPI)
};

// Where the facilitator's window was when the app last closed.
struct WindowMemory {
  std::string monitor;  // empty: never remembered
  ScreenRect rect;      // client area
  bool maximised = true;
};

struct WindowPlacement {
  int monitor = 0;  // index into the list
  ScreenRect rect;
  bool maximise = true;
};

// The monitor holding the middle of `rect` (else the one it overlaps most, else 0).
int monitor_under(const std::vector<MonitorInfo>&, const ScreenRect& rect);

// The first window: maximised on the first monitor's work area, or where it was
// last time when that monitor is still connected; always inside the work area.
WindowPlacement place_control_window(const std::vector<MonitorInfo>&, const WindowMemory&);

// The monitor the room sees: the remembered one when connected (and not the
// control window's), else the first other monitor; nullopt with one monitor.
std::optional<int> projection_monitor(const std::vector<MonitorInfo>&, int control_monitor, const std::string& remembered);

// The test seam's monitor list, one a line: "NAME WIDTHxHEIGHT+X+Y" (work area =
// whole monitor). Broken lines are skipped.
std::vector<MonitorInfo> parse_monitor_list(const std::string& text);

}  // namespace tavle::gui
