// tavle-gui: the facilitator's app. Read it like Dear ImGui's example: numbered
// stages from window to clean-up. Screens and panels live in their own files.
#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

#include "files/safe_file.hpp"
#include "app/gui/frame_bench.hpp"
#include "app/gui/headless_render.hpp"
#include "app/gui/key_queue.hpp"
#include "app/gui/launch.hpp"
#include "app/gui/panels.hpp"
#include "app/gui/room_window.hpp"
#include "app/gui/single_instance.hpp"
#include "board/board_json.hpp"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace {

using namespace tavle::gui;

int fail(const std::string& message) {
  std::fprintf(stderr, "tavle-gui: %s\n", message.c_str());
  return 1;
}

// Fonts, style and language follow the settings; rebuilt only when they change.
std::optional<tavle::Error> apply_settings(App& app) {
  if (!app.pending_lang.empty()) {
    if (auto e = app.strings.load(app.pending_lang)) return e;
    app.pending_lang.clear();
  }
  if (app.fonts.built_scale != app.scale()) {
    if (auto e = build_fonts(app.fonts, app.scale())) return e;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  const ThemeKind theme = app.projecting() ? ThemeKind::Projection : app.settings.theme;
  apply_imgui_style(theme, app.scale(), app.settings.touch);
  return std::nullopt;
}

// Keys and characters wait in a queue (key_queue.hpp) instead of going straight to
// ImGui, which would lose a press whose release came in the same poll.
KeyQueue* key_queue(GLFWwindow* window) { return static_cast<KeyQueue*>(glfwGetWindowUserPointer(window)); }

void queue_keys(GLFWwindow* window, KeyQueue& keys) {
  glfwSetWindowUserPointer(window, &keys);
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    key_queue(w)->push({KeyEvent::Kind::Key, key, scancode, action, mods, 0});
  });
  glfwSetCharCallback(window, [](GLFWwindow* w, unsigned codepoint) {
    key_queue(w)->push({KeyEvent::Kind::Char, 0, 0, 0, 0, codepoint});
  });
}

// This frame's share of the queue, through the backend's own handlers.
void feed_queued_keys() {
  GLFWwindow* window = glfwGetCurrentContext();
  KeyQueue* keys = window ? key_queue(window) : nullptr;
  if (!keys) return;
  for (const KeyEvent& e : keys->take_frame()) {
    if (e.kind == KeyEvent::Kind::Char) ImGui_ImplGlfw_CharCallback(window, e.codepoint);
    else ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
  }
}

constexpr int kMaxKeyFramesPerDraw = 256;  // a pasted flood still gets drawn now and then

bool keys_waiting() {
  GLFWwindow* window = glfwGetCurrentContext();
  return window && key_queue(window) && !key_queue(window)->empty();
}

// The CPU side of a frame: input, every panel, ImGui's draw lists.
void build_frame(App& app) {
  feed_queued_keys();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  handle_shortcuts(app);
  draw_frame(app);
  ImGui::Render();
}

void draw_built_frame(App& app, GLFWwindow* window) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(app.colors().background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void draw_frame_and_render(App& app, GLFWwindow* window) {
  build_frame(app);
  draw_built_frame(app, window);
}

// --state-out: the board as JSON whenever it changes, so tests can watch the app.
void save_state_if_changed(App& app, const std::string& path, std::uint64_t& saved_revision) {
  if (path.empty() || !app.session || app.session->board().revision == saved_revision) return;
  if (auto e = tavle::write_board_file(path, app.session->board())) std::fprintf(stderr, "tavle-gui: %s\n", e->message.c_str());
  saved_revision = app.session->board().revision;
}

// --layout-json while running: where things were drawn, whenever that changes,
// so tests can check what a live window shows and click its controls.
void save_layout_if_changed(App& app, GLFWwindow* window, const std::string& path, std::string& saved) {
  if (path.empty()) return;
  glfwGetFramebufferSize(window, &app.layout.width, &app.layout.height);
  glfwGetWindowPos(window, &app.layout.x, &app.layout.y);
  std::string text = layout_json_text(app.layout);
  if (text == saved) return;
  if (auto e = tavle::files::write_file_safely(path, text)) std::fprintf(stderr, "tavle-gui: %s\n", e->message.c_str());
  saved = std::move(text);
}

// Idle costs nothing: sleep until input or the network wakes us. A few frames
// follow every event so hover and layout settle; a caret blinks only while typing.
// While a file dialog is open the loop also wakes every 50 ms for its D-Bus or
// GTK events (GLib's loop is not GLFW's); never otherwise.
void wait_for_something_to_do(int& frames_left, bool file_dialog) {
  if (keys_waiting()) frames_left = 3;  // more than one draw's worth queued: keep going
  if (frames_left > 0) {
    --frames_left;
    glfwPollEvents();
    return;
  }
  if (file_dialog) glfwWaitEventsTimeout(0.05);
  else if (ImGui::GetIO().WantTextInput) glfwWaitEventsTimeout(0.5);
  else glfwWaitEvents();
  frames_left = 3;
}

// The room's layout facts, as save_layout_if_changed does for the control window's.
void save_room_layout_if_changed(const RoomWindow& room, const std::string& path, std::string& saved) {
  if (path.empty()) return;
  std::string text = room.is_open() ? layout_json_text(room.layout) : "{\"closed\": true}\n";
  if (text == saved) return;
  if (auto e = tavle::files::write_file_safely(path, text)) std::fprintf(stderr, "tavle-gui: %s\n", e->message.c_str());
  saved = std::move(text);
}

// One app opens meeting files (single_instance.hpp): a later start's file comes
// here, and the window comes to the front.
std::atomic<bool> window_ready{false};  // GLFW may be woken only between init and terminate

SingleInstance::Start hand_over_or_listen(SingleInstance& instance, const LaunchOptions& options) {
  if (options.kind != LaunchKind::Home && (options.kind != LaunchKind::Open || options.file == "sample"))
    return SingleInstance::Start::Alone;  // demo, join, render: each its own window
  const std::string file =
      options.kind == LaunchKind::Open ? std::filesystem::absolute(options.file).lexically_normal().string() : "";
  const auto start = instance.start(SingleInstance::socket_path(), file, [] {
    if (window_ready) glfwPostEmptyEvent();
  });
  if (start == SingleInstance::Start::HandedOver)
    std::printf("tavle-gui: %s%s\n", file.empty() ? "Tavle is open already; its window is shown" : "opened in the Tavle window open already: ",
                file.c_str());
  return start;
}

void take_handed_over(App& app, GLFWwindow* window, SingleInstance& instance, int& frames_left) {
  for (const HandedOver& request : instance.take()) {
    if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) glfwRestoreWindow(window);
    glfwFocusWindow(window);
    glfwRequestWindowAttention(window);
    if (!request.file.empty()) open_handed_over(app, request.file);
    frames_left = 3;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // 1. Read what we were asked to do.
  LaunchOptions options;
  if (auto e = parse_launch(argc, argv, options)) {
    std::fprintf(stderr, "tavle-gui: %s\n%s", e->message.c_str(), launch_usage(argc, argv).c_str());
    return 2;
  }
  if (!options.print.empty()) return std::fputs(options.print.c_str(), stdout), 0;
  const bool headless = options.kind == LaunchKind::Render || options.kind == LaunchKind::BenchFrame;
  auto instance = std::make_unique<SingleInstance>();  // before any window: a handed-over start opens none
  if (hand_over_or_listen(*instance, options) == SingleInstance::Start::HandedOver) return 0;
  App app;
  app.assets_dir = find_assets_dir();
  if (auto e = app.strings.load(options.lang)) return fail(e->message);
  app.settings.mode = options.mode;
  app.settings.theme = options.theme;
  app.settings.font_scale = options.font_scale;
  app.board_ui.open_tab = options.side_tab;
  app.board_ui.selected_card = options.select_card;
  app.listen_address = options.listen;
  app.key_file = options.key_file;
  app.discovery_address = options.discovery_address;
  app.discovery_port = options.discovery_port;
  if (!headless) {  // renders and benchmarks never depend on this computer's settings
    app.preferences_path = preferences_path();
    app.preferences = read_preferences(app.preferences_path);
  }

  // 2. Set up the window (hidden when rendering to a PNG) and the GL loader. It
  // fits its monitor's work area (where it was last time), unless a size is given.
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "tavle-gui: GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) return fail("cannot open a window (no display? run under xvfb-run for `tavle render`)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  Monitors monitors;
  monitors.seam_file = options.monitors_file;
  monitors.refresh();
  std::optional<ScreenRect> size;
  if (headless || options.size_given) size = ScreenRect{0, 0, options.width, options.height};
  GLFWwindow* window = create_control_window(monitors, app.preferences.window, size, !headless);
  if (!window) return glfwTerminate(), fail("cannot create an OpenGL 3.3 core window");
  glfwMakeContextCurrent(window);
  if (!gladLoadGL(glfwGetProcAddress)) return glfwTerminate(), fail("cannot load OpenGL 3.3 functions");
  glfwSwapInterval(1);
  window_ready = true;
  float dpi_x = 1.0f, dpi_y = 1.0f;
  glfwGetWindowContentScale(window, &dpi_x, &dpi_y);
  app.settings.dpi_scale = headless ? 1.0f : dpi_y;

  // 3. Set up the ImGui context (no imgui.ini: the app keeps its own settings).
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

  // 4. Set up the backends; keys go through our queue (after the backend's own callbacks).
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  KeyQueue keys;
  if (!headless) queue_keys(window, keys);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  // 5. Load fonts and style.
  if (auto e = apply_settings(app)) return fail(e->message);

  // 6. Open the meeting (the loop wires its network thread's wake-up).
  if (auto e = open_meeting(app, options)) {
    if (headless) return fail(e->message);
    app.home_ui.error = e->message;
  }

  // 7. Render once to a PNG, or run the main loop.
  int status = 0;
  if (options.kind == LaunchKind::BenchFrame) {
    app.layout.width = options.width, app.layout.height = options.height;
    status = run_frame_bench(app, window, options.frames, build_frame, draw_built_frame);
  } else if (headless) {
    app.layout.mode = options.mode == ViewMode::Board ? "board" : options.mode == ViewMode::Projection ? "projection" : "family";
    app.layout.lang = options.lang;
    if (auto e = render_to_png(app, window, options.output, options.layout_json, draw_frame_and_render))
      status = fail(e->message);
  } else {
    int frames_left = 3;
    std::uint64_t saved_revision = ~0ull;
    std::string saved_layout;
    const Session* woken = nullptr;  // the session whose network thread can wake us
    RoomWindow room;  // presenter mode: the room's view on a second monitor
    std::string saved_room_layout;
    monitors.watch();
    bool first_turn = true;
    while (!((glfwWindowShouldClose(window) || app.quit_requested) && app.may_quit())) {
      glfwSetWindowShouldClose(window, GLFW_FALSE);  // closing waits for the save question
      if (app.session && app.session.get() != woken) {
        app.session->set_wake([] { glfwPostEmptyEvent(); });
        woken = app.session.get();
      }
      wait_for_something_to_do(frames_left, file_dialog_open(app));
      if (app.session && app.session->poll()) frames_left = 3;
      take_handed_over(app, window, *instance, frames_left);
      save_state_if_changed(app, options.state_out, saved_revision);
      if (auto e = apply_settings(app)) {
        status = fail(e->message);
        break;
      }
      update_presenter(app, monitors, room, window, first_turn);
      first_turn = false;
      // Every queued key change gets its own ImGui frame now, drawn only at the end:
      // typing never lags behind a click (ImGui reads the mouse live) and costs ~1 ms a key.
      build_frame(app);
      for (int extra = 0; extra < kMaxKeyFramesPerDraw && keys_waiting(); ++extra) build_frame(app);
      draw_built_frame(app, window);
      save_layout_if_changed(app, window, options.layout_json, saved_layout);
      glfwSwapBuffers(window);
      room.draw(app, draw_frame);
      save_room_layout_if_changed(room, options.room_layout_json, saved_room_layout);
    }
    room.close();
    if (!options.size_given) {  // the next run opens where this one was
      app.preferences.window = window_memory(window, monitors);
      app.remember_preferences();
    }
  }
  if (!options.state_out.empty() && app.session)
    if (auto e = tavle::write_board_file(options.state_out, app.session->board())) status = fail(e->message);

  // 8. Clean up (the threads first: network and monitor watching wake the loop through GLFW).
  monitors.stop();
  window_ready = false;
  instance.reset();
  app.session.reset();
  app.lan_meetings.reset();
  app.qr.release();
  ImGui_ImplOpenGL3_Shutdown();
  glfwSetWindowUserPointer(window, nullptr);
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
