// issue 15: the follow-up of last time's agreements in the documents. In the
// minutes each carried step says how this meeting marked it (by whom, why) and
// what the last meeting said; the plan opens with what was reached since the
// last plan, so the family reads their progress before the new agreements.
#include <cstdio>

#include "board/continuity.hpp"
#include "board/followup.hpp"
#include "export/document_parts.hpp"

namespace tavle::exporting {

void add_followup_fields(const Board& board, const Card& card, Block& item, const Strings& s) {
  const StepReview& r = card.review;
  if (r.outcome != StepStatus::Open && !item.fields.empty())
    item.fields.back().value =
        s.fill("followup_by", {{"status", status_text(r.outcome, s)}, {"who", person_name(board, r.by, s)}});
  else if (!item.fields.empty())
    item.fields.back().value += " \u2014 " + s.get("not_followed_up");
  if (!r.why.empty()) item.fields.push_back({s.get("why"), clean_text(r.why)});
  const StepReview& last = card.last_review;
  if (last.outcome != StepStatus::Open) {
    std::string said = status_text(last.outcome, s);
    if (!last.why.empty()) said += ": " + clean_text(last.why);
    item.fields.push_back({s.get("last_time"), said});
  }
}

Section trend_section(const Board& board, const Board* previous, const Strings& s) {
  Section section{s.get("section_trend"), {}};
  Block table;
  table.kind = BlockKind::Table;
  table.header = {s.get("date_label"), s.get("trend_scale"), s.get("trend_done")};
  for (const Board* b : {previous, &board}) {
    if (!b) continue;
    const ScalePoint p = scale_point(*b);
    char average[16];
    std::snprintf(average, sizeof average, "%.1f", p.average);
    table.rows.push_back({p.date.empty() ? s.get("not_recorded") : format_date(p.date, s),
                          p.highest < 0 ? s.get("no_rating") : std::string(average),
                          p.steps_followed == 0 ? "\u2014"
                                                : std::to_string(p.steps_done) + "/" + std::to_string(p.steps_followed)});
  }
  section.blocks.push_back(note(s.get("intro_trend")));
  section.blocks.push_back(std::move(table));
  return section;
}

Section reached_section(const Board& board, const Strings& s) {
  Section section{s.get("section_reached"), {}};
  const FollowUpCount n = followup_count(board);
  section.blocks.push_back(paragraph(s.fill("reached_summary", {{"total", std::to_string(n.total())},
                                                                {"done", std::to_string(n.done)},
                                                                {"not_done", std::to_string(n.not_done)},
                                                                {"carried_on", std::to_string(n.carried_on)}})));
  bool any = false;
  for (const Card* card : followup_steps(board)) {
    if (card->review.outcome != StepStatus::Done) continue;
    Block item = card_item(*card, s);
    item.tag = status_text(StepStatus::Done, s);
    item.fields.push_back({s.get("who"), people_names(board, card->step.owners, s)});
    section.blocks.push_back(std::move(item));
    any = true;
  }
  if (!any) section.blocks.push_back(note(s.get("reached_none")));
  return section;
}

}  // namespace tavle::exporting
