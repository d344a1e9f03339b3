// Who is in the meeting: present or not, connected or not, role, their rating and
// reason (the facilitator often types what people say aloud), and adding people.
#include "app/gui/panels.hpp"
#include "app/gui/text_field.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

Op participant_field(const std::string& id, const char* field, nlohmann::json value) {
  Op op;
  op.kind = OpKind::UpdateParticipant;
  op.target = id;
  op.field = field;
  op.value = std::move(value);
  return op;
}

void send_rating(App& app, const std::string& id, int value, const std::string& reason) {
  Op op;
  op.kind = OpKind::SetRating;
  op.target = id;
  op.value = {{"value", value < 0 ? nlohmann::json(nullptr) : nlohmann::json(value)}, {"reason", reason}};
  app.send(std::move(op));
}

void draw_person(App& app, const Board& board, const Participant& person, bool connected) {
  const Palette& p = app.colors();
  ImGui::PushID(person.id.c_str());
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  bool present = person.present;
  if (ImGui::Checkbox("##present", &present)) app.send(participant_field(person.id, "present", present));
  ImGui::TableNextColumn();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(connected ? p.ok : p.muted), connected ? "\u25CF" : "\u25CB");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", connected ? app.tr("people.connected") : app.tr("people.not_connected"));
  ImGui::SameLine();
  // issue 14: the name opens the person's details (name, role, from where, contact)
  const bool editing = app.plan_ui.editing_person == person.id;
  if (app.projecting()) ImGui::TextUnformatted(person.name.c_str());
  else if (ImGui::Selectable(person.name.c_str(), editing))
    app.plan_ui.editing_person = editing ? std::string() : person.id;
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
    app.send(participant_field(person->id, "name", edited));
  if (ImGui::BeginCombo(app.tr("people.role"), role_label(app, person->role))) {
    for (auto role : {ParticipantRole::Parent, ParticipantRole::Child, ParticipantRole::PrivateNetwork, ParticipantRole::Professional})
      if (ImGui::Selectable(role_label(app, role), role == person->role) && role != person->role)
        app.send(participant_field(person->id, "role", std::string(name_of(role))));
    ImGui::EndCombo();
  }
  const struct {
    const char* label;
    const char* field;
    const std::string& value;
  } rows[] = {{app.tr("people.organisation"), "organisation", person->organisation},
              {app.tr("people.phone"), "phone", person->phone},
              {app.tr("people.email"), "email", person->email},
              {app.tr("people.address"), "address", person->address}};
  for (const auto& row : rows)
    if (edit_text_field(app, row.label, std::string("person.") + row.field + "." + person->id, row.value, edited))
      app.send(participant_field(person->id, row.field, edited));
  ImGui::PopItemWidth();
  if (ImGui::Button(app.tr("people.remove"))) {
    Op op;
    op.kind = OpKind::RemoveParticipant;
    op.target = person->id;
    app.send(std::move(op));
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
    Op op;
    op.kind = OpKind::AddParticipant;
    op.target = "p-" + std::to_string(now_millis() % 1000000000) + "-" + std::to_string(++app.ids_made);
    op.value = {{"name", form.new_person}, {"role", name_of(form.new_role)}};
    app.send(std::move(op));
    form.new_person.clear();
  }
}

}  // namespace

void draw_participants_panel(App& app) {
  const Board& board = app.visible_board();
  std::map<std::string, bool> connected;
  for (const PresenceEntry& p : app.session->presence()) connected[p.participant_id] = p.connected;
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
