// Fonts found through fontconfig ("DejaVu Sans", else the system sans) with every
// Danish letter and the punctuation Danish text uses (– “ ” €). Sizes follow the
// user's font scale (Ctrl +/-) and the monitor's content scale (DPI).
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"

struct ImFont;

namespace tavle::gui {

struct Fonts {
  ImFont* ui = nullptr;           // panels, buttons
  ImFont* ui_bold = nullptr;
  ImFont* card = nullptr;         // card text on the board
  ImFont* heading = nullptr;      // column headings
  ImFont* big_card = nullptr;     // projection mode
  ImFont* big_heading = nullptr;  // projection mode
  float built_scale = 0.0f;       // scale the atlas was built for
  std::string regular_path;
  std::string bold_path;
};

// Finds the font files (once) and fills ImGui's font atlas at `scale`.
// The caller re-uploads the atlas texture when it rebuilds after a scale change.
std::optional<Error> build_fonts(Fonts& fonts, float scale);

// The file fontconfig picks for `pattern` if it covers æøåÆØÅ, else nullopt.
std::optional<std::string> find_font_file(const std::string& pattern);

}  // namespace tavle::gui
