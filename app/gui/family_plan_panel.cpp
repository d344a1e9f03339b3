// issue 14: the family plan panel: consent (said plainly while it is missing), our
// goals per person, who helps (with a mark where two actors serve one person), and
// each family member's agreement, recorded as what it was (own device, orally, on
// paper). Draws from the board and sends ops; the rules live in board/.
// [SECTION] small pieces
// [SECTION] consent
// [SECTION] goals
// [SECTION] who helps
// [SECTION] overview
// [SECTION] agreement
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "app/gui/panels.hpp"
#include "board/plan_ops.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] small pieces
// ---------------------------------------------------------------------------

std::string new_item_id(App& app, const char* prefix) {
  return std::string(prefix) + std::to_string(now_millis() % 1000000000) + "-" + std::to_string(++app.ids_made);
}

// Today in local time, "YYYY-MM-DD": the default date of consent and of a withdrawal.
std::string today_date() {
  const std::time_t seconds = static_cast<std::time_t>(now_millis() / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

// A part of the panel: a rule, then its name (ImGui 1.86 has no SeparatorText).
void section_title(const char* text) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(text);
}

void warn(App& app, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.colors().warn));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

// Puts the next small button beside the last item when its words fit there, else on a
// line of its own: the side panel is narrow and a button past its edge is cut off.
void beside_if_it_fits(const char* label) {
  ImGui::SameLine();
  const float needed = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  if (ImGui::GetContentRegionAvail().x < needed) ImGui::NewLine();
}

std::vector<const Participant*> family_of(const Board& board) {
  std::vector<const Participant*> out;
  for (const auto& [id, p] : board.participants)
    if (!p.removed && p.role != ParticipantRole::Professional) out.push_back(&p);
  return out;
}

std::string names(App& app, const std::vector<std::string>& ids) {
  if (ids.empty()) return app.tr("plan.whole_family");
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + app.name_of_participant(id);
  return out;
}

const std::vector<strings::PlanTheme>& plan_themes(App& app) {
  if (!app.plan_themes_loaded) {
    std::string warning;
    app.plan_themes = strings::load_plan_themes(find_assets_dir(), warning);
    app.plan_themes_loaded = true;
    if (!warning.empty()) std::fprintf(stderr, "tavle: plan themes: %s\n", warning.c_str());
  }
  return app.plan_themes;
}

// Ticks for the plan's themes (optional tags), like "for whom".
void pick_themes(App& app, const char* id, std::vector<std::string>& chosen) {
  if (plan_themes(app).empty()) return;
  ImGui::PushID(id);
  ImGui::TextDisabled("%s", app.tr("plan.themes"));
  for (const strings::PlanTheme& t : plan_themes(app)) {
    bool on = std::find(chosen.begin(), chosen.end(), t.id) != chosen.end();
    const std::string label = strings::theme_label(plan_themes(app), t.id, app.strings.lang());
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str()).x + ImGui::GetFontSize() * 2) ImGui::NewLine();
    if (ImGui::Checkbox(label.c_str(), &on)) {
      if (on) chosen.push_back(t.id);
      else chosen.erase(std::remove(chosen.begin(), chosen.end(), t.id), chosen.end());
    }
  }
  ImGui::PopID();
}

std::string theme_list(App& app, const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + strings::theme_label(plan_themes(app), id, app.strings.lang());
  return out;
}

// Ticks for "for whom": none ticked means the whole family.
void pick_family(App& app, const Board& board, const char* id, std::vector<std::string>& chosen) {
  ImGui::PushID(id);
  ImGui::TextDisabled("%s", app.tr("plan.for_whom"));
  for (const Participant* p : family_of(board)) {
    bool on = std::find(chosen.begin(), chosen.end(), p->id) != chosen.end();
    ImGui::SameLine();
    // A narrow panel: the next name on a line of its own rather than cut off at the edge.
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(p->name.c_str()).x + ImGui::GetFontSize() * 2) ImGui::NewLine();
    if (ImGui::Checkbox(p->name.c_str(), &on)) {
      if (on) chosen.push_back(p->id);
      else chosen.erase(std::remove(chosen.begin(), chosen.end(), p->id), chosen.end());
    }
    if (LayoutFacts::item_shown()) app.layout.note_control(std::string(id) + "." + p->id);
  }
  ImGui::PopID();
}

// ---------------------------------------------------------------------------
// [SECTION] consent
// ---------------------------------------------------------------------------

void draw_consent(App& app, const Board& board) {
  section_title(app.tr("plan.consent"));
  if (consent_missing(board)) warn(app, app.tr("plan.consent_missing"));
  for (const auto& [id, c] : board.consents) {
    if (c.deleted) continue;
    ImGui::PushID(id.c_str());
    std::string covers;
    for (const std::string& org : c.covers) covers += (covers.empty() ? "" : ", ") + org;
    ImGui::TextWrapped("%s, %s, %s%s%s", app.name_of_participant(c.given_by).c_str(),
                       app.tr(c.form == ConsentForm::Written ? "plan.consent_written" : "plan.consent_oral"),
                       c.at.c_str(), covers.empty() ? "" : ": ", covers.c_str());
    if (!c.withdrawn_at.empty()) {
      muted_wrapped("(" + std::string(app.tr("plan.consent_withdrawn")) + " " + c.withdrawn_at + ")");
    } else if (!app.projecting()) {
      // Its own line: beside a long list of organisations it would fall off a narrow panel.
      if (ImGui::SmallButton(app.tr("plan.consent_withdraw")))
        app.send(ops::withdraw_consent(id, today_date()));
    }
    ImGui::PopID();
  }
  if (app.projecting()) return;
  PlanUi& ui = app.plan_ui;
  // Who and how on one line, when and what it covers on the next, the button under them:
  // all on one line ran off the side panel at 1280x720.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth((ImGui::GetContentRegionAvail().x - gap) * 0.55f);
  const std::string who = ui.consent_by.empty() ? app.tr("plan.consent_who") : app.name_of_participant(ui.consent_by);
  if (ImGui::BeginCombo("##consent-by", who.c_str())) {
    for (const Participant* p : family_of(board))
      if (p->role != ParticipantRole::PrivateNetwork && ImGui::Selectable(p->name.c_str(), p->id == ui.consent_by))
        ui.consent_by = p->id;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const char* forms[] = {app.tr("plan.consent_written"), app.tr("plan.consent_oral")};
  ImGui::SetNextItemWidth(-1);
  ImGui::Combo("##consent-form", &ui.consent_form, forms, 2);
  if (ui.consent_at.empty()) ui.consent_at = today_date();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("2026-12-31").x + ImGui::GetStyle().FramePadding.x * 2 + gap);
  ImGui::InputTextWithHint("##consent-at", "YYYY-MM-DD", &ui.consent_at);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##consent-covers", app.tr("plan.consent_covers_hint"), &ui.consent_covers);
  const bool record = ImGui::Button(app.tr("plan.consent_record"));
  if (LayoutFacts::item_shown()) app.layout.note_control("plan.consent_record");
  if (record && !ui.consent_by.empty()) {
    std::vector<std::string> covers;
    std::string rest = ui.consent_covers + ",";
    for (std::size_t comma; (comma = rest.find(',')) != std::string::npos; rest.erase(0, comma + 1)) {
      std::string org = rest.substr(0, comma);
      org.erase(0, org.find_first_not_of(' '));
      org.erase(org.find_last_not_of(' ') + 1);
      if (!org.empty()) covers.push_back(org);
    }
    app.send(ops::add_consent(new_item_id(app, "k-"), ui.consent_by,
                              ui.consent_form == 0 ? ConsentForm::Written : ConsentForm::Oral, ui.consent_at,
                              std::move(covers)));
    ui.consent_covers.clear();
  }
}

// ---------------------------------------------------------------------------
// [SECTION] goals
// ---------------------------------------------------------------------------

void draw_goals(App& app, const Board& board) {
  section_title(app.tr("plan.goals"));
  for (const auto& [id, g] : board.goals) {
    if (g.deleted) continue;
    ImGui::PushID(id.c_str());
    bool reached = g.reached;
    if (ImGui::Checkbox("##reached", &reached) && !app.projecting())
      app.send(ops::set_goal_reached(id, reached));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.tr("plan.goal_reached"));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", g.text.c_str());
    muted_wrapped(std::string(app.tr("plan.for_whom")) + ": " + names(app, g.for_whom));
    if (!g.how_we_know.empty()) muted_wrapped(std::string(app.tr("plan.how_we_know")) + ": " + g.how_we_know);
    if (!g.themes.empty()) muted_wrapped(std::string(app.tr("plan.themes")) + ": " + theme_list(app, g.themes));
    if (!app.projecting()) {
      beside_if_it_fits(app.tr("plan.delete"));
      if (ImGui::SmallButton(app.tr("plan.delete"))) app.send(ops::delete_goal(id));
    }
    ImGui::PopID();
  }
  if (app.projecting()) return;
  PlanUi& ui = app.plan_ui;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##goal-text", app.tr("plan.goal_hint"), &ui.goal_text);
  if (LayoutFacts::item_shown()) app.layout.note_control("plan.goal_text");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##goal-how", app.tr("plan.how_we_know_hint"), &ui.goal_how);
  pick_family(app, board, "goal-for", ui.goal_for);
  pick_themes(app, "goal-themes", ui.goal_themes);
  const bool add = ImGui::Button(app.tr("plan.add_goal"));
  if (LayoutFacts::item_shown()) app.layout.note_control("plan.add_goal");
  if (add && !ui.goal_text.empty()) {
    app.send(ops::add_goal(new_item_id(app, "g-"), ui.goal_text,
                           {.for_whom = ui.goal_for, .how_we_know = ui.goal_how, .themes = ui.goal_themes}));
    ui.goal_themes.clear();
    ui.goal_text.clear();
    ui.goal_how.clear();
    ui.goal_for.clear();
  }
}

// ---------------------------------------------------------------------------
// [SECTION] who helps
// ---------------------------------------------------------------------------

void draw_interventions(App& app, const Board& board) {
  section_title(app.tr("plan.helps"));
  const std::vector<Overlap> overlaps = intervention_overlaps(board);
  for (const auto& [id, i] : board.interventions) {
    if (i.deleted) continue;
    ImGui::PushID(id.c_str());
    const std::string who = i.actor.empty() ? i.organisation : app.name_of_participant(i.actor);
    ImGui::TextWrapped("%s: %s", who.c_str(), i.text.c_str());
    muted_wrapped(std::string(app.tr("plan.for_whom")) + ": " + names(app, i.for_whom));
    if (!i.themes.empty()) muted_wrapped(std::string(app.tr("plan.themes")) + ": " + theme_list(app, i.themes));
    for (const Overlap& o : overlaps)
      if (std::find(o.interventions.begin(), o.interventions.end(), id) != o.interventions.end()) {
        const std::string person = o.person.empty() ? app.tr("plan.whole_family") : app.name_of_participant(o.person);
        warn(app, (std::string(app.tr("plan.overlap")) + " " + person).c_str());
      }
    if (!app.projecting()) {
      beside_if_it_fits(app.tr("plan.delete"));
      if (ImGui::SmallButton(app.tr("plan.delete"))) app.send(ops::delete_intervention(id));
    }
    ImGui::PopID();
  }
  if (app.projecting()) return;
  PlanUi& ui = app.plan_ui;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##help-text", app.tr("plan.help_hint"), &ui.help_text);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const std::string actor = ui.help_actor.empty() ? app.tr("plan.help_actor") : app.name_of_participant(ui.help_actor);
  if (ImGui::BeginCombo("##help-actor", actor.c_str())) {
    if (ImGui::Selectable(app.tr("plan.help_actor"), ui.help_actor.empty())) ui.help_actor.clear();
    for (const auto& [pid, p] : board.participants)
      if (!p.removed && ImGui::Selectable(p.name.c_str(), pid == ui.help_actor)) ui.help_actor = pid;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##help-org", app.tr("plan.help_org_hint"), &ui.help_org);
  pick_family(app, board, "help-for", ui.help_for);
  pick_themes(app, "help-themes", ui.help_themes);
  if (ImGui::Button(app.tr("plan.add_help")) && !ui.help_text.empty() &&
      !(ui.help_actor.empty() && ui.help_org.empty())) {
    app.send(ops::add_intervention(new_item_id(app, "i-"), ui.help_text,
                                   {.actor = ui.help_actor, .organisation = ui.help_org, .for_whom = ui.help_for,
                                    .status = InterventionStatus::Running, .themes = ui.help_themes}));
    ui.help_themes.clear();
    ui.help_text.clear();
    ui.help_for.clear();
  }
}

// ---------------------------------------------------------------------------
// [SECTION] overview
// ---------------------------------------------------------------------------

// Each family member at a glance (board's plan_overview): goals, who helps, the steps
// serving them, and a mark where several actors help the same person. A list per
// person, not a table: four columns in the side panel broke names inside words.
void draw_overview(App& app, const Board& board) {
  section_title(app.tr("plan.overview"));
  auto group = [&](const char* key, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    muted_wrapped(app.tr(key));
    for (const std::string& line : lines) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", line.c_str());
    }
  };
  for (const PersonOverview& o : plan_overview(board)) {
    ImGui::PushFont(app.fonts.ui_bold);
    ImGui::TextWrapped("%s", o.person.empty() ? app.tr("plan.whole_family") : app.name_of_participant(o.person).c_str());
    ImGui::PopFont();
    if (o.overlap) warn(app, app.tr("plan.overview_overlap"));
    ImGui::Indent();
    std::vector<std::string> goals, helps, steps;
    for (const std::string& id : o.goals) goals.push_back(board.goals.at(id).text);
    for (const std::string& id : o.interventions) {
      const Intervention& i = board.interventions.at(id);
      helps.push_back((i.actor.empty() ? i.organisation : app.name_of_participant(i.actor)) + ": " + i.text);
    }
    for (const std::string& id : o.steps) steps.push_back(board.cards.at(id).text);
    group("plan.goals", goals);
    group("plan.helps", helps);
    group("plan.overview_steps", steps);
    ImGui::Unindent();
    ImGui::Spacing();
  }
}

// ---------------------------------------------------------------------------
// [SECTION] agreement
// ---------------------------------------------------------------------------

void draw_agreement(App& app, const Board& board) {
  section_title(app.tr("plan.agreement"));
  for (const Participant* p : family_of(board)) {
    ImGui::PushID(p->id.c_str());
    auto signed_at = board.meeting.signoffs.find(p->id);
    if (signed_at == board.meeting.signoffs.end()) {
      ImGui::TextWrapped("%s: %s", p->name.c_str(), app.tr("plan.not_agreed"));
      if (!app.projecting()) {
        beside_if_it_fits(app.tr("plan.record_oral"));
        if (ImGui::SmallButton(app.tr("plan.record_oral"))) app.send(ops::record_signoff(p->id, SignoffForm::Oral));
        beside_if_it_fits(app.tr("plan.record_paper"));
        if (ImGui::SmallButton(app.tr("plan.record_paper"))) app.send(ops::record_signoff(p->id, SignoffForm::Paper));
      }
    } else {
      SignoffRecord r;
      if (auto f = board.meeting.signoff_forms.find(p->id); f != board.meeting.signoff_forms.end()) r = f->second;
      const char* how = r.form == SignoffForm::Oral    ? "plan.agreed_orally"
                        : r.form == SignoffForm::Paper ? "plan.signed_on_paper"
                        : r.recorded_by == p->id       ? "plan.agreed_own_device"
                                                       : "plan.agreement_recorded";
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.colors().ok));
      ImGui::TextWrapped("%s: %s", p->name.c_str(), app.tr(how));
      ImGui::PopStyleColor();
      if (!app.projecting()) {
        beside_if_it_fits(app.tr("plan.take_back"));
        if (ImGui::SmallButton(app.tr("plan.take_back"))) app.send(ops::sign_off(p->id, false));
      }
    }
    ImGui::PopID();
  }
}

}  // namespace

std::map<std::string, std::string> theme_words(App& app) {
  std::map<std::string, std::string> out;
  for (const strings::PlanTheme& t : plan_themes(app)) out[t.id] = strings::theme_label(plan_themes(app), t.id, app.strings.lang());
  return out;
}

void draw_family_plan_panel(App& app) {
  const Board& board = app.visible_board();
  draw_consent(app, board);
  draw_goals(app, board);
  draw_interventions(app, board);
  draw_overview(app, board);
  draw_agreement(app, board);
  draw_send_plan(app);
}

}  // namespace tavle::gui
