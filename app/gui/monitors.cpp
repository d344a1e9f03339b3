#include "app/gui/monitors.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace tavle::gui {
namespace {

long overlap(const ScreenRect& a, const ScreenRect& b) {
  const long w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  const long h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

bool contains(const ScreenRect& r, int x, int y) { return x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height; }

}  // namespace

int monitor_under(const std::vector<MonitorInfo>& monitors, const ScreenRect& rect) {
  const int cx = rect.x + rect.width / 2, cy = rect.y + rect.height / 2;
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (contains(monitors[i].area, cx, cy)) return static_cast<int>(i);
  int best = 0;
  long most = 0;
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (const long o = overlap(monitors[i].area, rect); o > most) most = o, best = static_cast<int>(i);
  return best;
}

WindowPlacement place_control_window(const std::vector<MonitorInfo>& monitors, const WindowMemory& memory) {
  WindowPlacement out;
  if (monitors.empty()) {
    out.rect = memory.rect.width > 0 ? memory.rect : ScreenRect{0, 0, 1280, 720};
    return out;
  }
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (!memory.monitor.empty() && monitors[i].name == memory.monitor) out.monitor = static_cast<int>(i);
  const ScreenRect& work = monitors[out.monitor].work;
  const bool remembered = !memory.monitor.empty() && monitors[out.monitor].name == memory.monitor && memory.rect.width > 0 &&
                          memory.rect.height > 0;
  if (!remembered) {
    out.rect = work;
    return out;
  }
  // Never larger than the work area, and moved back inside it when it hangs off.
  ScreenRect r = memory.rect;
  r.width = std::min(r.width, work.width);
  r.height = std::min(r.height, work.height);
  r.x = std::clamp(r.x, work.x, work.x + work.width - r.width);
  r.y = std::clamp(r.y, work.y, work.y + work.height - r.height);
  out.rect = memory.maximised ? work : r;
  out.maximise = memory.maximised;
  return out;
}

std::optional<int> projection_monitor(const std::vector<MonitorInfo>& monitors, int control_monitor,
                                      const std::string& remembered) {
  if (monitors.size() < 2) return std::nullopt;
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (static_cast<int>(i) != control_monitor && !remembered.empty() && monitors[i].name == remembered)
      return static_cast<int>(i);
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (static_cast<int>(i) != control_monitor) return static_cast<int>(i);
  return std::nullopt;
}

std::vector<MonitorInfo> parse_monitor_list(const std::string& text) {
  std::vector<MonitorInfo> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    char name[128] = {0};
    MonitorInfo m;
    if (std::sscanf(line.c_str(), "%127s %dx%d+%d+%d", name, &m.area.width, &m.area.height, &m.area.x, &m.area.y) != 5) continue;
    if (m.area.width <= 0 || m.area.height <= 0) continue;
    m.name = name;
    m.work = m.area;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tavle::gui
