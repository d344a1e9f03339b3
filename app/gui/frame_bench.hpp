// `tavle-gui bench-frame --cards N --frames F`: CPU time to build one board
// frame (ImGui new frame, every panel, draw lists) with N cards; the GL draw is
// timed separately because under Xvfb it runs in a software rasteriser.
#pragma once

#include "app/gui/app_state.hpp"

struct GLFWwindow;

namespace tavle::gui {

// The demo meeting with extra cards spread over the three columns.
Board board_with_cards(int cards);
int run_frame_bench(App& app, GLFWwindow* window, int frames, void (*build)(App&), void (*draw)(App&, GLFWwindow*));

}  // namespace tavle::gui
