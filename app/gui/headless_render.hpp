// `tavle render`: draws a meeting into a hidden window (under Xvfb or any X
// server) and saves the framebuffer as a PNG, plus the layout facts as JSON.
#pragma once

#include <optional>
#include <string>

#include "app/gui/app_state.hpp"

struct GLFWwindow;

namespace tavle::gui {

// `draw_frame_and_render` runs one complete frame (new frame, UI, GL draw).
std::optional<Error> render_to_png(App& app, GLFWwindow* window, const std::string& png_path,
                                   const std::string& layout_path, void (*draw_frame_and_render)(App&, GLFWwindow*));

}  // namespace tavle::gui
