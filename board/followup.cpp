#include "board/followup.hpp"

namespace tavle {

bool is_carried(const Card& c) { return !c.carried_from.empty(); }

bool is_next_step(const Card& c) { return c.column == Column::NextSteps && c.category != Category::SafetyGoal; }

bool is_overdue(const Board& b, const Card& c) {
  if (c.deleted || !is_next_step(c) || c.step.due.size() < 10 || b.meeting.starts_at.size() < 10) return false;
  if (c.step.status != StepStatus::Open && c.step.status != StepStatus::CarriedOn) return false;
  // Dates are checked YYYY-MM-DD on the way in, so they compare as text.
  return c.step.due.substr(0, 10) < b.meeting.starts_at.substr(0, 10);
}

std::vector<const Card*> followup_steps(const Board& b) {
  std::vector<const Card*> out;
  for (const Card* c : b.column(Column::NextSteps))
    if (is_carried(*c) && is_next_step(*c)) out.push_back(c);
  return out;
}

FollowUpCount followup_count(const Board& b) {
  FollowUpCount n;
  for (const Card* c : followup_steps(b)) {
    switch (c->review.outcome) {
      case StepStatus::Done: ++n.done; break;
      case StepStatus::NotDone: ++n.not_done; break;
      case StepStatus::CarriedOn: ++n.carried_on; break;
      case StepStatus::Open: ++n.open; break;
    }
    if (is_overdue(b, *c)) ++n.overdue;
  }
  return n;
}

}  // namespace tavle
