// The strip above the board: the family and meeting, the meeting's actions,
// presenting to the room, a menu of view settings, and the connection badge
// (always visible). From 1280 pixels wide up, nothing runs off the edge: the
// less used actions fold into the menu, first the ones used least.
// [SECTION] the title   [SECTION] the actions   [SECTION] the menu   [SECTION] the bar
#include <functional>

#include "app/gui/panels.hpp"
#include "board/followup.hpp"
#include "imgui_internal.h"

namespace tavle::gui {
namespace {

// [SECTION] the title

// The family's name (and when and where), shortened with … when the bar is tight.
void draw_title(App& app, float max_width) {
  const Meeting& m = app.session->board().meeting;
  std::string when = m.starts_at;
  if (when.size() > 10 && when[10] == 'T') when[10] = ' ';  // "2026-11-25 09:00" reads better than ISO
  const std::string title = m.family_label.empty() ? app.tr("board.untitled") : m.family_label;
  const std::string detail = (when + "  " + m.place).find_first_not_of(' ') == std::string::npos ? "" : when + "  " + m.place;
  ImGui::PushFont(app.projecting() ? app.fonts.heading : app.fonts.ui_bold);
  const ImVec2 size = ImGui::CalcTextSize(title.c_str());
  const float width = std::min(size.x, max_width);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), at, ImVec2(at.x + width, at.y + size.y), at.x + width, at.x + width,
                            title.c_str(), nullptr, &size);
  ImGui::Dummy(ImVec2(width, size.y));
  ImGui::PopFont();
  const bool shortened = width < size.x;
  if (!detail.empty()) {
    const float room = max_width - width - ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::CalcTextSize(detail.c_str()).x <= room) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", detail.c_str());
    }
  }
  if (shortened && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", title.c_str(), detail.c_str());
}

// [SECTION] the actions

struct Action {
  std::string id;     // the string key, also the layout fact's id
  std::string label;  // ### keeps the id when the words change
  bool enabled = true;
  bool* toggle = nullptr;  // a checkbox instead of a button
  bool highlight = false;  // an offer (a projector was plugged in)
  int fold_rank = 0;       // higher folds into the menu first; 0 never folds
  std::function<void()> run;

  std::string words() const { return label.substr(0, label.find("###")); }
  float width() const {
    const ImGuiStyle& s = ImGui::GetStyle();
    const float text = ImGui::CalcTextSize(words().c_str()).x;
    return toggle ? ImGui::GetFrameHeight() + s.ItemInnerSpacing.x + text : text + s.FramePadding.x * 2;
  }
};

// Presenter mode with two monitors; the one-window projection switch (F5) with one.
Action present_action(App& app) {
  PresenterUi& p = app.presenter;
  Action a;
  a.id = "bar.present";
  if (!p.can_present()) {
    a.label = app.tr("bar.projection");
    a.run = [&app] { app.settings.mode = ViewMode::Projection; };
  } else if (!p.room_monitor.empty()) {
    a.label = std::string(app.tr("bar.present_stop")) + "###present";
    a.run = [&p] { p.close = true; };
  } else {
    const std::string target = !p.offered.empty() ? p.offered : app.preferences.projection_monitor;
    a.label = std::string(app.tr("bar.present")) + (p.offered.empty() ? "" : " (" + p.offered + ")") + "###present";
    a.highlight = !p.offered.empty();
    a.run = [&app, target] { present_on(app, target); };
  }
  return a;
}

std::vector<Action> meeting_actions(App& app) {
  std::vector<Action> out;
  Session& session = *app.session;
  out.push_back({"bar.undo", app.tr("bar.undo"), session.can_undo(), nullptr, false, 3, [&session] { session.undo(); }});
  out.push_back({"bar.redo", app.tr("bar.redo"), session.can_redo(), nullptr, false, 4, [&session] { session.redo(); }});
  if (session.can_bring_everyone())
    out.push_back({"bar.bring_everyone", app.tr("bar.bring_everyone"), true, nullptr, false, 2, [&app] { app.bring_everyone_here(); }});
  else if (session.can_follow())
    out.push_back({"bar.follow", app.tr("bar.follow"), true, &app.preferences.follow_facilitator, false, 2,
                   [&app] { app.remember_preferences(); }});
  if (!session.file_path().empty()) {
    const bool unsaved = session.board().revision != app.board_ui.saved_revision;
    out.push_back({"save.button", std::string(app.tr("save.button")) + (unsaved ? " \u2022" : "") + "###save", true, nullptr,
                   false, 1, [&app] { app.save_to_file(); }});
  }
  out.push_back({"bar.export", app.tr("bar.export"), true, nullptr, false, 5, [&app] { app.board_ui.export_open = true; }});
  out.push_back({"bar.home", app.tr("bar.home"), true, nullptr, false, 6, [&app] { app.screen = Screen::Home; }});
  // issue 15: back to (or away from) last time's agreements.
  if (!followup_steps(session.board()).empty())
    out.push_back({"bar.followup", std::string(app.tr(app.board_ui.followup_open ? "followup.to_board" : "bar.followup")) + "###followup", true, nullptr,
                   false, 4, [&app] { app.board_ui.followup_open = !app.board_ui.followup_open; }});
  out.push_back(present_action(app));
  return out;
}

void draw_inline(App& app, Action& a) {
  ImGui::BeginDisabled(!a.enabled);
  if (a.highlight) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(app.colors().accent));
  bool clicked = false;
  if (a.toggle) clicked = ImGui::Checkbox(a.label.c_str(), a.toggle);
  else clicked = ImGui::Button(a.label.c_str());
  if (a.highlight) ImGui::PopStyleColor();
  ImGui::EndDisabled();
  app.layout.note_control(a.id, a.words(), a.width());
  if (a.id == "save.button" && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.session->file_path().c_str());
  if (clicked && a.run) a.run();
}

// [SECTION] the menu

// View settings, and whatever did not fit in the bar.
void draw_menu(App& app, std::vector<Action*>& folded) {
  const std::string label = std::string("\u2630 ") + app.tr("bar.menu") + "###menu";
  if (ImGui::Button(label.c_str())) ImGui::OpenPopup("##bar-menu");
  app.layout.note_control("bar.menu", label.substr(0, label.find("###")), ImGui::CalcTextSize(label.substr(0, label.find("###")).c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
  if (!ImGui::BeginPopup("##bar-menu")) return;
  for (Action* a : folded) {
    bool on = a->toggle && *a->toggle;
    if (ImGui::MenuItem(a->words().c_str(), nullptr, a->toggle ? &on : nullptr, a->enabled)) {
      if (a->toggle) *a->toggle = on;
      if (a->run) a->run();
    }
  }
  if (!folded.empty()) ImGui::Separator();
  Settings& s = app.settings;
  if (ImGui::MenuItem(app.tr("files.save_copy"), nullptr, false, !file_dialog_open(app))) ask_for_file(app, FileDialogKind::SaveCopy);
  if (app.presenter.can_present() && ImGui::BeginMenu(app.tr("bar.projector_screen"))) {
    for (std::size_t i = 0; i < app.presenter.monitors.size(); ++i) {
      if (static_cast<int>(i) == app.presenter.control_monitor) continue;
      const std::string& name = app.presenter.monitors[i];
      if (ImGui::MenuItem(name.c_str(), nullptr, app.presenter.room_monitor == name)) present_on(app, name);
    }
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem(app.tr("bar.projection_here"))) s.mode = ViewMode::Projection;
  if (ImGui::MenuItem(s.theme == ThemeKind::Light ? app.tr("bar.dark") : app.tr("bar.light")))
    s.theme = s.theme == ThemeKind::Light ? ThemeKind::Dark : ThemeKind::Light;
  if (ImGui::MenuItem(app.tr("bar.tablet"), nullptr, &s.touch)) s.font_scale = s.touch ? 1.25f : 1.0f;
  if (ImGui::MenuItem(app.strings.lang() == "da" ? "English" : "Dansk"))
    app.pending_lang = app.strings.lang() == "da" ? "en" : "da";
  if (ImGui::MenuItem(app.tr("bar.smaller"), "Ctrl -")) s.font_scale = std::max(0.6f, s.font_scale - 0.1f);
  if (ImGui::MenuItem(app.tr("bar.larger"), "Ctrl +")) s.font_scale = std::min(2.5f, s.font_scale + 0.1f);
  ImGui::EndPopup();
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

// [SECTION] the bar

void draw_control_bar(App& app, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = 24 * app.scale();
  std::vector<Action> actions = meeting_actions(app);
  const std::string menu_words = std::string("\u2630 ") + app.tr("bar.menu");
  const float menu_w = ImGui::CalcTextSize(menu_words.c_str()).x + style.FramePadding.x * 2;
  const float badge_w = ImGui::CalcTextSize("\u25CF ").x + ImGui::CalcTextSize(app.tr("conn.reconnecting")).x;
  // The title keeps at least a fifth of the bar; the actions fold until they fit the rest.
  float title_room = std::max(width * 0.2f, 120 * app.scale());
  auto actions_width = [&] {
    float w = 0;
    for (const Action& a : actions) w += a.width() + style.ItemSpacing.x;
    return w;
  };
  std::vector<Action> folded_store;
  float room = width - title_room - menu_w - badge_w - 3 * gap;
  while (actions_width() > room) {
    auto most = actions.end();
    for (auto it = actions.begin(); it != actions.end(); ++it)
      if (it->fold_rank > 0 && (most == actions.end() || it->fold_rank > most->fold_rank)) most = it;
    if (most == actions.end()) break;
    folded_store.push_back(std::move(*most));
    actions.erase(most);
  }
  title_room = std::max(title_room, width - actions_width() - menu_w - badge_w - 3 * gap);
  draw_title(app, title_room);
  ImGui::SameLine(0, gap);
  for (Action& a : actions) {
    draw_inline(app, a);
    ImGui::SameLine();
  }
  std::vector<Action*> folded;
  for (Action& a : folded_store) folded.push_back(&a);
  draw_menu(app, folded);
  ImGui::SameLine(0, gap);
  draw_connection_badge(app);
  if (!app.board_ui.status.empty()) draw_status(app);
}

}  // namespace

void present_on(App& app, const std::string& monitor) {
  PresenterUi& p = app.presenter;
  if (!p.can_present()) return;
  std::string target = monitor;
  const bool known = std::find(p.monitors.begin(), p.monitors.end(), target) != p.monitors.end();
  if (!known || (p.control_monitor < static_cast<int>(p.monitors.size()) && p.monitors[p.control_monitor] == target))
    for (std::size_t i = 0; i < p.monitors.size(); ++i)
      if (static_cast<int>(i) != p.control_monitor) {
        target = p.monitors[i];
        break;
      }
  p.open_on = target;
}

void draw_top_bar(App& app, float height) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float pad = 10.0f * app.scale();
  const float width = ImGui::GetContentRegionAvail().x - 2 * pad;
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, origin.y + pad));
  ImGui::BeginGroup();
  if (app.projecting()) {
    draw_title(app, width * 0.5f);
    const ConnectionInfo info = app.session->connection();
    if (!info.join_code.empty()) {  // large: the room reads it from across the table
      ImGui::SameLine(0, 40 * app.scale());
      ImGui::PushFont(app.fonts.heading);
      ImGui::Text("%s %s", app.tr("join.code"), info.join_code.c_str());
      ImGui::PopFont();
    }
    ImGui::SameLine(0, 40 * app.scale());
    draw_connection_badge(app);
    // Leaving the one-window projection is one small button; the room's own window has none.
    if (!app.drawing_room) {
      ImGui::SameLine(0, 40 * app.scale());
      if (ImGui::SmallButton(app.tr("bar.leave_projection"))) app.settings.mode = ViewMode::Board;
    }
  } else {
    draw_control_bar(app, width);
  }
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

}  // namespace tavle::gui
