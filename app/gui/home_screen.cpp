// The first screen: open the demo meeting or a meeting file, or join a meeting
// someone else hosts.
#include <ctime>

#include "app/gui/launch.hpp"
#include "app/gui/panels.hpp"
#include "imgui_stdlib.h"
#ifdef HAVE_TAVLE_NET
#include <GLFW/glfw3.h>

#include "net/discovery.hpp"
#endif
#if defined(HAVE_TAVLE_STORE) && defined(HAVE_TAVLE_NET)
#include "app/gui/meeting_library.hpp"
#define TAVLE_HOME_HAS_LIBRARY 1
#endif

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

#ifdef HAVE_TAVLE_NET
// Starts listening for meetings announced on the LAN; the network thread wakes
// the loop when the list changes. A port we cannot use is said, never fatal.
void start_finding_meetings(App& app) {
  net::DiscoveryConfig config;
  config.address = app.discovery_address;
  if (app.discovery_port >= 0) config.port = static_cast<unsigned short>(app.discovery_port);
  auto listener = std::make_shared<net::DiscoveryListener>(config, [] { glfwPostEmptyEvent(); });
  if (auto e = listener->start()) app.home_ui.lan_error = e->message;
  app.lan_meetings = std::move(listener);
}

// "Found on this network": clicking a meeting fills the address; the code is
// still typed, because it is the secret the announcement never carries.
void draw_found_meetings(App& app) {
  HomeUi& home = app.home_ui;
  if (!app.lan_meetings) start_finding_meetings(app);
  ImGui::TextUnformatted(app.tr("home.found_on_network"));
  ImGui::Indent();
  if (!home.lan_error.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", home.lan_error.c_str());
  } else {
    const std::vector<net::FoundMeeting> found = app.lan_meetings->meetings();
    ImGui::TextDisabled("%s", found.empty() ? app.tr("home.none_found") : app.tr("home.found_hint"));
    for (const net::FoundMeeting& meeting : found) {
      const std::string endpoint = meeting.endpoint();
      ImGui::PushID((endpoint + "/" + meeting.id).c_str());
      const std::string label = meeting.name + "   " + endpoint;
      if (ImGui::Selectable(label.c_str(), home.join_address == endpoint, 0, ImVec2(ImGui::GetFontSize() * 24, 0)))
        home.join_address = endpoint;
      app.layout.note_control("home.found:" + endpoint);
      ImGui::PopID();
    }
  }
  ImGui::Unindent();
}
#endif

void draw_join(App& app) {
  HomeUi& home = app.home_ui;
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("home.join"));
  ImGui::PopFont();
#ifdef HAVE_TAVLE_NET
  draw_found_meetings(app);
#endif
  ImGui::PushItemWidth(ImGui::GetFontSize() * 14);
  ImGui::InputTextWithHint(app.tr("home.address"), "192.168.1.20:8080", &home.join_address);
  ImGui::InputText(app.tr("join.code"), &home.join_code);
  app.layout.note_control("join.code");
  ImGui::InputText(app.tr("home.your_name"), &home.join_name);
  app.layout.note_control("home.your_name");
  // Without it the facilitator lets a professional in from the waiting list.
  ImGui::InputText(app.tr("home.professional_code"), &home.join_professional_code);
  app.layout.note_control("home.professional_code");
  ImGui::PopItemWidth();
  const bool join = ImGui::Button(app.tr("home.join_button"));
  app.layout.note_control("home.join_button");
  if (join) {
    LaunchOptions options;
    options.kind = LaunchKind::Join;
    options.address = home.join_address;
    options.code = home.join_code;
    options.name = home.join_name;
    options.professional_code = home.join_professional_code;
    if (auto e = open_meeting(app, options)) home.error = e->message;
    else home.error.clear();
  }
}

#ifdef TAVLE_HOME_HAS_LIBRARY
void report(App& app, std::optional<Error> error) {
  app.home_ui.error = error ? error->message : "";
}

// When the meeting starts, else when it was created (local time).
std::string meeting_when(const store::MeetingInfo& m) {
  if (!m.starts_at.empty()) {
    std::string when = m.starts_at;
    if (when.size() > 10 && when[10] == 'T') when[10] = ' ';
    return when;
  }
  const std::time_t seconds = static_cast<std::time_t>(m.created / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

void draw_meetings_of_family(App& app, MeetingLibrary& lib, const store::FamilyInfo& family) {
  if (ImGui::Button(app.tr("home.continue_meeting"))) report(app, start_meeting(app, lib, family.id, !lib.meetings.empty()));
  for (auto it = lib.meetings.rbegin(); it != lib.meetings.rend(); ++it) {
    ImGui::PushID(it->id.c_str());
    const std::string label = meeting_when(*it) + "  (" + std::to_string(it->op_count) + " " + app.tr("home.changes") + ")";
    if (ImGui::SmallButton(app.tr("home.open"))) report(app, open_stored_meeting(app, lib, it->id));
    ImGui::SameLine();
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopID();
  }
}

// Families kept on this computer, newest meetings first; a family opens to its meetings.
void draw_library(App& app) {
  if (!app.library) app.library = std::make_shared<MeetingLibrary>();
  MeetingLibrary& lib = *app.library;
  if (!lib.loaded) refresh_library(lib);
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("home.families"));
  ImGui::PopFont();
  // Meetings started or opened here are led by this person (remembered for next time).
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  ImGui::InputText(app.tr("home.facilitator_name"), &app.preferences.facilitator_name);
  app.layout.note_control("home.facilitator_name");
  if (!lib.error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", lib.error.c_str());
  if (lib.families.empty()) ImGui::TextDisabled("%s", app.tr("home.no_families"));
  for (const store::FamilyInfo& family : lib.families) {
    ImGui::PushID(family.id.c_str());
    const bool open = lib.selected_family == family.id;
    const std::string label = family.label + "  (" + std::to_string(family.meetings) + ")";
    if (ImGui::Selectable(label.c_str(), open)) {
      lib.selected_family = open ? "" : family.id;
      refresh_library(lib);
    }
    if (open) {
      ImGui::Indent();
      draw_meetings_of_family(app, lib, family);
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  ImGui::InputTextWithHint("##family", app.tr("home.family_hint"), &lib.new_family_label);
  app.layout.note_control("home.family_hint");
  ImGui::SameLine();
  const bool create = ImGui::Button(app.tr("home.new_family"));
  app.layout.note_control("home.new_family");
  if (create && !lib.new_family_label.empty()) {
    report(app, create_family_and_meeting(app, lib, lib.new_family_label));
    lib.new_family_label.clear();
  }
}
#endif

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
  if (app.session) {
    ImGui::SameLine();
    if (ImGui::Button(app.tr("home.back_to_board"), ImVec2(0, 44 * s))) app.screen = Screen::Board;
  }
  // Opening another meeting replaces the one in memory: say so while its file lags behind.
  if (app.has_unsaved_file()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s %s", app.tr("quit.unsaved"),
                       app.session->file_path().c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(app.tr("save.button"))) app.save_to_file();
    if (!app.board_ui.status.empty()) ImGui::TextUnformatted(app.board_ui.status.c_str());
  }
#ifdef TAVLE_HOME_HAS_LIBRARY
  ImGui::Dummy(ImVec2(0, 20 * s));
  draw_library(app);
#endif
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
