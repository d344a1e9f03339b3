// Details of the selected card: category, professional-only, owners, due date,
// status, agreement marks, pairing, delete. Each change becomes one op.
#include "app/gui/panels.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

void draw_category(App& app, const Card& card) {
  if (!ImGui::BeginCombo(app.tr("card.category"), category_label(app, card.category))) return;
  for (int i = 0; i <= static_cast<int>(Category::NextStep); ++i) {
    const Category c = static_cast<Category>(i);
    if (!category_fits(c, card.column)) continue;
    if (ImGui::Selectable(category_label(app, c), c == card.category) && c != card.category)
      app.send(ops::set_card_field(card.id, c));
  }
  ImGui::EndCombo();
}

void draw_step_fields(App& app, const Card& card) {
  const Board& board = app.session->board();
  ImGui::TextUnformatted(app.tr("card.owners"));
  for (const auto& [id, person] : board.participants) {
    if (person.removed) continue;
    bool owner = std::find(card.step.owners.begin(), card.step.owners.end(), id) != card.step.owners.end();
    if (ImGui::Checkbox((person.name + "##owner-" + id).c_str(), &owner)) {
      std::vector<std::string> owners = card.step.owners;
      if (owner) owners.push_back(id);
      else owners.erase(std::remove(owners.begin(), owners.end(), id), owners.end());
      app.send(ops::set_card_field(card.id, owners));
    }
  }
  std::string& due = app.board_ui.due_draft;
  if (app.board_ui.due_draft_for != card.id) due = card.step.due, app.board_ui.due_draft_for = card.id;
  if (ImGui::InputTextWithHint(app.tr("card.due"), "YYYY-MM-DD", &due, ImGuiInputTextFlags_EnterReturnsTrue) ||
      (ImGui::IsItemDeactivatedAfterEdit() && due != card.step.due))
    app.send(ops::set_card_field(card.id, ops::CardText::Due, due));
  if (ImGui::BeginCombo(app.tr("card.status"), status_label(app, card.step.status))) {
    for (StepStatus st : {StepStatus::Open, StepStatus::Done, StepStatus::NotDone, StepStatus::CarriedOn})
      if (ImGui::Selectable(status_label(app, st), st == card.step.status) && st != card.step.status)
        app.send(ops::set_card_field(card.id, st));
    ImGui::EndCombo();
  }
}

void draw_agreement(App& app, const Card& card) {
  const std::string& self = app.session->self_id();
  auto it = card.agreement.find(self);
  const Agreement mine = it == card.agreement.end() ? Agreement::None : it->second;
  auto mark = [&](const char* label, Agreement value) {
    ImGui::SameLine();
    if (ImGui::RadioButton(label, mine == value) && mine != value) app.send(ops::set_agreement(card.id, self, value));
  };
  ImGui::TextUnformatted(app.tr("card.my_agreement"));
  mark(app.tr("card.agree"), Agreement::Agree);
  mark(app.tr("card.disagree"), Agreement::Disagree);
  mark(app.tr("card.no_mark"), Agreement::None);
}

}  // namespace

void draw_card_editor(App& app) {
  const Card* card = app.session->board().find_card(app.board_ui.selected_card);
  if (!card || card->deleted) {
    ImGui::TextWrapped("%s", app.tr("card.none_selected"));
    ImGui::Separator();
    ImGui::TextWrapped("%s", app.tr("help.keyboard"));
    return;
  }
  ImGui::TextDisabled("%s \u2014 %s", column_title(app, card->column), app.name_of_participant(card->author).c_str());
  ImGui::TextWrapped("%s", card->text.c_str());
  if (ImGui::Button(app.tr("card.edit"))) {
    app.board_ui.draft = CardDraft{true, card->id, card->column, card->text, true, false};
    app.session->set_editing(card->id);
  }
  ImGui::Separator();
  draw_category(app, *card);
  bool professional_only = card->professional_only;
  if (ImGui::Checkbox(app.tr("card.professional_only_toggle"), &professional_only))
    app.send(ops::set_card_field(card->id, ops::CardFlag::ProfessionalOnly, professional_only));
  if (card->column == Column::NextSteps) draw_step_fields(app, *card);
  draw_agreement(app, *card);
  ImGui::Separator();
  if (ImGui::Button(app.tr("card.delete"))) {
    app.send(ops::delete_card(card->id));
    app.board_ui.selected_card.clear();
  }
}

}  // namespace tavle::gui
