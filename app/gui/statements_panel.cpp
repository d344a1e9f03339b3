// Danger statements paired with the safety goals that answer them: the heart of
// the plan. A statement without a goal is flagged, and a goal can be picked.
#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

std::vector<const Card*> cards_of(const Board& board, Column column, Category category) {
  std::vector<const Card*> out;
  for (const Card* c : board.column(column))
    if (c->category == category) out.push_back(c);
  return out;
}

void draw_pairing(App& app, const Card& statement, const std::vector<const Card*>& goals) {
  const Card* goal = app.visible_board().find_card(statement.paired_with);
  const std::string preview = goal && !goal->deleted ? goal->text.substr(0, 60) : app.tr("plan.no_goal");
  ImGui::PushID(statement.id.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##goal", preview.c_str())) {
    for (const Card* g : goals)
      if (ImGui::Selectable(g->text.substr(0, 80).c_str(), g->id == statement.paired_with) && g->id != statement.paired_with) {
        app.send(ops::set_card_field(statement.id, ops::CardText::PairedWith, g->id));
      }
    ImGui::EndCombo();
  }
  ImGui::PopID();
}

}  // namespace

void draw_statements_panel(App& app) {
  const Board& board = app.visible_board();
  const auto statements = cards_of(board, Column::Worries, Category::DangerStatement);
  const auto goals = cards_of(board, Column::NextSteps, Category::SafetyGoal);
  const Palette& p = app.colors();
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("plan.title"));
  ImGui::PopFont();
  if (statements.empty()) ImGui::TextWrapped("%s", app.tr("plan.none"));
  for (const Card* statement : statements) {
    ImGui::Separator();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.column_band[1]), "%s", app.tr("category.danger_statement"));
    ImGui::TextWrapped("%s", statement->text.c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.column_band[2]), "\u2192 %s", app.tr("category.safety_goal"));
    const Card* goal = board.find_card(statement->paired_with);
    if (goal && !goal->deleted) ImGui::TextWrapped("%s", goal->text.c_str());
    if (!app.projecting()) draw_pairing(app, *statement, goals);
  }
}

}  // namespace tavle::gui
