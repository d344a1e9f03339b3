// How people join and whether we are connected: the join code, a QR code of the
// tablet page's address, and the connection state with unsent edits. For the
// facilitator also who asks to be let in, who is connected (to put someone out)
// and the professional code, which is drawn only here: this panel is never part
// of projection mode (docs/security.md).
#include <algorithm>
#include <cctype>

#include "app/gui/panels.hpp"

namespace tavle::gui {

void draw_connection_badge(App& app) {
  const ConnectionInfo info = app.session->connection();
  const Palette& p = app.colors();
  ImU32 colour = p.muted;
  std::string text;
  if (info.local) text = app.tr("conn.local");
  else switch (info.state) {
    case ConnectionState::Connecting:
      text = app.tr(info.waiting ? "conn.waiting" : "conn.connecting"), colour = p.editing_mark;
      break;
    case ConnectionState::Connected: text = app.tr("conn.connected"), colour = p.ok; break;
    case ConnectionState::Reconnecting: text = app.tr("conn.reconnecting"), colour = p.editing_mark; break;
    case ConnectionState::Offline: text = app.tr("conn.offline"), colour = p.warn; break;
  }
  // Said plainly: the facilitator turned this device away.
  const bool offline = !info.local && info.state == ConnectionState::Offline;
  if (offline && info.last_error_code == "refused") text = app.tr("conn.refused");
  if (offline && info.last_error_code == "removed") text = app.tr("conn.removed");
  // Said plainly: the server changed the facilitator key (this account's access changed).
  if (offline && info.last_error_code == "facilitator_key_changed") text = app.tr("conn.key_changed");
  // Said plainly: a host (or a network) that takes the connection and answers nothing.
  if (!info.local && info.state == ConnectionState::Reconnecting && info.last_error_code == "no_answer") text = app.tr("conn.no_answer");
  if (info.unsent_ops > 0) text += " \u2013 " + std::to_string(info.unsent_ops) + " " + app.tr("conn.unsent");
  // A host that is not the one in the join information: its own words, not a code.
  if (offline && info.last_error_code == "wrong_host") text = app.tr("conn.wrong_host");
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "\u25CF %s", text.c_str());
  if (!info.last_error.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.last_error.c_str());
  // The facilitator chose to serve the family view unencrypted: the board says so.
  if (info.plain_family) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.warn), "%s", app.tr("conn.plain_family"));
    app.layout.note_control("conn.plain_family");
  }
}

namespace {

// Whom a request could be: the participant it names (rank 0), the board's people
// with the same first name (1), then everyone else the facilitator could mean (2).
std::vector<std::pair<int, const Participant*>> candidates(const App& app, const AdmissionRequestView& r) {
  const Board& board = app.session->board();
  const auto first_word = [](const std::string& name) {
    std::string word = name.substr(0, name.find(' '));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return word;
  };
  std::vector<std::pair<int, const Participant*>> ranked;
  for (const auto& [id, p] : board.participants) {
    if (p.removed || id == board.meeting.facilitator) continue;
    ranked.push_back({id == r.participant_id ? 0 : first_word(p.name) == first_word(r.name) ? 1 : 2, &p});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return ranked;
}

// Someone from the last meeting on a new device (it has no token): the facilitator
// says who it is, and it acts as that participant, with that participant's kind.
// The likely ones are buttons; everyone else is in a list.
void draw_admit_as_existing(App& app, const AdmissionRequestView& r) {
  const auto admit_as = [&](const Participant& p) {
    app.session->answer_admission(r.request_id, p.role == ParticipantRole::Professional ? "professional" : "family", p.id);
  };
  const auto label = [&](const Participant& p) {
    return std::string(app.tr("join.admit_as")) + " " + p.name + (p.organisation.empty() ? "" : " (" + p.organisation + ")") +
           "##" + p.id;
  };
  const auto people = candidates(app, r);
  bool others = false;
  for (const auto& [rank, p] : people) {
    if (rank == 2) {
      others = true;
      continue;
    }
    if (ImGui::Button(label(*p).c_str())) admit_as(*p);
    app.layout.note_control("join.admit_as:" + p->id);
  }
  if (!others) return;
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 360.0f * app.scale()));
  const bool open = ImGui::BeginCombo("##existing", app.tr("join.admit_as_other"));
  app.layout.note_control("join.admit_as_other");
  if (!open) return;
  for (const auto& [rank, p] : people) {
    if (rank != 2) continue;
    if (ImGui::Selectable(label(*p).c_str())) admit_as(*p);
    app.layout.note_control("join.admit_as:" + p->id);
  }
  ImGui::EndCombo();
}

void draw_admission(App& app) {
  const auto requests = app.session->admission_requests();
  if (requests.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(app.tr("join.waiting_title"));
  for (const AdmissionRequestView& r : requests) {
    ImGui::PushID(static_cast<int>(r.request_id));
    ImGui::TextWrapped("%s (%s) %s %s", r.name.c_str(), r.address.c_str(), app.tr("join.asks_as"), r.role.c_str());
    if (ImGui::Button(app.tr("join.admit_professional"))) app.session->answer_admission(r.request_id, "professional");
    app.layout.note_control("join.admit_professional");
    ImGui::SameLine();
    if (ImGui::Button(app.tr("join.admit_family"))) app.session->answer_admission(r.request_id, "family");
    app.layout.note_control("join.admit_family");
    ImGui::SameLine();
    if (ImGui::Button(app.tr("join.refuse"))) app.session->answer_admission(r.request_id, "");
    app.layout.note_control("join.refuse");
    draw_admit_as_existing(app, r);
    ImGui::PopID();
  }
}

void draw_connected(App& app) {
  const auto people = app.session->presence();
  if (people.size() < 2) return;
  ImGui::Separator();
  ImGui::TextUnformatted(app.tr("join.connected_title"));
  for (const PresenceEntry& person : people) {
    if (person.connection == 0 || person.participant_id == app.session->self_id()) continue;
    ImGui::PushID(static_cast<int>(person.connection));
    ImGui::Text("%s (%s)", person.name.c_str(), std::string(net::name_of(person.role)).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(app.tr("join.put_out"))) app.session->remove_connection(person.connection, false);
    if (!person.participant_id.empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton(app.tr("join.put_out_remove"))) app.session->remove_connection(person.connection, true);
    }
    ImGui::PopID();
  }
}

// The fingerprint professionals' apps check, and the facilitator's choice for
// tablets that cannot trust the certificate.
void draw_encryption(App& app, const ConnectionInfo& info) {
  if (info.fingerprint.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(app.tr("join.fingerprint"));
  ImGui::TextWrapped("%s", info.fingerprint.c_str());
  if (!info.hosting) return;
  bool plain = info.plain_family;
  if (ImGui::Checkbox(app.tr("join.allow_plain_family"), &plain)) app.session->allow_plain_family(plain);
  app.layout.note_control("join.allow_plain_family");
  if (plain) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.tr("join.plain_family_hint"));
}

}  // namespace

void draw_connection_panel(App& app) {
  const ConnectionInfo info = app.session->connection();
  draw_connection_badge(app);
  if (info.code_guessing) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().warn), "%s", app.tr("join.code_guessing"));
  if (info.address.empty() || info.join_code.empty()) {
    ImGui::TextWrapped("%s", app.tr("join.not_hosting"));
    return;
  }
  const std::string url = (info.tablets_https ? "https://" : "http://") + info.address + "/#code=" + info.join_code;
  ImGui::PushFont(app.fonts.heading);
  ImGui::Text("%s %s", app.tr("join.code"), info.join_code.c_str());
  ImGui::PopFont();
  ImGui::TextWrapped("%s", app.tr("join.scan"));
  if (app.qr.update(url)) {
    const float side = std::min(ImGui::GetContentRegionAvail().x, 320.0f * app.scale());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddImage(app.qr.texture(), at, ImVec2(at.x + side, at.y + side));
    ImGui::Dummy(ImVec2(side, side));
  }
  ImGui::TextWrapped("%s", url.c_str());  // a server meeting's link (/m/ID/) is longer than the panel
  ImGui::TextDisabled("%s %s", app.tr("join.address"), info.address.c_str());
  draw_encryption(app, info);
  if (!info.professional_code.empty()) {
    ImGui::Separator();
    ImGui::Text("%s %s", app.tr("join.professional_code"), info.professional_code.c_str());
    ImGui::TextWrapped("%s", app.tr("join.professional_hint"));
    if (ImGui::Button(app.tr("join.new_code"))) app.session->new_code();
  }
  draw_admission(app);
  draw_connected(app);
}

}  // namespace tavle::gui
