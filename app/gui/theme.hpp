// Colours of the board: light and dark themes, and the high-contrast palette of
// projection mode. Also applies matching ImGui widget colours.
#pragma once

#include "board/types.hpp"
#include "imgui.h"

namespace tavle::gui {

enum class ThemeKind { Light, Dark, Projection };

struct Palette {
  ImU32 background, panel, text, muted, card, card_border, card_shadow, accent, warn, ok, editing_mark;
  ImU32 column_band[3];  // heading band per column: working well, worries, next steps
  ImU32 column_tint[3];  // soft tint behind each column's cards
  ImU32 chip_text;
  ImU32 professional_only;  // marks cards the family and the projector never see
};

const Palette& palette(ThemeKind);
void apply_imgui_style(ThemeKind, float scale, bool touch);
inline int column_index(Column c) { return static_cast<int>(c); }

}  // namespace tavle::gui
