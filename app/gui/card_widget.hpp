// One card drawn with ImDrawList: text in the family's words, category chip,
// author, agreement marks and, for next steps, owners, due date and status.
#pragma once

#include <string>

#include "app/gui/app_state.hpp"
#include "board/model.hpp"

namespace tavle::gui {

struct CardLook {
  ImFont* font = nullptr;       // card text
  ImFont* small = nullptr;      // chips and footer
  float width = 0;              // card width in pixels
  float padding = 0;
  std::string edited_by;        // name of someone else editing it, or empty
  bool selected = false;
  bool hovered = false;
  bool overdue = false;  // issue 15: a next step past its date (board/followup.hpp)
};

// Height the card needs at this width, so the column can lay cards out.
float card_height(const App&, const Card&, const CardLook&);
void draw_card(const App&, ImDrawList*, const Card&, const CardLook&, ImVec2 top_left);

}  // namespace tavle::gui
