#include "app/gui/text_field.hpp"

#include "imgui_stdlib.h"

namespace tavle::gui {

bool edit_text_field(App& app, const char* label, const std::string& key, const std::string& current, std::string& out,
                     const char* hint) {
  FieldDraft& draft = app.board_ui.field_draft;
  const bool mine = draft.key == key;
  std::string shown = mine ? draft.text : current;
  ImGui::PushID(key.c_str());
  const bool entered = ImGui::InputTextWithHint(label, hint ? hint : "", &shown, ImGuiInputTextFlags_EnterReturnsTrue);
  const bool active = ImGui::IsItemActive();
  const bool finished = entered || ImGui::IsItemDeactivated();
  ImGui::PopID();
  if (active && !entered) {
    draft.key = key;
    draft.text = shown;
  }
  if (!finished || !(mine || entered)) return false;
  draft = FieldDraft{};
  if (shown == current) return false;
  out = shown;
  return true;
}

}  // namespace tavle::gui
