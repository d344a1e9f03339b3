// issue 15: the child's own place on the board. What the child said in the
// meeting, said to someone beforehand, drew or wrote, with who heard it and when;
// the cards made from the child's own suggestions; and a form to write the
// child's words in. Each change is one set_entry op (board/network.hpp).
#include "app/gui/panels.hpp"
#include "board/network.hpp"
#include "board/ops.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

constexpr VoiceHow kHows[] = {VoiceHow::SaidInMeeting, VoiceHow::SaidBefore, VoiceHow::Drawn, VoiceHow::Written};
constexpr const char* kHouses[] = {"", "good", "worries", "dreams"};

std::string how_label(const App& app, VoiceHow how) { return app.tr(("voice." + std::string(name_of(how))).c_str()); }
std::string house_label(const App& app, const std::string& house) {
  return app.tr(("voice.house_" + (house.empty() ? std::string("none") : house)).c_str());
}

std::vector<const Participant*> children(const Board& board) {
  std::vector<const Participant*> out;
  for (const auto& [id, p] : board.participants)
    if (!p.removed && p.role == ParticipantRole::Child) out.push_back(&p);
  return out;
}

void draw_words(App& app, const std::string& id, const ChildWords& w) {
  ImGui::PushID(id.c_str());
  ImGui::Separator();
  ImGui::PushFont(app.fonts.card);
  ImGui::TextWrapped("\u201C%s\u201D", w.text.c_str());
  ImGui::PopFont();
  std::string about = app.name_of_participant(w.child) + " \u00B7 " + how_label(app, w.how);
  if (!w.house.empty()) about += " \u00B7 " + house_label(app, w.house);
  muted_wrapped(about);
  std::string heard = w.heard_by;
  if (!w.on.empty()) heard += (heard.empty() ? "" : ", ") + w.on;
  if (!heard.empty()) muted_wrapped(std::string(app.tr("voice.heard_by")) + " " + heard);
  if (!app.projecting() && ImGui::SmallButton(app.tr("voice.remove"))) app.send(ops::remove_entry(PlanList::ChildVoice, id));
  ImGui::PopID();
}

void draw_form(App& app, const Board& board) {
  VoiceDraft& d = app.board_ui.voice_draft;
  const auto kids = children(board);
  if (kids.empty()) {
    ImGui::TextWrapped("%s", app.tr("voice.no_child"));
    return;
  }
  if (d.child.empty() || !board.find_participant(d.child)) d.child = kids.front()->id;
  part_title(app, "voice.add_title");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##child", app.name_of_participant(d.child).c_str())) {
    for (const Participant* p : kids)
      if (ImGui::Selectable(p->name.c_str(), p->id == d.child)) d.child = p->id;
    ImGui::EndCombo();
  }
  ImGui::InputTextMultiline("##words", &d.text, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));
  if (LayoutFacts::item_shown()) app.layout.note_control("voice.words");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##how", how_label(app, d.how).c_str())) {
    for (VoiceHow how : kHows)
      if (ImGui::Selectable(how_label(app, how).c_str(), how == d.how)) d.how = how;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##house", house_label(app, d.house).c_str())) {
    for (const char* house : kHouses)
      if (ImGui::Selectable(house_label(app, house).c_str(), d.house == house)) d.house = house;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##heard", app.tr("voice.heard_by_hint"), &d.heard_by);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##on", app.tr("voice.on_hint"), &d.on);
  ImGui::BeginDisabled(d.text.find_first_not_of(" \n\t") == std::string::npos);
  if (ImGui::Button(app.tr("voice.add"))) {
    app.send(ops::set_entry("v-" + new_card_id(app).substr(2),
                            ChildWords{.child = d.child, .text = d.text, .how = d.how, .heard_by = d.heard_by,
                                       .on = d.on, .house = d.house, .by = {}}));
    const std::string child = d.child;  // the next words are most likely the same child's
    d = VoiceDraft{};
    d.child = child;
  }
  ImGui::EndDisabled();
  if (LayoutFacts::item_shown()) app.layout.note_control("voice.add");
}

}  // namespace

void draw_child_voice_panel(App& app) {
  const Board& board = app.visible_board();
  ImGui::PushFont(app.fonts.ui_bold);
  ImGui::TextUnformatted(app.tr("voice.title"));
  ImGui::PopFont();
  ImGui::TextWrapped("%s", app.tr("voice.intro"));
  for (const auto& [id, w] : board.child_voice) draw_words(app, id, w);
  const auto cards = cards_in_childs_words(board);
  if (!cards.empty()) {
    part_title(app, "voice.on_board");
    for (const Card* c : cards) {
      ImGui::TextWrapped("\u201C%s\u201D", c->text.c_str());
      ImGui::TextDisabled("%s \u00B7 %s", app.name_of_participant(c->author).c_str(), column_title(app, c->column));
    }
  }
  if (board.child_voice.empty() && cards.empty()) muted_wrapped(app.tr("voice.none"));
  if (!app.projecting()) draw_form(app, board);
}

}  // namespace tavle::gui
