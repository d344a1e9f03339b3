// The sections only the minutes have: the review of the next steps carried over
// from the last meeting, and what changed since then (board/continuity.hpp).
#include "board/continuity.hpp"
#include "export/document_parts.hpp"

namespace tavle::exporting {
namespace {

// At the review a step still open simply goes on; the others say how it went.
StepStatus reviewed_status(StepStatus status) { return status == StepStatus::Open ? StepStatus::CarriedOn : status; }

std::string change_tag(CardChange::Kind kind, const Strings& s) {
  switch (kind) {
    case CardChange::Kind::Added:
      return s.get("change_added");
    case CardChange::Kind::Removed:
      return s.get("change_removed");
    case CardChange::Kind::Changed:
      return s.get("change_changed");
  }
  return {};
}

Block card_change_item(const CardChange& change, const Strings& s) {
  Block item;
  item.kind = BlockKind::Item;
  item.tag = change_tag(change.kind, s) + " · " + column_heading(change.column, s);
  bool removed = change.kind == CardChange::Kind::Removed;
  item.text = clean_text(removed ? change.before_text : change.after_text);
  if (change.kind == CardChange::Kind::Changed) {
    std::string what;
    for (const std::string& field : change.fields) what += (what.empty() ? "" : ", ") + s.get("field_" + field);
    if (!what.empty()) item.fields.push_back({s.get("changed_fields"), what});
    if (change.before_text != change.after_text)
      item.fields.push_back({s.get("before"), clean_text(change.before_text)});
  }
  return item;
}

std::string rating_text(int value, const Strings& s) { return value < 0 ? s.get("no_rating") : std::to_string(value); }

}  // namespace

Section review_section(const Board& board, const Strings& s) {
  Section section{s.get("section_review"), {}};
  for (const Card* card : steps_to_review(board)) {
    Block item = next_step_item(board, *card, s);
    item.tag = card->professional_only ? s.get("professional_only") : "";
    item.fields.back().value = status_text(reviewed_status(card->step.status), s);
    add_followup_fields(board, *card, item, s);  // issue 15
    section.blocks.push_back(std::move(item));
  }
  if (section.blocks.empty()) section.blocks.push_back(note(s.get("no_review")));
  return section;
}

Section changes_section(const Board& board, const Board* previous, const Strings& s) {
  Section section{s.get("section_changes"), {}};
  if (!previous) {
    section.blocks.push_back(note(s.get("no_previous")));
    return section;
  }
  MeetingChanges changes = changes_since(*previous, board);
  for (const CardChange& change : changes.cards) section.blocks.push_back(card_change_item(change, s));
  Block ratings;
  ratings.kind = BlockKind::Table;
  ratings.header = {s.get("name"), s.get("before"), s.get("after")};
  for (const RatingChange& change : changes.ratings) {
    if (change.before == change.after) continue;
    const Board& named_in = board.find_participant(change.participant_id) ? board : *previous;
    ratings.rows.push_back(
        {person_name(named_in, change.participant_id, s), rating_text(change.before, s), rating_text(change.after, s)});
  }
  if (!ratings.rows.empty()) {
    section.blocks.push_back(paragraph(s.get("section_scale")));
    section.blocks.push_back(std::move(ratings));
  }
  if (section.blocks.empty()) section.blocks.push_back(note(s.get("no_changes")));
  return section;
}

}  // namespace tavle::exporting
