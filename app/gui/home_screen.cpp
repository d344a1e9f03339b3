// The first screen, for a social worker at a glance: the families kept on this
// computer (last and next meeting, "new meeting" for each and for a new family),
// meeting files (the desktop's file dialog, a typed path, recent files), and the
// meetings found on the network with a join form that asks who you are. The
// facilitator's name and the language switch sit at the top. Two columns from
// 1280x720 up; each column scrolls inside itself, so nothing is cut off.
// [SECTION] files   [SECTION] joining   [SECTION] families   [SECTION] the screen
#include <ctime>

#include "app/gui/launch.hpp"
#include "app/gui/panels.hpp"
#include "imgui_stdlib.h"
#include <GLFW/glfw3.h>

#include "net/discovery.hpp"
#include "app/gui/meeting_library.hpp"

namespace tavle::gui {
namespace {

void heading(App& app, const char* key) {
  ImGui::PushFont(app.fonts.heading);
  ImGui::TextUnformatted(app.tr(key));
  ImGui::PopFont();
}

void warn(App& app, const std::string& text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", text.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace

std::string meeting_time(const std::string& starts_at, Millis created) {
  if (!starts_at.empty()) {
    std::string when = starts_at;
    if (when.size() > 10 && when[10] == 'T') when[10] = ' ';  // "2026-11-25 09:00" reads better than ISO
    return when;
  }
  const std::time_t seconds = static_cast<std::time_t>(created / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

FamilyTableClick draw_family_table(App& app, const std::string& prefix, const std::vector<FamilyRowView>& rows,
                                   bool busy, const std::function<void(const FamilyRowView&)>& draw_open) {
  FamilyTableClick click;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable((prefix + "-families").c_str(), 4, flags)) return click;
  ImGui::TableSetupColumn(app.tr("home.family"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn(app.tr("home.last_meeting"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn(app.tr("home.next_meeting"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  for (const FamilyRowView& row : rows) {
    ImGui::PushID(row.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushFont(app.fonts.ui_bold);
    if (ImGui::Selectable(row.label.c_str(), row.open)) click.selected = row.id;
    app.layout.note_control(prefix + ".family:" + row.label);
    ImGui::PopFont();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.last.empty() ? "\u2013" : row.last.c_str());
    ImGui::TableNextColumn();
    if (row.next.empty()) ImGui::TextDisabled("%s", app.tr("home.not_agreed"));
    else ImGui::TextUnformatted(meeting_time(row.next, 0).c_str());
    ImGui::TableNextColumn();
    ImGui::BeginDisabled(busy);
    if (ImGui::Button(app.tr("home.new_meeting"))) click.new_meeting = row.id;
    ImGui::EndDisabled();
    app.layout.note_control(prefix + ".new_meeting:" + row.label);
    if (row.open) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Indent();
      draw_open(row);
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
  return click;
}

namespace {

// [SECTION] files

void draw_files(App& app) {
  HomeUi& home = app.home_ui;
  heading(app, "home.open_file");
  ImGui::BeginDisabled(file_dialog_open(app));
  const bool choose = ImGui::Button(app.tr("files.choose"));
  ImGui::EndDisabled();
  app.layout.note_control("home.choose_file");
  if (choose) ask_for_file(app, FileDialogKind::OpenMeeting);
  // Typing a path stays possible (a dialog that cannot be shown, a path in an email).
  const float open_w = ImGui::CalcTextSize(app.tr("home.open")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - open_w - ImGui::GetStyle().ItemSpacing.x));
  const bool entered = ImGui::InputTextWithHint("##path", app.tr("home.path_hint"), &home.open_path, ImGuiInputTextFlags_EnterReturnsTrue);
  app.layout.note_control("home.path");
  ImGui::SameLine();
  if ((ImGui::Button(app.tr("home.open")) || entered) && !home.open_path.empty()) open_and_remember(app, home.open_path);
  app.layout.note_control("home.open");
  if (app.preferences.recent_files.empty()) return;
  ImGui::TextDisabled("%s", app.tr("files.recent"));
  const std::vector<std::string> recent = app.preferences.recent_files;  // opening one reorders the list
  for (std::size_t i = 0; i < recent.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    const std::string name = recent[i].substr(recent[i].find_last_of('/') + 1);
    if (ImGui::Selectable(name.c_str())) open_and_remember(app, recent[i]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", recent[i].c_str());
    app.layout.note_control("home.recent:" + std::to_string(i));
    ImGui::PopID();
  }
}

// [SECTION] joining

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
  if (!home.lan_error.empty()) return warn(app, home.lan_error);
  const std::vector<net::FoundMeeting> found = app.lan_meetings->meetings();
  ImGui::TextDisabled("%s", found.empty() ? app.tr("home.none_found") : app.tr("home.found_hint"));
  for (const net::FoundMeeting& meeting : found) {
    const std::string endpoint = meeting.endpoint();
    ImGui::PushID((endpoint + "/" + meeting.id).c_str());
    const std::string label = meeting.name + "   " + endpoint;
    if (ImGui::Selectable(label.c_str(), home.join_address == endpoint)) {
      home.join_address = endpoint;
      home.join_fingerprint = meeting.fingerprint;  // announced with it; the code is still typed
    }
    app.layout.note_control("home.found:" + endpoint);
    ImGui::PopID();
  }
}

// Labels above their fields: a form read from top to bottom.
bool labelled_field(App& app, const char* label_key, const char* id, std::string& text, const char* hint = "") {
  ImGui::TextUnformatted(app.tr(label_key));
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 20));
  const bool changed = ImGui::InputTextWithHint(id, hint, &text);
  return changed;
}

void draw_join(App& app) {
  HomeUi& home = app.home_ui;
  heading(app, "home.join");
  draw_found_meetings(app);
  // A host's HOST:PORT, a server meeting's HOST:PORT/m/ID, or the family's link as
  // pasted (net/meeting_address.hpp); its #code= fills the code when none is typed.
  labelled_field(app, "home.address", "##address", home.join_address, "192.168.1.20:8080");
  app.layout.note_control("home.address");
  labelled_field(app, "join.code", "##code", home.join_code);
  app.layout.note_control("join.code");
  // The facilitator's screen shows it; checking it keeps a stranger in between out.
  labelled_field(app, "home.fingerprint", "##fingerprint", home.join_fingerprint, "AB:CD:...");
  app.layout.note_control("home.fingerprint");
  labelled_field(app, "home.your_name", "##name", home.join_name);
  app.layout.note_control("home.your_name");
  // Who you are decides what you see: professionals are let in by the facilitator.
  ImGui::TextUnformatted(app.tr("home.who_are_you"));
  int role = home.join_as_family ? 1 : 0;
  if (ImGui::RadioButton(app.tr("home.i_am_professional"), &role, 0)) home.join_as_family = false;
  app.layout.note_control("home.i_am_professional");
  ImGui::SameLine();
  if (ImGui::RadioButton(app.tr("home.i_am_family"), &role, 1)) home.join_as_family = true;
  app.layout.note_control("home.i_am_family");
  if (!home.join_as_family) {
    // Without it the facilitator lets a professional in from the waiting list.
    labelled_field(app, "home.professional_code", "##professional_code", home.join_professional_code);
    app.layout.note_control("home.professional_code");
  }
  const bool join = ImGui::Button(app.tr("home.join_button"));
  app.layout.note_control("home.join_button");
  if (join) {
    LaunchOptions options;
    options.kind = LaunchKind::Join;
    options.address = home.join_address;
    options.code = home.join_code;
    options.name = home.join_name;
    options.role = home.join_as_family ? "family" : "professional";
    options.professional_code = home.join_as_family ? std::string() : home.join_professional_code;
    options.fingerprint = home.join_fingerprint;
    options.key_file = app.key_file;  // the unsent work is sealed with the store's key
    if (auto e = open_meeting(app, options)) home.error = e->message;
    else home.error.clear();
  }
}

// [SECTION] families

void report(App& app, std::optional<Error> error) { app.home_ui.error = error ? error->message : ""; }

// One row a family: its name (click: its earlier meetings), last and next meeting,
// and a clear "New meeting" that continues from the last one. The families kept on
// this computer and those on the server (server_home.cpp) are drawn alike.
void draw_family_rows(App& app, MeetingLibrary& lib) {
  std::vector<FamilyRowView> rows;
  for (const store::FamilyInfo& family : lib.families) {
    const FamilySummary& summary = lib.summaries[family.id];
    rows.push_back({family.id, family.label,
                    summary.last ? meeting_time(summary.last->starts_at, summary.last->created) : "",
                    summary.next_meeting, lib.selected_family == family.id, summary.last.has_value()});
  }
  // Acted on after the table: refreshing replaces lib.families and lib.summaries (the
  // home screen once crashed on a click, reading a freed summary).
  std::string start_for;
  bool continue_last = false;
  const FamilyTableClick click = draw_family_table(app, "home", rows, false, [&](const FamilyRowView& row) {
    for (auto it = lib.meetings.rbegin(); it != lib.meetings.rend(); ++it) {
      ImGui::PushID(it->id.c_str());
      if (ImGui::SmallButton(app.tr("home.open"))) report(app, open_stored_meeting(app, lib, it->id));
      ImGui::SameLine();
      ImGui::TextDisabled("%s  (%llu %s)", meeting_time(it->starts_at, it->created).c_str(),
                          static_cast<unsigned long long>(it->op_count), app.tr("home.changes"));
      ImGui::PopID();
    }
    if (ImGui::SmallButton(app.tr("home.erase"))) lib.erase_asked = row.id;  // issue 13: asks first
    app.layout.note_control("home.erase:" + row.label);
  });
  if (!click.selected.empty()) {
    lib.selected_family = lib.selected_family == click.selected ? "" : click.selected;
    lib.loaded = false;
  }
  if (!click.new_meeting.empty()) {
    for (const FamilyRowView& row : rows)
      if (row.id == click.new_meeting) continue_last = row.has_meetings;
    start_for = click.new_meeting;
    report(app, start_meeting(app, lib, start_for, continue_last));
  }
}

// issue 13 (docs/privacy.md): "a" and "n" put into a translated sentence.
std::string filled(std::string text, const std::string& name, int number) {
  if (auto at = text.find("%s"); at != std::string::npos) text.replace(at, 2, name);
  if (auto at = text.find("%d"); at != std::string::npos) text.replace(at, 2, std::to_string(number));
  return text;
}

// The families the retention rule lists, each with its own erase (which asks first).
void draw_due_for_deletion(App& app, MeetingLibrary& lib) {
  if (lib.due.empty()) return;
  ImGui::Spacing();
  heading(app, "home.due");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", filled(app.tr("home.due_hint"), "", lib.retain_days).c_str());
  ImGui::PopTextWrapPos();
  for (const store::FamilyDue& d : lib.due) {
    ImGui::PushID(d.family.id.c_str());
    if (ImGui::SmallButton(app.tr("home.erase"))) lib.erase_asked = d.family.id;
    app.layout.note_control("home.due_erase:" + d.family.label);
    ImGui::SameLine();
    const std::time_t seconds = static_cast<std::time_t>(d.last_meeting / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char when[16];
    std::strftime(when, sizeof when, "%Y-%m-%d", &local);
    ImGui::Text("%s  (%s %s)", d.family.label.c_str(), app.tr("home.last_meeting"), when);
    ImGui::PopID();
  }
}

// The question before a family is erased: it names the family and its meetings.
void draw_erase_question(App& app, MeetingLibrary& lib) {
  if (lib.erase_asked.empty()) return;
  const auto it = std::find_if(lib.families.begin(), lib.families.end(),
                               [&](const store::FamilyInfo& f) { return f.id == lib.erase_asked; });
  if (it == lib.families.end()) {
    lib.erase_asked.clear();
    return;
  }
  if (!ImGui::IsPopupOpen("###erase")) ImGui::OpenPopup("###erase");
  const std::string title = std::string(app.tr("home.erase_confirm")) + "###erase";
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::TextUnformatted(filled(app.tr("home.erase_question"), it->label, static_cast<int>(it->meetings)).c_str());
  ImGui::PopTextWrapPos();
  const std::string label = it->label;
  if (ImGui::Button(app.tr("home.erase_confirm"))) {
    const std::string id = lib.erase_asked;
    lib.erase_asked.clear();
    ImGui::CloseCurrentPopup();
    report(app, erase_family(app, lib, id));
  }
  app.layout.note_control("home.erase_confirm:" + label);
  ImGui::SameLine();
  if (ImGui::Button(app.tr("home.erase_keep"))) {
    lib.erase_asked.clear();
    ImGui::CloseCurrentPopup();
  }
  app.layout.note_control("home.erase_keep");
  ImGui::EndPopup();
}

void draw_families(App& app) {
  if (!app.library) {
    app.library = std::make_shared<MeetingLibrary>();
    app.library->retain_days = app.preferences.retain_days;
    app.library->key_file = app.key_file;
  }
  MeetingLibrary& lib = *app.library;
  heading(app, "home.families");
  // issue 18: the families kept on this computer, or on the municipality's server.
  if (ImGui::BeginTabBar("families-where")) {
    const bool here = ImGui::BeginTabItem(app.tr("home.on_this_computer"));
    app.layout.note_control("home.on_this_computer");
    if (here) ImGui::EndTabItem();
    const bool server = ImGui::BeginTabItem(app.tr("home.on_the_server"));
    app.layout.note_control("home.on_the_server");
    if (server) ImGui::EndTabItem();
    ImGui::EndTabBar();
    if (server) return draw_server_families(app);
  }
  if (!lib.loaded) refresh_library(lib);
  ImGui::TextDisabled("%s", app.tr("home.families_hint"));
  if (!lib.error.empty()) warn(app, lib.error);
  if (lib.families.empty()) ImGui::TextDisabled("%s", app.tr("home.no_families"));
  else draw_family_rows(app, lib);
  ImGui::Spacing();
  ImGui::TextUnformatted(app.tr("home.new_family_label"));
  const float button_w = ImGui::CalcTextSize(app.tr("home.new_family")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x));
  ImGui::InputTextWithHint("##family", app.tr("home.family_hint"), &lib.new_family_label);
  app.layout.note_control("home.family_hint");
  ImGui::SameLine();
  const bool create = ImGui::Button(app.tr("home.new_family"));
  app.layout.note_control("home.new_family");
  if (create && !lib.new_family_label.empty()) {
    report(app, create_family_and_meeting(app, lib, lib.new_family_label));
    lib.new_family_label.clear();
  }
  draw_due_for_deletion(app, lib);
  draw_erase_question(app, lib);
}

// [SECTION] settings

// issue 13 (docs/privacy.md): the retention rule and the plain family view's
// default, kept in settings.json (preferences.hpp).
void draw_settings(App& app) {
  heading(app, "home.settings");
  ImGui::TextUnformatted(app.tr("home.retain_days"));
  // Applied when the field is left (or a step button clicked), not at each digit typed:
  // "3" on the way to "365" must not list every family as due.
  std::optional<int>& edit = app.home_ui.retain_days_edit;
  int days = edit.value_or(app.preferences.retain_days);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::InputInt("##retain_days", &days, 30, 365)) edit = days;
  app.layout.note_control("home.retain_days");
  if (edit && !ImGui::IsItemActive()) {
    app.preferences.retain_days = std::clamp(*edit, 1, 36500);
    edit.reset();
    if (app.library) {
      app.library->retain_days = app.preferences.retain_days;
      app.library->loaded = false;  // the list of families due for deletion follows
    }
    app.remember_preferences();
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", app.tr("home.retain_days_hint"));
  ImGui::PopTextWrapPos();
  if (ImGui::Checkbox(app.tr("home.plain_family_default"), &app.preferences.allow_plain_family)) app.remember_preferences();
  app.layout.note_control("home.plain_family_default");
  if (app.preferences.allow_plain_family) warn(app, app.tr("home.plain_family_default_hint"));
}

// [SECTION] the screen

// The app's name and what it is for; the facilitator's name and the language on the right.
void draw_header(App& app, float width) {
  const float s = app.scale();
  const ImVec2 top = ImGui::GetCursorPos();
  ImGui::BeginGroup();
  ImGui::PushFont(app.fonts.big_heading);
  ImGui::TextUnformatted("Tavle");
  ImGui::PopFont();
  ImGui::PushTextWrapPos(top.x + width * 0.55f);
  ImGui::TextUnformatted(app.tr("home.tagline"));
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  // Meetings started or opened here are led by this person (remembered for next time).
  const std::string lang = app.strings.lang() == "da" ? "English" : "Dansk";
  const float lang_w = ImGui::CalcTextSize(lang.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
  const float name_w = std::min(ImGui::GetFontSize() * 16, width * 0.4f - lang_w - 20 * s);
  const float right = top.x + width - name_w - lang_w - 20 * s;
  ImGui::SetCursorPos(ImVec2(right, top.y + 8 * s));
  ImGui::BeginGroup();
  ImGui::TextUnformatted(app.tr("home.facilitator_name"));
  ImGui::SetNextItemWidth(name_w);
  ImGui::InputText("##facilitator", &app.preferences.facilitator_name);
  app.layout.note_control("home.facilitator_name");
  ImGui::SameLine(0, 20 * s);
  if (ImGui::Button(lang.c_str())) app.pending_lang = app.strings.lang() == "da" ? "en" : "da";
  app.layout.note_control("home.language");
  ImGui::EndGroup();
  ImGui::SetCursorPos(ImVec2(top.x, std::max(ImGui::GetCursorPosY(), top.y)));
}

void draw_open_meeting_note(App& app) {
  if (!app.session) return;
  if (ImGui::Button(app.tr("home.back_to_board"))) app.screen = Screen::Board;
  app.layout.note_control("home.back_to_board");
  // Opening another meeting replaces the one in memory: say so while its file lags behind.
  if (app.has_unsaved_file()) {
    ImGui::SameLine();
    warn(app, std::string(app.tr("quit.unsaved")) + " " + app.session->file_path());
    if (ImGui::SmallButton(app.tr("save.button"))) app.save_to_file();
  }
}

}  // namespace

void draw_home_screen(App& app) {
  const float s = app.scale();
  const float margin = 32 * s;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float width = avail.x - 2 * margin;
  ImGui::SetCursorPos(ImVec2(margin, 20 * s));
  ImGui::BeginGroup();
  draw_header(app, width);
  draw_open_meeting_note(app);
  if (!app.home_ui.error.empty()) warn(app, app.home_ui.error);
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(0, 8 * s));
  ImGui::SetCursorPosX(margin);
  const float top = ImGui::GetCursorPosY();
  const float height = avail.y - top - 16 * s;
  const float left_w = width * 0.58f;
  ImGui::BeginChild("home-families", ImVec2(left_w, height), true);
  draw_families(app);
  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::Button(app.tr("home.demo"))) open_sample_meeting(app);
  app.layout.note_control("home.demo");
  ImGui::Spacing();
  ImGui::Separator();
  draw_settings(app);
  ImGui::EndChild();
  app.layout.note_control("home.families_panel");
  ImGui::SameLine(0, 16 * s);
  ImGui::BeginChild("home-side", ImVec2(width - left_w - 16 * s, height), true);
  draw_files(app);
  ImGui::Spacing();
  ImGui::Separator();
  draw_join(app);
  ImGui::EndChild();
  app.layout.note_control("home.side_panel");
}

}  // namespace tavle::gui
