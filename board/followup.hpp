// issue 15: following up last meeting's agreements. Which cards were carried,
// which next steps are overdue by the meeting's own date (never the wall clock, so
// a file opened a year later says what it said in the room), and how the meeting
// went through the carried steps. Pure functions over a board; the op that records
// an outcome is review_step (board/apply_followup.cpp, docs/format.md).
#pragma once

#include <string>
#include <vector>

#include "board/model.hpp"

namespace tavle {

// A card this meeting continued from the previous one.
bool is_carried(const Card&);

// A next step (not a safety goal) of the "what needs to happen" column.
bool is_next_step(const Card&);

// A live next step, still open or carried on, whose due date is before the day of
// the meeting (meeting.starts_at). False when either date is not set.
bool is_overdue(const Board&, const Card&);

// The carried next steps this meeting follows up, in column order (live cards only).
std::vector<const Card*> followup_steps(const Board&);

// How the follow-up stands: each carried step counted by its outcome in this meeting.
struct FollowUpCount {
  int done = 0, not_done = 0, carried_on = 0, open = 0;  // open = not followed up yet
  int overdue = 0;  // of the open and carried-on ones, past their date
  int total() const { return done + not_done + carried_on + open; }
};
FollowUpCount followup_count(const Board&);

}  // namespace tavle
