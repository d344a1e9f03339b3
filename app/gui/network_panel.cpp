// issue 15: the safety plan on the board. The family's safe adults (relation, how
// to reach them, what they commit to: a next step can be given to one of them),
// the authority's bottom lines kept apart from the family's goals, and the acute
// plan: who to call, day and night. Each change is one set_entry op.
#include "app/gui/panels.hpp"
#include "board/network.hpp"
#include "board/ops.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

constexpr const char* kWhen[] = {"day", "night", "always"};

std::string fresh_id(App& app, const char* prefix) { return prefix + new_card_id(app).substr(2); }

bool remove_button(App& app, PlanList list, const std::string& id) {
  if (app.projecting()) return false;
  ImGui::PushID(id.c_str());
  const bool clicked = ImGui::SmallButton(app.tr("network.remove"));
  ImGui::PopID();
  if (clicked) app.send(ops::remove_entry(list, id));
  return clicked;
}

bool field(App& app, const char* id, const char* hint_key, std::string& text) {
  ImGui::SetNextItemWidth(-1);
  return ImGui::InputTextWithHint(id, app.tr(hint_key), &text);
}

void draw_safe_adults(App& app, const Board& board) {
  part_title(app, "network.safe_adults");
  for (const auto& [id, a] : board.safe_adults) {
    ImGui::TextWrapped("%s%s%s", a.name.c_str(), a.relation.empty() ? "" : " \u2014 ", a.relation.c_str());
    if (!a.contact.empty()) muted_wrapped(a.contact);
    if (!a.commits.empty()) ImGui::TextWrapped("%s %s", app.tr("network.commits"), a.commits.c_str());
    remove_button(app, PlanList::SafeAdults, id);
  }
  if (board.safe_adults.empty()) muted_wrapped(app.tr("network.no_safe_adults"));
  if (app.projecting()) return;
  NetworkDrafts& d = app.board_ui.network_drafts;
  field(app, "##adult-name", "network.name_hint", d.name);
  field(app, "##adult-relation", "network.relation_hint", d.relation);
  field(app, "##adult-contact", "network.contact_hint", d.contact);
  field(app, "##adult-commits", "network.commits_hint", d.commits);
  ImGui::BeginDisabled(d.name.find_first_not_of(' ') == std::string::npos);
  if (ImGui::Button(app.tr("network.add_adult"))) {
    app.send(ops::set_entry(fresh_id(app, "sa-"),
                            SafeAdult{.name = d.name, .relation = d.relation, .contact = d.contact, .commits = d.commits}));
    d.name.clear(), d.relation.clear(), d.contact.clear(), d.commits.clear();
  }
  ImGui::EndDisabled();
}

void draw_bottom_lines(App& app, const Board& board) {
  part_title(app, "network.bottom_lines");
  muted_wrapped(app.tr("network.bottom_lines_note"));
  for (const auto& [id, line] : board.bottom_lines) {
    ImGui::TextWrapped("\u25A0 %s", line.text.c_str());
    remove_button(app, PlanList::BottomLines, id);
  }
  if (app.projecting()) return;
  NetworkDrafts& d = app.board_ui.network_drafts;
  field(app, "##bottom", "network.bottom_line_hint", d.bottom_line);
  ImGui::BeginDisabled(d.bottom_line.find_first_not_of(' ') == std::string::npos);
  if (ImGui::Button(app.tr("network.add_bottom_line"))) {
    app.send(ops::set_entry(fresh_id(app, "b-"), BottomLine{.text = d.bottom_line, .by = {}}));
    d.bottom_line.clear();
  }
  ImGui::EndDisabled();
}

void draw_acute_plan(App& app, const Board& board) {
  part_title(app, "network.acute");
  for (const char* when : kWhen)
    for (const auto& [id, c] : board.acute_plan)
      if (c.when == when) {
        ImGui::TextWrapped("%s: %s  %s", app.tr((std::string("network.when_") + when).c_str()), c.who.c_str(),
                           c.phone.c_str());
        if (!c.what.empty()) muted_wrapped(c.what);
        remove_button(app, PlanList::AcutePlan, id);
      }
  if (board.acute_plan.empty()) muted_wrapped(app.tr("network.no_acute"));
  if (app.projecting()) return;
  NetworkDrafts& d = app.board_ui.network_drafts;
  field(app, "##acute-who", "network.who_hint", d.who);
  field(app, "##acute-phone", "network.phone_hint", d.phone);
  field(app, "##acute-what", "network.what_hint", d.what);
  for (int i = 0; i < 3; ++i) {
    if (i) ImGui::SameLine();
    ImGui::RadioButton(app.tr((std::string("network.when_") + kWhen[i]).c_str()), &d.when, i);
  }
  ImGui::BeginDisabled(d.who.find_first_not_of(' ') == std::string::npos);
  if (ImGui::Button(app.tr("network.add_acute"))) {
    app.send(ops::set_entry(fresh_id(app, "a-"),
                            AcuteContact{.who = d.who, .phone = d.phone, .when = kWhen[d.when], .what = d.what}));
    d.who.clear(), d.phone.clear(), d.what.clear();
  }
  ImGui::EndDisabled();
}

}  // namespace

void draw_network_panel(App& app) {
  const Board& board = app.visible_board();
  draw_safe_adults(app, board);
  draw_bottom_lines(app, board);
  draw_acute_plan(app, board);
}

}  // namespace tavle::gui
