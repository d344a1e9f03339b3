// One frame of the window: the home screen, or the board screen's regions
// (top bar, columns, scale, side panels). Projection and family modes drop the
// editing chrome and use large type.
#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

constexpr ImGuiWindowFlags kRootFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

// The side panel's pages. Their names are buttons that wrap to a second row when
// the panel is narrow, so every name shows whole (a tab bar would cut them).
void draw_side_panels(App& app, ImVec2 size) {
  ImGui::BeginChild("side", size, true);
  struct Tab {
    const char* id;
    const char* label;
    void (*draw)(App&);
  };
  const Tab tabs[] = {
      {"join", app.tr("tab.join"), draw_connection_panel},
      {"card", app.tr("tab.card"), draw_card_editor},
      {"plan", app.tr("tab.plan"), draw_statements_panel},
      {"meeting", app.tr("tab.meeting"), draw_meeting_panel},
      {"people", app.tr("tab.people"), draw_participants_panel},
      {"suggestions", app.tr("tab.suggestions"), draw_suggestions_panel},
      // issue 15:
      {"child", app.tr("tab.child"), draw_child_voice_panel},
      {"network", app.tr("tab.network"), draw_network_panel},
  };
  BoardUi& ui = app.board_ui;
  if (!ui.open_tab.empty()) ui.side_tab = ui.open_tab, ui.open_tab.clear();
  const Tab* shown = &tabs[0];
  for (const Tab& tab : tabs)
    if (ui.side_tab == tab.id) shown = &tab;
  ui.side_tab = shown->id;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (const Tab& tab : tabs) {
    const float text = ImGui::CalcTextSize(tab.label).x;
    if (&tab != tabs && ImGui::GetItemRectMax().x + style.ItemSpacing.x + text + style.FramePadding.x * 2 <= right)
      ImGui::SameLine();
    const bool selected = &tab == shown;
    if (selected) {
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(app.colors().accent));
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(IM_COL32_WHITE));
    }
    const std::string label = std::string(tab.label) + "###tab-" + tab.id;
    if (ImGui::Button(label.c_str())) ui.side_tab = tab.id;
    if (selected) ImGui::PopStyleColor(2);
    app.layout.note_control(std::string("tab:") + tab.id, tab.label, text + style.FramePadding.x * 2);
  }
  ImGui::Separator();
  ImGui::BeginChild("tab-body");
  shown->draw(app);
  ImGui::EndChild();
  ImGui::EndChild();
}

void draw_board_screen(App& app) {
  const ImVec2 full = ImGui::GetContentRegionAvail();
  const float s = app.scale();
  const float top = (app.projecting() ? 64.0f : 52.0f) * s;
  draw_top_bar(app, top);
  const float side = app.projecting() ? 0.0f : std::min(440.0f * s, full.x * 0.3f);
  const float scale_h = (app.projecting() ? 190.0f : 170.0f) * s;
  const float board_w = full.x - side;
  const float board_h = full.y - top - scale_h;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (followup_wanted(app)) draw_followup_view(app, ImVec2(board_w, board_h - 8 * s));  // issue 15
  else draw_board_view(app, ImVec2(board_w, board_h - 8 * s));
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + board_h));
  draw_scale_panel(app, ImVec2(board_w, scale_h));
  if (side > 0) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x + board_w, origin.y));
    draw_side_panels(app, ImVec2(side - 8 * s, full.y - top - 8 * s));
  }
}

// The room's window before a meeting is open: the app's name and what it is for.
void draw_room_waiting(App& app) {
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::PushFont(app.fonts.big_heading);
  const ImVec2 title = ImGui::CalcTextSize("Tavle");
  ImGui::SetCursorPos(ImVec2((size.x - title.x) * 0.5f, size.y * 0.4f));
  ImGui::TextUnformatted("Tavle");
  ImGui::PopFont();
  ImGui::PushFont(app.fonts.card);
  const char* tagline = app.tr("home.tagline");
  const float wrap = std::min(size.x * 0.8f, ImGui::CalcTextSize(tagline).x);
  ImGui::SetCursorPosX((size.x - wrap) * 0.5f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(tagline);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

// Quitting with changes not yet written to the meeting file: save, leave them, or stay.
void draw_save_question(App& app) {
  if (!app.asking_to_save) return;
  ImGui::OpenPopup("##save-question");
  if (!ImGui::BeginPopupModal("##save-question", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return;
  ImGui::Text("%s", app.tr("quit.unsaved"));
  ImGui::TextDisabled("%s", app.session->file_path().c_str());
  if (!app.board_ui.status_ok && !app.board_ui.status.empty())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.board_ui.status.c_str());
  const bool save = ImGui::Button(app.tr("quit.save_and_quit"));
  app.layout.note_control("quit.save_and_quit");
  ImGui::SameLine();
  const bool leave = ImGui::Button(app.tr("quit.without_saving"));
  app.layout.note_control("quit.without_saving");
  ImGui::SameLine();
  const bool stay = ImGui::Button(app.tr("quit.cancel"));
  if (save) app.save_to_file();  // a failed save keeps the question open, with the reason
  if (leave || (save && app.board_ui.status_ok)) app.quit_confirmed = app.quit_requested = true;
  if (stay || app.quit_confirmed) {
    app.asking_to_save = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

// F1: every shortcut, one a line, for people who work the app by keyboard.
void draw_shortcut_list(App& app) {
  if (!app.showing_shortcuts) return;
  ImGui::OpenPopup("##shortcuts");
  if (!ImGui::BeginPopupModal("##shortcuts", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return;
  ImGui::TextUnformatted(app.tr("shortcuts.title"));
  ImGui::Separator();
  // One shortcut a line, "keys   what they do": keys in the first column.
  if (ImGui::BeginTable("##shortcut-table", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    const std::string list = app.tr("shortcuts.list");
    for (std::size_t start = 0; start < list.size();) {
      std::size_t end = list.find('\n', start);
      if (end == std::string::npos) end = list.size();
      const std::string line = list.substr(start, end - start);
      const std::size_t gap = line.find("   ");
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(line.substr(0, gap).c_str());
      ImGui::TableNextColumn();
      if (gap != std::string::npos) ImGui::TextUnformatted(line.substr(line.find_first_not_of(' ', gap)).c_str());
      start = end + 1;
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool close = ImGui::Button(app.tr("shortcuts.close"));
  app.layout.note_control("shortcuts.close");
  if (close || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) app.showing_shortcuts = false;
  if (!app.showing_shortcuts) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_frame(App& app) {
  app.layout.clear();
  if (!app.drawing_room) take_file_answer(app);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##tavle", nullptr, kRootFlags);
  ImGui::PopStyleVar();
  ImGui::PushFont(app.fonts.ui);
  if (app.drawing_room) {  // the room's window: the meeting, or a calm title until one starts
    if (app.session) draw_board_screen(app);
    else draw_room_waiting(app);
  } else if (app.screen == Screen::Board && app.session) {
    if (auto focus = app.session->take_follow_request()) app.follow(*focus);
    draw_board_screen(app);
    draw_export_dialog(app);
  } else {
    draw_home_screen(app);
  }
  if (!app.drawing_room) {  // the room's window has no dialogs
    draw_save_question(app);
    draw_shortcut_list(app);
  }
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace tavle::gui
