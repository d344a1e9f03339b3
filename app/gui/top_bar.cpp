// The strip above the board: the family and meeting, undo/redo, view switches,
// language, font size, export, and the connection badge (always visible).
#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

void draw_title(App& app) {
  const Meeting& m = app.session->board().meeting;
  ImGui::PushFont(app.projecting() ? app.fonts.heading : app.fonts.ui_bold);
  ImGui::TextUnformatted(m.family_label.empty() ? app.tr("board.untitled") : m.family_label.c_str());
  ImGui::PopFont();
  if (!m.starts_at.empty() || !m.place.empty()) {
    ImGui::SameLine();
    std::string when = m.starts_at;
    if (when.size() > 10 && when[10] == 'T') when[10] = ' ';  // "2026-11-25 09:00" reads better than ISO
    ImGui::TextDisabled("%s  %s", when.c_str(), m.place.c_str());
  }
}

void draw_view_switches(App& app) {
  Settings& s = app.settings;
  if (ImGui::Button(app.tr("bar.projection"))) s.mode = ViewMode::Projection;
  ImGui::SameLine();
  if (ImGui::Button(s.theme == ThemeKind::Light ? app.tr("bar.dark") : app.tr("bar.light")))
    s.theme = s.theme == ThemeKind::Light ? ThemeKind::Dark : ThemeKind::Light;
  ImGui::SameLine();
  if (ImGui::Checkbox(app.tr("bar.tablet"), &s.touch)) s.font_scale = s.touch ? 1.25f : 1.0f;
  ImGui::SameLine();
  if (ImGui::Button(app.strings.lang() == "da" ? "English" : "Dansk")) app.pending_lang = app.strings.lang() == "da" ? "en" : "da";
  ImGui::SameLine();
  if (ImGui::Button("A-")) s.font_scale = std::max(0.6f, s.font_scale - 0.1f);
  ImGui::SameLine();
  if (ImGui::Button("A+")) s.font_scale = std::min(2.5f, s.font_scale + 0.1f);
}

void draw_meeting_actions(App& app) {
  ImGui::BeginDisabled(!app.session->can_undo());
  if (ImGui::Button(app.tr("bar.undo"))) app.session->undo();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.session->can_redo());
  if (ImGui::Button(app.tr("bar.redo"))) app.session->redo();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (app.session->can_bring_everyone()) {
    if (ImGui::Button(app.tr("bar.bring_everyone"))) app.bring_everyone_here();
    app.layout.note_control("bar.bring_everyone");
    ImGui::SameLine();
  } else if (app.session->can_follow()) {
    if (ImGui::Checkbox(app.tr("bar.follow"), &app.preferences.follow_facilitator)) app.remember_preferences();
    app.layout.note_control("bar.follow");
    ImGui::SameLine();
  }
  if (!app.session->file_path().empty()) {
    const bool unsaved = app.session->board().revision != app.board_ui.saved_revision;
    const std::string label = std::string(app.tr("save.button")) + (unsaved ? " \u2022" : "") + "###save";
    if (ImGui::Button(label.c_str())) app.save_to_file();
    app.layout.note_control("save.button");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.session->file_path().c_str());
    ImGui::SameLine();
  }
#ifdef HAVE_TAVLE_EXPORT
  if (ImGui::Button(app.tr("bar.export"))) app.board_ui.export_open = true;
  ImGui::SameLine();
#endif
  if (ImGui::Button(app.tr("bar.home"))) app.screen = Screen::Home;
}

}  // namespace

void draw_top_bar(App& app, float height) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float pad = 10.0f * app.scale();
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, origin.y + pad));
  ImGui::BeginGroup();
  draw_title(app);
  if (app.projecting()) {
    const ConnectionInfo info = app.session->connection();
    if (!info.join_code.empty()) {
      ImGui::SameLine(0, 40 * app.scale());
      ImGui::Text("%s %s", app.tr("join.code"), info.join_code.c_str());
    }
    ImGui::SameLine(0, 40 * app.scale());
    draw_connection_badge(app);
    ImGui::SameLine(0, 40 * app.scale());
    // Leaving projection is one small button: the room never sees editing chrome.
    if (ImGui::SmallButton(app.tr("bar.leave_projection"))) app.settings.mode = ViewMode::Board;
  } else {
    ImGui::SameLine(0, 30 * app.scale());
    draw_meeting_actions(app);
    ImGui::SameLine(0, 30 * app.scale());
    draw_view_switches(app);
    ImGui::SameLine(0, 30 * app.scale());
    draw_connection_badge(app);
    if (!app.board_ui.status.empty()) {
      ImGui::SameLine();
      const ImU32 colour = app.board_ui.status_ok ? app.colors().ok : app.colors().warn;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", app.board_ui.status.c_str());
    }
  }
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

}  // namespace tavle::gui
