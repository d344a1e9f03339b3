// Who is in the meeting: present or not, connected or not, role, their rating and
// reason (the facilitator often types what people say aloud), and adding people.
#include "app/gui/panels.hpp"
#include "app/gui/text_field.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

// The slider's -1 is "no rating".
void send_rating(App& app, const std::string& id, int value, const std::string& reason) {
  app.send(ops::set_rating(id, value < 0 ? std::nullopt : std::optional<int>(value), reason));
}

void draw_person(App& app, const Board& board, const Participant& person, bool connected) {
  const Palette& p = app.colors();
  ImGui::PushID(person.id.c_str());
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  bool present = person.present;
  if (ImGui::Checkbox("##present", &present)) app.send(ops::update_participant(person.id, ops::ParticipantFlag::Present, present));
  ImGui::TableNextColumn();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(connected ? p.ok : p.muted), connected ? "\u25CF" : "\u25CB");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", connected ? app.tr("people.connected") : app.tr("people.not_connected"));
  ImGui::SameLine();
  // issue 14: the name opens the person's details (name, role, from where, contact)
  const bool editing = app.plan_ui.editing_person == person.id;
  if (app.projecting()) ImGui::TextUnformatted(person.name.c_str());
  else if (ImGui::Selectable(person.name.c_str(), editing))
    app.plan_ui.editing_person = editing ? std::string() : person.id;
  if (!app.projecting() && LayoutFacts::item_shown()) app.layout.note_control("people.details." + person.id);
  ImGui::TextDisabled("%s%s%s", role_label(app, person.role), person.organisation.empty() ? "" : ", ", person.organisation.c_str());
  ImGui::TableNextColumn();
  auto it = board.scale.ratings.find(person.id);
  const Rating rating = it == board.scale.ratings.end() ? Rating{} : it->second;
  int value = rating.value;
  ImGui::SetNextItemWidth(-1);
  if (rating.hidden) ImGui::TextDisabled("%s", app.tr("scale.hidden"));
  else if (ImGui::SliderInt("##rating", &value, -1, 10, value < 0 ? "\u2013" : "%d") && value != rating.value)
    send_rating(app, person.id, value, rating.reason);
  if (!rating.hidden && rating.value >= 0) {
    std::string reason;
    ImGui::SetNextItemWidth(-1);
    if (edit_text_field(app, "##reason", "reason." + person.id, rating.reason, reason, app.tr("people.reason_hint")))
      send_rating(app, person.id, rating.value, reason);
  }
  ImGui::PopID();
}

// issue 14: everything about one person, each field sent as its own op; removing
// keeps a tombstone and the app's undo brings the person back.
void draw_person_details(App& app, const Board& board) {
  const Participant* person = board.find_participant(app.plan_ui.editing_person);
  if (!person || person->removed) return;
  ImGui::Separator();
  ImGui::TextUnformatted(person->name.c_str());
  ImGui::PushID("details");
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 7);
  std::string edited;
  if (edit_text_field(app, app.tr("people.name"), "person.name." + person->id, person->name, edited) && !edited.empty())
    app.send(ops::update_participant(person->id, ops::ParticipantText::Name, edited));
  if (ImGui::BeginCombo(app.tr("people.role"), role_label(app, person->role))) {
    for (auto role : {ParticipantRole::Parent, ParticipantRole::Child, ParticipantRole::PrivateNetwork, ParticipantRole::Professional})
      if (ImGui::Selectable(role_label(app, role), role == person->role) && role != person->role)
        app.send(ops::update_participant(person->id, role));
    ImGui::EndCombo();
  }
  const struct {
    const char* label;
    const char* key;
    ops::ParticipantText field;
    const std::string& value;
  } rows[] = {{app.tr("people.organisation"), "organisation", ops::ParticipantText::Organisation, person->organisation},
              {app.tr("people.phone"), "phone", ops::ParticipantText::Phone, person->phone},
              {app.tr("people.email"), "email", ops::ParticipantText::Email, person->email},
              {app.tr("people.address"), "address", ops::ParticipantText::Address, person->address}};
  for (const auto& row : rows) {
    if (edit_text_field(app, row.label, std::string("person.") + row.key + "." + person->id, row.value, edited))
      app.send(ops::update_participant(person->id, row.field, edited));
    app.layout.note_control(std::string("person.") + row.key);
  }
  ImGui::PopItemWidth();
  if (ImGui::Button(app.tr("people.remove"))) {
    app.send(ops::remove_participant(person->id));
    app.plan_ui.editing_person.clear();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", app.tr("people.remove_hint"));
  ImGui::PopID();
}

void draw_add_person(App& app) {
  ImGui::Separator();
  HomeUi& form = app.home_ui;  // reuses the home form's name field for quick adds
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  ImGui::InputTextWithHint("##new-name", app.tr("people.name_hint"), &form.new_person);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::BeginCombo("##new-role", role_label(app, form.new_role))) {
    for (auto role : {ParticipantRole::Parent, ParticipantRole::Child, ParticipantRole::PrivateNetwork, ParticipantRole::Professional})
      if (ImGui::Selectable(role_label(app, role), role == form.new_role)) form.new_role = role;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(app.tr("people.add")) && !form.new_person.empty()) {
    app.send(ops::add_participant("p-" + std::to_string(now_millis() % 1000000000) + "-" + std::to_string(++app.ids_made),
                                  form.new_person, form.new_role));
    form.new_person.clear();
  }
}

}  // namespace

void draw_participants_panel(App& app) {
  const Board& board = app.visible_board();
  std::map<std::string, bool> connected;
  for (const PresenceEntry& p : app.session->presence()) connected[p.participant_id] = true;  // present = connected
  if (ImGui::BeginTable("people", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(app.tr("people.present"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(app.tr("people.name"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(app.tr("people.rating"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& [id, person] : board.participants)
      if (!person.removed) draw_person(app, board, person, connected[id]);
    ImGui::EndTable();
  }
  if (!app.projecting()) draw_person_details(app, board);  // issue 14
  if (!app.projecting()) draw_add_person(app);
}

}  // namespace tavle::gui
