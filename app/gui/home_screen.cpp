// The first screen: open the demo meeting or a meeting file, or join a meeting
// someone else hosts.
#include "app/gui/launch.hpp"
#include "app/gui/panels.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

void draw_open_file(App& app) {
  HomeUi& home = app.home_ui;
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("home.open_file"));
  ImGui::PopFont();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  const bool entered = ImGui::InputTextWithHint("##path", app.tr("home.path_hint"), &home.open_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button(app.tr("home.open")) || entered) && !home.open_path.empty()) {
    if (auto e = open_meeting_file(app, home.open_path)) home.error = e->message;
    else home.error.clear();
  }
}

void draw_join(App& app) {
  HomeUi& home = app.home_ui;
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("home.join"));
  ImGui::PopFont();
  ImGui::PushItemWidth(ImGui::GetFontSize() * 14);
  ImGui::InputTextWithHint(app.tr("home.address"), "192.168.1.20:8080", &home.join_address);
  ImGui::InputText(app.tr("join.code"), &home.join_code);
  ImGui::InputText(app.tr("home.your_name"), &home.join_name);
  ImGui::PopItemWidth();
  if (ImGui::Button(app.tr("home.join_button"))) {
    LaunchOptions options;
    options.kind = LaunchKind::Join;
    options.address = home.join_address;
    options.code = home.join_code;
    options.name = home.join_name;
    if (auto e = open_meeting(app, options)) home.error = e->message;
    else home.error.clear();
  }
}

}  // namespace

void draw_home_screen(App& app) {
  const float s = app.scale();
  ImGui::SetCursorPos(ImVec2(60 * s, 50 * s));
  ImGui::BeginGroup();
  ImGui::PushFont(app.fonts.big_heading);
  ImGui::TextUnformatted("Tavle");
  ImGui::PopFont();
  ImGui::TextUnformatted(app.tr("home.tagline"));
  ImGui::Dummy(ImVec2(0, 20 * s));
  if (ImGui::Button(app.tr("home.demo"), ImVec2(0, 44 * s))) open_sample_meeting(app);
  ImGui::SameLine();
  if (app.session && ImGui::Button(app.tr("home.back_to_board"), ImVec2(0, 44 * s))) app.screen = Screen::Board;
  ImGui::Dummy(ImVec2(0, 20 * s));
  draw_open_file(app);
  ImGui::Dummy(ImVec2(0, 20 * s));
  draw_join(app);
  if (!app.home_ui.error.empty()) {
    ImGui::Dummy(ImVec2(0, 10 * s));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.home_ui.error.c_str());
  }
  ImGui::Dummy(ImVec2(0, 20 * s));
  if (ImGui::Button(app.strings.lang() == "da" ? "English" : "Dansk")) app.pending_lang = app.strings.lang() == "da" ? "en" : "da";
  ImGui::EndGroup();
}

}  // namespace tavle::gui
