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

// The last refusal or save: beside the connection badge when it fits, else as a
// note at the bottom of the window (a click puts it away), so it is always seen.
void draw_status(App& app) {
  const std::string& status = app.board_ui.status;
  const ImVec4 colour = ImGui::ColorConvertU32ToFloat4(app.board_ui.status_ok ? app.colors().ok : app.colors().warn);
  ImGui::SameLine();
  if (ImGui::CalcTextSize(status.c_str()).x <= ImGui::GetContentRegionAvail().x) {
    ImGui::TextColored(colour, "%s", status.c_str());
    return;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImVec2 bottom_middle(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                             viewport->WorkPos.y + viewport->WorkSize.y - 16 * app.scale());
  ImGui::SetNextWindowPos(bottom_middle, ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("##status-note", nullptr, flags)) {
    ImGui::PushTextWrapPos(viewport->WorkSize.x * 0.7f);
    ImGui::TextColored(colour, "%s", status.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) app.board_ui.status.clear();
  }
  ImGui::End();
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
    if (!app.board_ui.status.empty()) draw_status(app);
  }
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

}  // namespace tavle::gui
