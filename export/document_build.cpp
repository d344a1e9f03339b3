// build_document(): the family plan and the minutes, section by section, in the
// order the meeting works through them.
#include <algorithm>

#include "board/followup.hpp"
#include "export/document_parts.hpp"

namespace tavle::exporting {
namespace {

std::string person_with_organisation(const Board& board, const std::string& id, const Strings& s) {
  if (id.empty()) return s.get("not_chosen");
  std::string out = person_name(board, id, s);
  if (const Participant* p = board.find_participant(id); p && !p->organisation.empty())
    out += " (" + clean_text(p->organisation) + ")";
  return out;
}

std::string consent_text(const Consent& consent, const Strings& s) {
  if (consent.given_by.empty()) return s.get("not_recorded");
  if (consent.at.empty()) return s.fill("consent_given_no_date", {{"who", clean_text(consent.given_by)}});
  return s.fill("consent_given", {{"who", clean_text(consent.given_by)}, {"when", format_date(consent.at, s)}});
}

Section meeting_section(const Board& board, const Strings& s) {
  const Meeting& m = board.meeting;
  Block fields;
  fields.kind = BlockKind::Fields;
  fields.fields.push_back(
      {s.get("family"), m.family_label.empty() ? s.get("not_recorded") : clean_text(m.family_label)});
  fields.fields.push_back(
      {s.get("date_label"), m.starts_at.empty() ? s.get("not_recorded") : format_date(m.starts_at, s)});
  fields.fields.push_back({s.get("kind"), s.get("kind_" + std::string(name_of(m.kind)))});
  if (!m.place.empty()) fields.fields.push_back({s.get("place"), clean_text(m.place)});
  if (!m.case_ref.empty()) fields.fields.push_back({s.get("case_ref"), clean_text(m.case_ref)});
  fields.fields.push_back({s.get("facilitator"), person_with_organisation(board, m.facilitator, s)});
  fields.fields.push_back({s.get("coordinator"), person_with_organisation(board, m.coordinator, s)});
  fields.fields.push_back({s.get("consent"), consent_text(m.consent, s)});
  return {s.get("section_meeting"), {fields}};
}

// Family first (parents, children, network), then professionals; by name within a role.
std::vector<const Participant*> participants_in_order(const Board& board) {
  std::vector<const Participant*> out;
  for (const auto& [id, p] : board.participants)
    if (!p.removed) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const Participant* a, const Participant* b) {
    return a->role != b->role ? a->role < b->role : a->name < b->name;
  });
  return out;
}

Section participants_section(const Board& board, const Strings& s) {
  Section section{s.get("section_participants"), {}};
  auto people = participants_in_order(board);
  if (people.empty()) {
    section.blocks.push_back(note(s.get("no_participants")));
    return section;
  }
  Block table;
  table.kind = BlockKind::Table;
  table.header = {s.get("name"), s.get("role"), s.get("organisation"), s.get("present")};
  for (const Participant* p : people)
    table.rows.push_back(
        {clean_text(p->name), role_text(p->role, s), clean_text(p->organisation), s.get(p->present ? "yes" : "no")});
  section.blocks.push_back(std::move(table));
  return section;
}

// The cards of a column, except those another section shows (danger statements,
// safety goals and next steps have their own).
Section column_section(const Board& board, Column column, const Strings& s) {
  Section section{column_heading(column, s), {note(s.get("intro_" + std::string(name_of(column))))}};
  bool any = false;
  for (const Card* card : board.column(column)) {
    if (card->category == Category::DangerStatement) continue;
    if (column == Column::NextSteps) {
      if (card->category == Category::SafetyGoal) continue;
      section.blocks.push_back(next_step_item(board, *card, s));
    } else {
      section.blocks.push_back(card_item(*card, s));
    }
    any = true;
  }
  if (!any) section.blocks.push_back(note(s.get(column == Column::NextSteps ? "no_steps" : "no_cards")));
  return section;
}

// A danger statement names its safety goal (paired_with); a goal may also name its statement.
const Card* goal_for(const Board& board, const Card& statement) {
  if (const Card* goal = board.find_card(statement.paired_with); goal && !goal->deleted) return goal;
  for (const Card* goal : board.column(Column::NextSteps))
    if (goal->category == Category::SafetyGoal && goal->paired_with == statement.id) return goal;
  return nullptr;
}

Section danger_section(const Board& board, const Strings& s) {
  Section section{s.get("section_danger"), {note(s.get("intro_danger"))}};
  std::vector<std::string> shown_goals;
  for (Column column : kColumns) {
    for (const Card* card : board.column(column)) {
      if (card->category != Category::DangerStatement) continue;
      Block item = card_item(*card, s);
      const Card* goal = goal_for(board, *card);
      item.fields.push_back({s.get("safety_goal"), goal ? clean_text(goal->text) : s.get("no_goal")});
      if (goal) shown_goals.push_back(goal->id);
      section.blocks.push_back(std::move(item));
    }
  }
  for (const Card* card : board.column(Column::NextSteps)) {
    bool shown = std::find(shown_goals.begin(), shown_goals.end(), card->id) != shown_goals.end();
    if (card->category == Category::SafetyGoal && !shown) section.blocks.push_back(card_item(*card, s));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_danger")));
  return section;
}

std::string rating_value_text(const Rating& rating, const Strings& s) {
  if (rating.hidden) return s.get("not_revealed");
  if (rating.value < 0) return s.get("no_rating");
  return std::to_string(rating.value);
}

Section scale_section(const Board& board, const Strings& s) {
  Section section{s.get("section_scale"), {}};
  Block question;
  question.kind = BlockKind::Fields;
  question.fields.push_back({s.get("scale_question"),
                             board.scale.question.empty() ? s.get("no_question") : clean_text(board.scale.question)});
  section.blocks.push_back(std::move(question));
  Block table;
  table.kind = BlockKind::Table;
  table.header = {s.get("name"), s.get("rating"), s.get("reason")};
  for (const Participant* p : participants_in_order(board)) {
    auto it = board.scale.ratings.find(p->id);
    if (it == board.scale.ratings.end()) continue;
    table.rows.push_back({clean_text(p->name), rating_value_text(it->second, s), clean_text(it->second.reason)});
  }
  // Ratings of people no longer on the board still belong to the meeting.
  for (const auto& [pid, rating] : board.scale.ratings) {
    const Participant* p = board.find_participant(pid);
    if (!p || p->removed)
      table.rows.push_back({person_name(board, pid, s), rating_value_text(rating, s), clean_text(rating.reason)});
  }
  if (table.rows.empty()) {
    section.blocks.push_back(note(s.get("no_ratings")));
    return section;
  }
  Block scale;
  scale.kind = BlockKind::Scale;
  for (const Participant* p : participants_in_order(board)) {
    auto it = board.scale.ratings.find(p->id);
    if (it != board.scale.ratings.end() && !it->second.hidden && it->second.value >= 0 && it->second.value <= 10)
      scale.marks.push_back({it->second.value, clean_text(p->name)});
  }
  if (!scale.marks.empty()) section.blocks.push_back(std::move(scale));
  section.blocks.push_back(std::move(table));
  return section;
}

Section next_meeting_section(const Board& board, const Strings& s) {
  const std::string& when = board.meeting.next_meeting;
  return {s.get("section_next_meeting"),
          {paragraph(when.empty() ? s.get("next_meeting_not_set")
                                  : s.fill("next_meeting_at", {{"when", format_date(when, s)}}))}};
}

Section approval_section(const Board& board, const Strings& s) {
  Section section{s.get("section_approval"), {}};
  const Approval& approval = board.meeting.approval;
  section.blocks.push_back(paragraph(approval.by.empty()
                                         ? s.get("not_approved")
                                         : s.fill("approved_by", {{"who", person_name(board, approval.by, s)},
                                                                  {"when", format_moment(approval.at, s)}})));
  if (board.meeting.signoffs.empty()) section.blocks.push_back(note(s.get("no_signoffs")));
  std::vector<std::pair<Millis, std::string>> in_signing_order;
  for (const auto& [pid, at] : board.meeting.signoffs) in_signing_order.emplace_back(at, pid);
  std::sort(in_signing_order.begin(), in_signing_order.end());
  for (const auto& [at, pid] : in_signing_order)
    section.blocks.push_back(
        paragraph(s.fill("signed_by", {{"who", person_name(board, pid, s)}, {"when", format_moment(at, s)}})));
  return section;
}

}  // namespace

Document build_document(const Board& board, const Board* previous, ExportKind kind, const Strings& s) {
  Document doc;
  doc.lang = s.lang();
  bool minutes = kind == ExportKind::Minutes;
  doc.title = s.get(minutes ? "title_minutes" : "title_plan");
  doc.subtitle = clean_text(board.meeting.family_label);
  if (!board.meeting.starts_at.empty())
    doc.subtitle += (doc.subtitle.empty() ? "" : " · ") + format_date(board.meeting.starts_at.substr(0, 10), s);
  doc.intro = s.get(minutes ? "subtitle_minutes" : "subtitle_plan");
  doc.page_of = s.get("page_of");

  doc.sections.push_back(meeting_section(board, s));
  doc.sections.push_back(participants_section(board, s));
  if (minutes) {
    doc.sections.push_back(review_section(board, s));
    doc.sections.push_back(changes_section(board, previous, s));
    doc.sections.push_back(trend_section(board, previous, s));  // issue 15
  } else if (!followup_steps(board).empty()) {
    doc.sections.push_back(reached_section(board, s));  // issue 15
  }
  doc.sections.push_back(child_voice_section(board, s));  // issue 15: the child's own place
  doc.sections.push_back(column_section(board, Column::WorkingWell, s));
  doc.sections.push_back(column_section(board, Column::Worries, s));
  doc.sections.push_back(danger_section(board, s));
  if (!board.bottom_lines.empty()) doc.sections.push_back(bottom_lines_section(board, s));  // issue 15: apart from the goals
  doc.sections.push_back(column_section(board, Column::NextSteps, s));
  if (!board.safe_adults.empty()) doc.sections.push_back(network_section(board, s));  // issue 15
  doc.sections.push_back(scale_section(board, s));
  doc.sections.push_back(next_meeting_section(board, s));
  doc.sections.push_back(approval_section(board, s));
  if (!board.acute_plan.empty()) doc.sections.push_back(acute_plan_section(board, s));  // issue 15: last, its own page
  return doc;
}

}  // namespace tavle::exporting
