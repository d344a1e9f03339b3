// Continuity from one meeting of a family to the next (docs/storage.md, "Continuity"):
// the next meeting starts from the last one, a "what changed since last meeting"
// view, and the safety-scale history. Pure functions over boards; no storage here.
//
// Identity across meetings: a carried card keeps its id, and carried_from holds that
// same id (its id in the previous meeting). Ids only need to be unique within one
// meeting, so keeping them lets links (paired_with, owners) stay valid without
// rewriting, and lets the changes view match a card to its earlier self. A card
// whose carried_from names another id is matched through carried_from.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "board/model.hpp"

namespace tavle {

// A new meeting for the family, starting from the previous one: participants, danger
// statements, safety goals (and their pairing) carried over; every next step carried
// over with owners, due date and status, marked for review (carried_from = its id in the
// previous meeting). previous_meeting_id set. Everything that belongs to one meeting
// only (other cards, ratings, agreement marks, suggestions, approval, sign-offs,
// consent, revealed ratings) starts empty; revision is 0.
Board start_next_meeting(const Board& previous, const std::string& new_meeting_id, Millis now);

// Next steps carried over from the previous meeting: the ones this meeting reviews
// (done, not done, carried on). Live cards only, in column order.
std::vector<const Card*> steps_to_review(const Board&);

struct CardChange {
  enum class Kind { Added, Removed, Changed } kind;
  std::string card_id;  // the id in the current meeting (in the previous one for Removed)
  Column column;        // where the card is now (where it was, for Removed)
  std::string before_text, after_text;
  // For Changed: which of "text", "column", "category", "status", "owners", "due",
  // "professional_only" differ, in that order.
  std::vector<std::string> fields;
};
struct RatingChange {
  std::string participant_id;
  int before = -1;  // -1 = no rating
  int after = -1;
};
struct MeetingChanges {
  std::vector<CardChange> cards;       // ordered: column, then card id
  std::vector<RatingChange> ratings;   // everyone who rated in either meeting, by participant id
};

// A rating others may see: given, and not part of a blind round that is still unrevealed.
bool rating_is_public(const Board&, const Rating&);

// What changed between the end of `previous` and `current`. Ratings that are not
// public (blind and not yet revealed) count as no rating, so the view never leaks them.
MeetingChanges changes_since(const Board& previous, const Board& current);

// One point per meeting for the family's safety-scale chart.
struct ScalePoint {
  std::string meeting_id;
  std::string date;  // "YYYY-MM-DD" from the meeting's start; empty when not set
  double average = 0;  // of the given ratings; 0 when nobody rated
  int lowest = -1, highest = -1;  // -1 when nobody rated
  std::map<std::string, int> by_participant;  // participant id -> 0..10
  // issue 15: how the meeting followed up the last one's agreements (board/followup.hpp).
  int steps_followed = 0;  // carried next steps
  int steps_done = 0;      // of them, marked done at this meeting
};

// The point of one meeting (only public ratings count).
ScalePoint scale_point(const Board&);
// The history of a family: one point per meeting, ordered by date then meeting id.
std::vector<ScalePoint> scale_history(const std::vector<Board>& meetings);

}  // namespace tavle
