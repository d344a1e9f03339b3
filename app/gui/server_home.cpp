// issue 18: the home screen's families on the municipality's Tavle server
// (docs/server.md, "Facilitators in the app"): sign in with the account IT gave
// you (always over TLS, the server checked by its fingerprint or the municipality's
// CA), then the same list as on this computer: each family with its last and next
// meeting and "New meeting", its earlier meetings to open, and a new family. A
// meeting started or opened here is led from this app as facilitator; the server
// keeps it. Nothing the server says is kept on this computer but the address and
// the account's name.
// [SECTION] answers   [SECTION] signing in   [SECTION] the families   [SECTION] the tab
#include <GLFW/glfw3.h>

#include "app/gui/launch.hpp"
#include "app/gui/panels.hpp"
#include "imgui_stdlib.h"
#include "net/desk_client.hpp"
#include "net/meeting_address.hpp"
#include "net/tls.hpp"

namespace tavle::gui {
namespace {

void warn(App& app, const std::string& text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", text.c_str());
  ImGui::PopTextWrapPos();
}

// HOST:PORT, or HOST alone (the port IT set up for https, 443), read by the one
// address reader (net/meeting_address.hpp); the server's address names no meeting.
std::optional<net::DeskServer> server_of(const ServerUi& s) {
  std::string typed = s.address;
  if (typed.rfind("wss://", 0) == 0) typed = "https://" + typed.substr(6);
  if (typed.rfind("http://", 0) == 0) return std::nullopt;  // signing in is encrypted only
  if (typed.find("://") == std::string::npos && typed.find(':') == std::string::npos) typed = "https://" + typed;
  net::MeetingAddress address;
  if (net::parse_meeting_address(typed, address) || !address.meeting_id.empty() || !address.code.empty())
    return std::nullopt;
  net::DeskServer where{address.host, address.port, "", ""};
  if (!s.fingerprint.empty()) {
    const auto pinned = net::normalise_fingerprint(s.fingerprint);
    if (!pinned) return std::nullopt;
    where.fingerprint = *pinned;
  }
  return where;
}

void ask(App& app, const nlohmann::json& request) {
  ServerUi& s = app.server_ui;
  const auto where = server_of(s);
  if (!where) {
    s.error = app.tr("server.bad_address");
    return;
  }
  s.error.clear();
  s.desk->ask(*where, request);
}

// [SECTION] answers

// What the facilitator reads for each refusal: the app's own words, in its language.
std::string said(App& app, const net::DeskAnswer& a) {
  const std::pair<const char*, const char*> known[] = {
      {"sign_in_refused", app.tr("server.error.sign_in_refused")},
      {"wait", app.tr("server.error.wait")},
      {"signed_out", app.tr("server.error.signed_out")},
      {"not_allowed", app.tr("server.error.not_allowed")},
      {"busy", app.tr("server.error.busy")},
      {"wrong_host", app.tr("server.error.wrong_host")},
      {"no_answer", app.tr("server.error.no_answer")},
      {"needs_encryption", app.tr("server.error.needs_encryption")},
      {"not_offered", app.tr("server.error.not_offered")},
  };
  for (const auto& [code, text] : known)
    if (a.error_code == code) return text;
  return std::string(app.tr("server.error.other")) + " (" + a.message + ")";
}

// The meeting the server handed over is led from here, as facilitator.
void lead(App& app, const net::DeskOpened& opened) {
  ServerUi& s = app.server_ui;
  const auto where = server_of(s);
  if (!where) return;
  LaunchOptions options;
  options.kind = LaunchKind::Join;
  options.address = where->host + ":" + std::to_string(where->port);
  options.meeting_id = opened.meeting_id;
  options.role = "facilitator";
  options.facilitator_key = opened.facilitator_key;
  options.code = opened.join_code;
  options.name = app.preferences.facilitator_name.empty() ? s.signed_in_as : app.preferences.facilitator_name;
  options.fingerprint = where->fingerprint;
  options.key_file = app.key_file;  // the unsent work is sealed with this computer's key
  if (auto e = open_meeting(app, options)) s.error = e->message;
}

void take_answer(App& app) {
  ServerUi& s = app.server_ui;
  const std::optional<net::DeskAnswer> a = s.desk->take_answer();
  if (!a) return;
  if (a->type == "signed_in") {
    s.token = a->token;
    s.signed_in_as = a->name;
    s.families = a->families;
    s.password.clear();
    app.preferences.server_address = s.address;
    app.preferences.server_fingerprint = s.fingerprint;
    app.preferences.server_account = s.account;
    app.remember_preferences();
  } else if (a->type == "families") {
    s.families = a->families;
  } else if (a->type == "meeting") {
    lead(app, a->opened);
    ask(app, net::families_request(s.token));  // the list shows the new meeting when the home screen is back
  } else if (a->type == "signed_out") {
    s.token.clear();
    s.families.clear();
  } else {
    // A refused sign-in is typed again from the start (the field shows only dots).
    if (s.token.empty()) s.password.clear();
    if (a->error_code == "signed_out") {  // the server restarted, or the sign-in ran out
      s.token.clear();
      s.families.clear();
    }
    s.error = said(app, *a);
  }
}

// [SECTION] signing in

bool field(App& app, const char* label_key, const char* id, std::string& text, const char* hint,
           ImGuiInputTextFlags flags = 0) {
  ImGui::TextUnformatted(app.tr(label_key));
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 20));
  const bool entered = ImGui::InputTextWithHint(id, hint, &text, flags | ImGuiInputTextFlags_EnterReturnsTrue);
  app.layout.note_control(std::string("server.") + (id + 2));  // "##address" -> "server.address"
  return entered;
}

void draw_sign_in(App& app) {
  ServerUi& s = app.server_ui;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", app.tr("server.hint"));
  ImGui::PopTextWrapPos();
  field(app, "server.address", "##address", s.address, "tavle.kommune.dk:443");
  field(app, "server.fingerprint", "##fingerprint", s.fingerprint, "AB:CD:...");
  field(app, "server.account", "##account", s.account, "");
  const bool entered = field(app, "server.password", "##password", s.password, "", ImGuiInputTextFlags_Password);
  const bool busy = s.desk->busy();
  ImGui::BeginDisabled(busy || s.address.empty() || s.account.empty() || s.password.empty());
  const bool sign_in = ImGui::Button(app.tr("server.sign_in")) || (entered && !busy);
  ImGui::EndDisabled();
  app.layout.note_control("server.sign_in");
  if (busy) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", app.tr("server.asking"));
  }
  if (sign_in && !s.account.empty() && !s.password.empty()) ask(app, net::sign_in_request(s.account, s.password));
}

// [SECTION] the families

void draw_family_rows(App& app) {
  ServerUi& s = app.server_ui;
  const bool busy = s.desk->busy();
  std::vector<FamilyRowView> rows;
  for (const net::DeskFamily& f : s.families)
    rows.push_back({f.id, f.label, f.meetings.empty() ? "" : meeting_time(f.meetings.back().starts_at, f.meetings.back().created),
                    f.next_meeting, s.selected_family == f.id, !f.meetings.empty()});
  std::optional<nlohmann::json> request;  // asked after the table: an answer may replace the list
  const FamilyTableClick click = draw_family_table(app, "server", rows, busy, [&](const FamilyRowView& row) {
    for (const net::DeskFamily& f : s.families) {
      if (f.id != row.id) continue;
      for (auto it = f.meetings.rbegin(); it != f.meetings.rend(); ++it) {
        ImGui::PushID(it->id.c_str());
        ImGui::BeginDisabled(busy);
        if (ImGui::SmallButton(app.tr("home.open"))) request = net::open_meeting_request(s.token, it->id);
        ImGui::EndDisabled();
        app.layout.note_control("server.open:" + it->id);
        ImGui::SameLine();
        ImGui::TextDisabled("%s  (%llu %s)", meeting_time(it->starts_at, it->created).c_str(),
                            static_cast<unsigned long long>(it->changes), app.tr("home.changes"));
        ImGui::PopID();
      }
    }
  });
  if (!click.selected.empty()) s.selected_family = s.selected_family == click.selected ? "" : click.selected;
  if (!click.new_meeting.empty()) request = net::new_meeting_request(s.token, click.new_meeting);
  if (request) ask(app, *request);
}

void draw_signed_in(App& app) {
  ServerUi& s = app.server_ui;
  ImGui::TextDisabled("%s %s  \u2013  %s", app.tr("server.signed_in_as"), s.signed_in_as.c_str(), s.address.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(app.tr("server.refresh"))) ask(app, net::families_request(s.token));
  app.layout.note_control("server.refresh");
  ImGui::SameLine();
  if (ImGui::SmallButton(app.tr("server.sign_out"))) {
    ask(app, net::sign_out_request(s.token));
    s.token.clear();  // at once: whatever the server answers, this app forgets the sign-in
    s.families.clear();
  }
  app.layout.note_control("server.sign_out");
  if (s.token.empty()) return;
  if (s.families.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", app.tr("server.no_families"));
    ImGui::PopTextWrapPos();
  } else {
    draw_family_rows(app);
  }
  ImGui::Spacing();
  ImGui::TextUnformatted(app.tr("home.new_family_label"));
  const float button_w = ImGui::CalcTextSize(app.tr("home.new_family")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x));
  ImGui::InputTextWithHint("##server_family", app.tr("home.family_hint"), &s.new_family_label);
  app.layout.note_control("server.family_hint");
  ImGui::SameLine();
  ImGui::BeginDisabled(s.desk->busy());
  const bool create = ImGui::Button(app.tr("home.new_family"));
  ImGui::EndDisabled();
  app.layout.note_control("server.new_family");
  if (create && !s.new_family_label.empty()) {
    ask(app, net::new_family_request(s.token, s.new_family_label));
    s.new_family_label.clear();
  }
}

}  // namespace

// [SECTION] the tab

void draw_server_families(App& app) {
  ServerUi& s = app.server_ui;
  if (!s.desk) s.desk = std::make_shared<net::DeskClient>([] { glfwPostEmptyEvent(); });
  if (!s.prefilled) {
    s.prefilled = true;
    s.address = app.preferences.server_address;
    s.fingerprint = app.preferences.server_fingerprint;
    s.account = app.preferences.server_account;
  }
  take_answer(app);
  if (!s.error.empty()) warn(app, s.error);
  if (s.token.empty()) draw_sign_in(app);
  else draw_signed_in(app);
}

}  // namespace tavle::gui
