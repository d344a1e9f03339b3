// Where the renderer put things, in window pixels: column headings and cards.
// `tavle render --layout-json` writes these so tests check pixels against the
// layout itself instead of a stored golden image that breaks on font updates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"
#include "board/types.hpp"
#include "imgui.h"

namespace tavle::gui {

struct PlacedItem {
  std::string id;  // card id, or the column's wire name for headings
  Column column = Column::WorkingWell;
  ImVec2 min, max;
  ImU32 colour = 0;  // headings: the band's colour
  std::string label;  // controls: the words shown (tabs, top bar buttons); headings: the card count
  bool cut = false;   // controls: the words did not fit the control
};

struct LayoutFacts {
  std::vector<PlacedItem> headings;
  std::vector<PlacedItem> cards;
  std::vector<PlacedItem> controls;  // buttons and boxes tests click (id: their string key)
  int width = 0, height = 0;
  std::string mode;
  std::string lang;
  std::string monitor;  // the monitor the window is on (presenter mode)
  int x = 0, y = 0;     // the window's place on the virtual screen
  ImU32 professional_only_colour = 0;  // the marker of professional-only cards
  std::string focus_received;  // the facilitator's last "bring everyone" (card id or column), followed or not

  void clear() {
    headings.clear();
    cards.clear();
    controls.clear();
  }
  // Records where ImGui put the last item, under `id`, with its words when the
  // test should check they fit (`needed`: the width those words take).
  void note_control(const std::string& id, const std::string& label = "", float needed = 0.0f) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    controls.push_back({id, Column::WorkingWell, min, max, 0, label, needed > max.x - min.x + 0.5f});
  }
  // In a list that scrolls, only what is on the screen is noted: a control below the
  // fold is reached by scrolling to it (the board's columns note their cards the same way).
  static bool shown(ImVec2 min, ImVec2 max) {
    const ImVec2 at = ImGui::GetWindowPos();
    return min.y >= at.y - 0.5f && max.y <= at.y + ImGui::GetWindowHeight() + 0.5f;
  }
  static bool item_shown() { return shown(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }
};

std::string layout_json_text(const LayoutFacts&);
std::optional<Error> write_layout_json(const LayoutFacts&, const std::string& path);

}  // namespace tavle::gui
