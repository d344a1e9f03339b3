// issue 15: the follow-up view. A meeting continued from the last one opens on
// last time's agreements, one by one: who, by when, overdue or not, what the last
// meeting said, and this meeting's mark (done, not done with a short why, carried
// on). The room's window shows the same list in large type; the facilitator marks
// with the mouse or the keyboard (Up/Down, D, N, C; Esc to the board), also in
// one-window projection, where there are no buttons.
// [SECTION] ops   [SECTION] one agreement   [SECTION] keys   [SECTION] the trend   [SECTION] the view
#include <GLFW/glfw3.h>

#include "app/gui/panels.hpp"
#include "app/gui/text_field.hpp"
#include "board/continuity.hpp"
#include "board/followup.hpp"
#include "board/ops.hpp"

namespace tavle::gui {
namespace {

// [SECTION] ops

void send_review(App& app, const Card& card, StepStatus outcome, const std::string& why) {
  app.send(ops::review_step(card.id, outcome, why));
}

std::string people(const App& app, const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + app.name_of_participant(id);
  return out.empty() ? app.tr("followup.nobody") : out;
}

ImU32 outcome_colour(const Palette& p, StepStatus s) {
  switch (s) {
    case StepStatus::Done: return p.ok;
    case StepStatus::NotDone: return p.warn;
    case StepStatus::CarriedOn: return p.accent;
    case StepStatus::Open: break;
  }
  return p.muted;
}

// [SECTION] one agreement

// A mark button: filled when it is the step's outcome, so the room sees the choice.
bool mark_button(App& app, const char* key, const std::string& card_id, bool chosen, ImU32 colour) {
  if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(colour));
  const std::string label = std::string(app.tr(key)) + "##" + card_id;
  const bool clicked = ImGui::Button(label.c_str());
  if (chosen) ImGui::PopStyleColor();
  if (LayoutFacts::item_shown()) app.layout.note_control(std::string(key) + ":" + card_id, app.tr(key));
  return clicked;
}

// Draws one agreement; returns whether it was clicked (it becomes the keys' row).
bool draw_step(App& app, const Board& board, const Card& card, bool selected, bool controls) {
  const Palette& p = app.colors();
  const bool big = app.projecting() || app.drawing_room;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float s = app.scale();
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::Indent(14 * s);
  ImGui::Dummy(ImVec2(0, 6 * s));
  ImGui::PushFont(big ? app.fonts.big_card : app.fonts.card);
  ImGui::PushTextWrapPos(top.x + width - 14 * s);
  ImGui::TextUnformatted(card.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (big) ImGui::PushFont(app.fonts.card);
  std::string facts = std::string(app.tr("followup.who")) + ": " + people(app, card.step.owners);
  if (!card.step.due.empty()) facts += "   " + std::string(app.tr("followup.due")) + ": " + card.step.due;
  ImGui::TextUnformatted(facts.c_str());
  if (is_overdue(board, card)) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.warn), "! %s", app.tr("followup.overdue"));
    if (!app.drawing_room && LayoutFacts::item_shown()) app.layout.note_control("followup.overdue:" + card.id);
  }
  if (!card.last_review.empty()) {
    std::string last = std::string(app.tr("followup.last_time")) + ": " + status_label(app, card.last_review.outcome);
    if (!card.last_review.why.empty()) last += " \u2014 " + card.last_review.why;
    ImGui::TextDisabled("%s", last.c_str());
  }
  const StepStatus outcome = card.review.outcome;
  if (controls) {
    if (mark_button(app, "followup.mark_done", card.id, outcome == StepStatus::Done, p.ok))
      send_review(app, card, StepStatus::Done, "");
    ImGui::SameLine();
    if (mark_button(app, "followup.mark_not_done", card.id, outcome == StepStatus::NotDone, p.warn)) {
      send_review(app, card, StepStatus::NotDone, card.review.why);
      app.board_ui.followup_focus_why = card.id;
    }
    ImGui::SameLine();
    if (mark_button(app, "followup.mark_carried_on", card.id, outcome == StepStatus::CarriedOn, p.accent))
      send_review(app, card, StepStatus::CarriedOn, card.review.why);
    if (outcome == StepStatus::NotDone) {
      ImGui::SameLine();
      if (app.board_ui.followup_focus_why == card.id) {
        ImGui::SetKeyboardFocusHere();
        app.board_ui.followup_focus_why.clear();
      }
      ImGui::SetNextItemWidth(std::max(120 * s, ImGui::GetContentRegionAvail().x - 14 * s));
      std::string why;
      if (edit_text_field(app, ("##why-" + card.id).c_str(), "followup.why:" + card.id, card.review.why, why,
                          app.tr("followup.why_hint")))
        send_review(app, card, StepStatus::NotDone, why);
      if (LayoutFacts::item_shown()) app.layout.note_control("followup.why:" + card.id);
    }
  } else if (outcome != StepStatus::Open) {
    std::string mark = status_label(app, outcome);
    if (!card.review.why.empty()) mark += " \u2014 " + card.review.why;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(outcome_colour(p, outcome)), "\u25CF %s", mark.c_str());
  }
  if (big) ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 6 * s));
  ImGui::Unindent(14 * s);
  const ImVec2 bottom(top.x + width, ImGui::GetCursorScreenPos().y);
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(top, bottom, p.card, 8 * s);
  dl->AddRectFilled(top, ImVec2(top.x + 6 * s, bottom.y), outcome_colour(p, outcome), 8 * s, ImDrawFlags_RoundCornersLeft);
  dl->AddRect(top, bottom, selected && !app.drawing_room ? p.accent : p.card_border, 8 * s, 0, selected ? 3.0f : 1.0f);
  dl->ChannelsMerge();
  if (!app.drawing_room && LayoutFacts::shown(top, bottom)) app.layout.cards.push_back({card.id, Column::NextSteps, top, bottom, p.card});
  ImGui::Dummy(ImVec2(0, 8 * s));
  return ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::IsMouseHoveringRect(top, bottom) && ImGui::IsWindowHovered();
}

// [SECTION] keys

bool pressed(int key) { return ImGui::IsKeyPressed(key, false); }

void handle_keys(App& app, const std::vector<const Card*>& steps) {
  BoardUi& ui = app.board_ui;
  if (ImGui::GetIO().WantTextInput || ImGui::GetIO().KeyCtrl) return;  // typing a why, or a Ctrl shortcut
  if (pressed(GLFW_KEY_ESCAPE)) {
    ui.followup_open = false;
    return;
  }
  if (steps.empty()) return;
  if (pressed(GLFW_KEY_DOWN)) ui.followup_row = std::min<int>(ui.followup_row + 1, static_cast<int>(steps.size()) - 1);
  if (pressed(GLFW_KEY_UP)) ui.followup_row = std::max(ui.followup_row - 1, 0);
  ui.followup_scroll |= pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_UP);
  const Card& card = *steps[static_cast<std::size_t>(ui.followup_row)];
  if (pressed(GLFW_KEY_D)) send_review(app, card, StepStatus::Done, "");
  if (pressed(GLFW_KEY_C) || pressed(GLFW_KEY_F)) send_review(app, card, StepStatus::CarriedOn, card.review.why);  // F: "fortsætter"
  if (pressed(GLFW_KEY_N)) {
    send_review(app, card, StepStatus::NotDone, card.review.why);
    ui.followup_focus_why = card.id;  // the short why is typed next, Enter keeps it
  }
}

// [SECTION] the trend

// The family's meetings side by side: the safety scale's average (a dot on 0-10)
// and the agreements kept (a bar: done of those followed up), so the room sees
// where things are going, not only where they are.
void draw_trend(App& app, const Board& board, float width, float height) {
  std::vector<ScalePoint> points = app.scale_history;
  points.push_back(scale_point(board));
  const Palette& p = app.colors();
  const float s = app.scale();
  ImFont* font = app.fonts.ui;
  ImGui::TextUnformatted(app.tr("followup.trend"));
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + width, min.y + height);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(min, max, p.card_border);
  const float chart_h = height - font->FontSize - 6 * s;
  const float slot = width / static_cast<float>(points.size());
  ImVec2 previous;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const ScalePoint& pt = points[i];
    const float x = min.x + slot * (static_cast<float>(i) + 0.5f);
    const float bottom = min.y + chart_h;
    if (pt.steps_followed > 0) {
      const float full = chart_h * 0.9f;
      const float done = full * static_cast<float>(pt.steps_done) / static_cast<float>(pt.steps_followed);
      dl->AddRectFilled(ImVec2(x - 10 * s, bottom - full), ImVec2(x + 10 * s, bottom), p.column_tint[2]);
      dl->AddRectFilled(ImVec2(x - 10 * s, bottom - done), ImVec2(x + 10 * s, bottom), p.ok);
      const std::string n = std::to_string(pt.steps_done) + "/" + std::to_string(pt.steps_followed);
      dl->AddText(font, font->FontSize * 0.8f, ImVec2(x + 12 * s, bottom - font->FontSize), p.text, n.c_str());
    }
    if (pt.highest >= 0) {
      const ImVec2 at(x, bottom - chart_h * static_cast<float>(pt.average) / 10.0f);
      if (i > 0 && points[i - 1].highest >= 0) dl->AddLine(previous, at, p.accent, 2.5f * s);
      dl->AddCircleFilled(at, 5 * s, p.accent);
      previous = at;
    }
    const std::string date = pt.date.size() >= 10 ? pt.date.substr(0, 10) : pt.date;
    dl->AddText(font, font->FontSize * 0.8f, ImVec2(x - font->FontSize * 2, bottom + 2 * s), p.muted, date.c_str());
  }
  ImGui::Dummy(ImVec2(width, height));
  if (!app.drawing_room) app.layout.note_control("followup.trend");
}

}  // namespace

// [SECTION] the view

bool followup_wanted(App& app) {
  BoardUi& ui = app.board_ui;
  const Board& board = app.session->board();
  // Decided once per meeting opened: a continued meeting with carried steps opens
  // here for the one who leads it (a joined professional follows the facilitator
  // and finds the follow-up in the top bar).
  if (ui.followup_decided_for != board.meeting.id || board.meeting.id.empty()) {
    ui.followup_decided_for = board.meeting.id;
    ui.followup_open = !app.session->can_follow() && !board.meeting.previous_meeting_id.empty() &&
                       !followup_steps(board).empty();
    ui.followup_row = 0;
  }
  return ui.followup_open;
}

void draw_followup_view(App& app, ImVec2 size) {
  const Board& board = app.visible_board();
  const std::vector<const Card*> steps = followup_steps(board);
  BoardUi& ui = app.board_ui;
  if (ui.followup_row >= static_cast<int>(steps.size())) ui.followup_row = std::max(0, static_cast<int>(steps.size()) - 1);
  if (!app.drawing_room) handle_keys(app, steps);
  const float s = app.scale();
  const bool controls = !app.drawing_room && !app.projecting();
  ImGui::BeginChild("followup", size, false);
  ImGui::Indent(16 * s);
  ImGui::Dummy(ImVec2(0, 8 * s));
  ImGui::PushFont(app.projecting() || app.drawing_room ? app.fonts.big_heading : app.fonts.heading);
  ImGui::TextUnformatted(app.tr("followup.title"));
  ImGui::PopFont();
  const FollowUpCount n = followup_count(board);
  std::string summary = std::to_string(n.total() - n.open) + " / " + std::to_string(n.total()) + " " +
                        app.tr("followup.marked") + "   \u2713 " + std::to_string(n.done) + "   \u2717 " +
                        std::to_string(n.not_done) + "   \u21BB " + std::to_string(n.carried_on);
  ImGui::TextUnformatted(summary.c_str());
  if (controls) {
    ImGui::SameLine();
    if (ImGui::Button(app.tr("followup.to_board"))) ui.followup_open = false;
    app.layout.note_control("followup.to_board", app.tr("followup.to_board"));
    ImGui::TextDisabled("%s", app.tr("followup.keys"));
  }
  if (!app.drawing_room) app.layout.note_control("followup.view");
  ImGui::Dummy(ImVec2(0, 6 * s));
  draw_trend(app, board, std::min(560 * s, size.x * 0.6f), 110 * s);  // issue 15: the family's meetings side by side
  ImGui::Dummy(ImVec2(0, 6 * s));
  ImGui::BeginChild("followup-steps", ImVec2(0, 0), false);
  ImGui::PushItemWidth(-1);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    ImGui::PushID(steps[i]->id.c_str());
    const bool selected = static_cast<int>(i) == ui.followup_row;
    if (draw_step(app, board, *steps[i], selected, controls) && controls) ui.followup_row = static_cast<int>(i);
    if (selected && !app.drawing_room && ui.followup_scroll) ImGui::SetScrollHereY(0.5f), ui.followup_scroll = false;
    ImGui::PopID();
  }
  if (steps.empty()) ImGui::TextDisabled("%s", app.tr("followup.nothing"));
  ImGui::PopItemWidth();
  ImGui::EndChild();
  ImGui::Unindent(16 * s);
  ImGui::EndChild();
}

}  // namespace tavle::gui
