// Words the family suggested from their tablet: the facilitator accepts them into
// a column (optionally edited first) or declines them. Each is one ResolveSuggestion op.
#include "app/gui/panels.hpp"
#include "app/gui/text_field.hpp"

namespace tavle::gui {
namespace {

void resolve(App& app, const Suggestion& s, bool accept, Column column, const std::string& text) {
  if (accept)
    app.send(ops::accept_suggestion(s.id, new_card_id(app), column,
                                    text != s.text ? std::optional<std::string>(text) : std::nullopt));
  else
    app.send(ops::decline_suggestion(s.id));
}

void draw_suggestion(App& app, const Suggestion& s) {
  ImGui::PushID(s.id.c_str());
  ImGui::Separator();
  ImGui::TextDisabled("%s \u2192 %s", app.name_of_participant(s.author).c_str(), column_title(app, s.column));
  // issue 15: accepting a child's words makes a card in the child's name, quoted in the plan.
  if (const Participant* p = app.visible_board().find_participant(s.author); p && p->role == ParticipantRole::Child)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.colors().accent), "%s", app.tr("suggestions.childs_words"));
  std::string& text = app.board_ui.suggestion_edits[s.id];
  if (text.empty()) text = s.text;
  std::string edited;
  ImGui::SetNextItemWidth(-1);
  if (edit_text_field(app, "##text", "suggestion." + s.id, text, edited)) text = edited;
  ImGui::TextUnformatted(app.tr("suggestions.accept_into"));
  for (Column c : kColumns) {  // one button per column, stacked: column titles are long
    ImGui::PushID(column_index(c));
    if (ImGui::SmallButton(column_title(app, c))) resolve(app, s, true, c, text);
    ImGui::PopID();
  }
  if (ImGui::SmallButton(app.tr("suggestions.decline"))) resolve(app, s, false, s.column, text);
  ImGui::PopID();
}

}  // namespace

void draw_suggestions_panel(App& app) {
  const Board& board = app.visible_board();
  std::size_t pending = 0;
  for (const auto& [id, s] : board.suggestions)
    if (s.state == SuggestionState::Pending) {
      draw_suggestion(app, s);
      ++pending;
    }
  if (pending == 0) ImGui::TextWrapped("%s", app.tr("suggestions.none"));
}

}  // namespace tavle::gui
