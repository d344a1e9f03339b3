#include "app/gui/room_window.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>

#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace tavle::gui {
namespace {

// GLFW's monitor callback carries no user pointer: the one flag it sets lives here.
std::atomic<bool> monitors_changed{false};

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool same(const std::vector<MonitorInfo>& a, const std::vector<MonitorInfo>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || !(a[i].area == b[i].area) || !(a[i].work == b[i].work)) return false;
  return true;
}

int index_of(const std::vector<MonitorInfo>& list, const std::string& name) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].name == name) return static_cast<int>(i);
  return -1;
}

ScreenRect window_rect(GLFWwindow* window) {
  ScreenRect r;
  glfwGetWindowPos(window, &r.x, &r.y);
  glfwGetWindowSize(window, &r.width, &r.height);
  return r;
}

}  // namespace

// [SECTION] monitors

bool Monitors::refresh() {
  std::vector<MonitorInfo> now;
  std::vector<GLFWmonitor*> now_handles;
  if (!seam_file.empty()) {
    now = parse_monitor_list(file_text(seam_file));
    now_handles.assign(now.size(), nullptr);
  } else {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    for (int i = 0; i < count; ++i) {
      MonitorInfo m;
      const char* name = glfwGetMonitorName(monitors[i]);
      m.name = name ? name : "monitor-" + std::to_string(i + 1);
      glfwGetMonitorPos(monitors[i], &m.area.x, &m.area.y);
      if (const GLFWvidmode* mode = glfwGetVideoMode(monitors[i])) m.area.width = mode->width, m.area.height = mode->height;
      glfwGetMonitorWorkarea(monitors[i], &m.work.x, &m.work.y, &m.work.width, &m.work.height);
      if (m.work.width <= 0 || m.work.height <= 0) m.work = m.area;
      float sy = 1.0f;
      glfwGetMonitorContentScale(monitors[i], &m.scale, &sy);
      now.push_back(std::move(m));
      now_handles.push_back(monitors[i]);
    }
  }
  const bool changed = !same(now, list);
  list = std::move(now);
  handles = std::move(now_handles);
  return changed;
}

bool Monitors::take_change() { return monitors_changed.exchange(false); }

void Monitors::watch() {
  if (seam_file.empty()) {
    glfwSetMonitorCallback([](GLFWmonitor*, int) { monitors_changed = true; });
    return;
  }
  seam_watcher_ = std::jthread([path = seam_file](std::stop_token stop) {
    std::string seen = file_text(path);
    while (!stop.stop_requested()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::string now = file_text(path);
      if (now == seen) continue;
      seen = std::move(now);
      monitors_changed = true;
      glfwPostEmptyEvent();  // thread-safe: wakes glfwWaitEvents
    }
  });
}

void Monitors::stop() {
  if (seam_watcher_.joinable()) {
    seam_watcher_.request_stop();
    seam_watcher_.join();
  }
}

// [SECTION] the control window

GLFWwindow* create_control_window(const Monitors& monitors, const WindowMemory& memory, std::optional<ScreenRect> size,
                                  bool visible) {
  const WindowPlacement place = place_control_window(monitors.list, memory);
  ScreenRect rect = place.rect;
  if (size) rect.width = size->width, rect.height = size->height;
  // A forced size is in logical pixels (scaled to the monitor); the work area is in real ones.
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, size ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(rect.width, rect.height, "Tavle", nullptr, nullptr);
  if (!window) return nullptr;
  if (!monitors.list.empty()) glfwSetWindowPos(window, rect.x, rect.y);
  if (!size && place.maximise) glfwMaximizeWindow(window);
  if (visible) glfwShowWindow(window);
  return window;
}

WindowMemory window_memory(GLFWwindow* window, const Monitors& monitors) {
  WindowMemory out;
  out.maximised = glfwGetWindowAttrib(window, GLFW_MAXIMIZED) == GLFW_TRUE;
  out.rect = window_rect(window);
  if (!monitors.list.empty()) out.monitor = monitors.list[monitor_under(monitors.list, out.rect)].name;
  return out;
}

// [SECTION] the room's window

std::optional<Error> RoomWindow::open(const Monitors& monitors, int index, GLFWwindow* control) {
  close();
  const MonitorInfo& where = monitors.list[index];
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // as the control window's: the contexts share objects
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
  glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);  // clicking the laptop's window must not hide the room's
  glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);  // the keyboard stays with the facilitator
  glfwWindowHint(GLFW_FOCUSED, GLFW_FALSE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
  window_ = glfwCreateWindow(where.area.width, where.area.height, "Tavle", nullptr, control);  // shares GL objects
  glfwDefaultWindowHints();
  if (!window_) return Error{"window", "cannot open the room's window on " + where.name};
  control_ = control;
  monitor_ = where.name;
  glfwSetWindowPos(window_, where.area.x, where.area.y);
  if (GLFWmonitor* handle = monitors.handles[index])
    if (const GLFWvidmode* mode = glfwGetVideoMode(handle))  // full-screen at the monitor's own mode: no mode switch
      glfwSetWindowMonitor(window_, handle, 0, 0, mode->width, mode->height, mode->refreshRate);
  glfwShowWindow(window_);

  ImGuiContext* mine = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext(ImGui::GetIO().Fonts);  // the control window's font atlas
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouse | ImGuiConfigFlags_NoMouseCursorChange;  // the room only watches
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(0);  // one vsync wait per frame is the control window's
  ImGui_ImplGlfw_InitForOpenGL(window_, false);  // no callbacks: input stays with the control window
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui::SetCurrentContext(mine);
  glfwMakeContextCurrent(control_);
  return std::nullopt;
}

void RoomWindow::close() {
  if (!window_) return;
  ImGuiContext* mine = ImGui::GetCurrentContext();
  glfwMakeContextCurrent(window_);
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(context_);
  glfwDestroyWindow(window_);
  window_ = nullptr;
  context_ = nullptr;
  monitor_.clear();
  layout = LayoutFacts{};
  glfwMakeContextCurrent(control_);
  ImGui::SetCurrentContext(mine);
  if (mine) {  // the room's backend deleted the shared atlas's texture: upload it again
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

void RoomWindow::draw(App& app, void (*draw_frame)(App&)) {
  if (!window_) return;
  ImGuiContext* mine = ImGui::GetCurrentContext();
  glfwMakeContextCurrent(window_);
  ImGui::SetCurrentContext(context_);
  apply_imgui_style(ThemeKind::Projection, app.scale(), false);
  const ViewMode mode = app.settings.mode;
  app.settings.mode = ViewMode::Projection;
  app.drawing_room = true;
  std::swap(app.layout, layout);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  draw_frame(app);
  ImGui::Render();
  std::swap(app.layout, layout);
  app.drawing_room = false;
  app.settings.mode = mode;
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette(ThemeKind::Projection).background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
  layout.width = width, layout.height = height;
  layout.monitor = monitor_;
  glfwGetWindowPos(window_, &layout.x, &layout.y);
  layout.mode = "room";
  ImGui::SetCurrentContext(mine);
  glfwMakeContextCurrent(control_);
}

void update_presenter(App& app, Monitors& monitors, RoomWindow& room, GLFWwindow* control, bool first) {
  PresenterUi& p = app.presenter;
  bool changed = Monitors::take_change() || first;
  if (changed) changed = monitors.refresh() || first;
  if (changed) {
    const std::vector<std::string> before = p.monitors;
    p.monitors.clear();
    for (const MonitorInfo& m : monitors.list) p.monitors.push_back(m.name);
    p.control_monitor = monitor_under(monitors.list, window_rect(control));
    if (!monitors.list.empty()) app.layout.monitor = monitors.list[p.control_monitor].name;
    // Its monitor unplugged: the room's window goes; the meeting lives in the session, nothing is lost.
    if (room.is_open() && index_of(monitors.list, room.monitor()) < 0) room.close();
    if (!p.offered.empty() && index_of(monitors.list, p.offered) < 0) p.offered.clear();
    const auto target = projection_monitor(monitors.list, p.control_monitor, app.preferences.projection_monitor);
    if (first && target) {
      p.open_on = monitors.list[*target].name;
    } else if (!first && !room.is_open()) {
      for (const std::string& name : p.monitors)  // plugged in: offered, never forced on the room
        if (std::find(before.begin(), before.end(), name) == before.end() && !monitors.list.empty() &&
            name != monitors.list[p.control_monitor].name)
          p.offered = name;
    }
  }
  if (!p.open_on.empty()) {
    const int index = index_of(monitors.list, p.open_on);
    if (index >= 0) {
      if (auto e = room.open(monitors, index, control)) app.board_ui.status = e->message;
      if (app.preferences.projection_monitor != p.open_on) {
        app.preferences.projection_monitor = p.open_on;
        app.remember_preferences();
      }
      p.offered.clear();
    }
    p.open_on.clear();
  }
  if (p.close) room.close(), p.close = false;
  p.room_monitor = room.is_open() ? room.monitor() : "";
}

}  // namespace tavle::gui
