// issue 15: review_step, the meeting's follow-up of one agreement carried from the
// last meeting: done, not done (with a short why), carried on, or back to open.
// The step's status follows the outcome, so the plan, the tablet and the export
// say the same thing as the follow-up.
#include "board/apply_parts.hpp"
#include "board/followup.hpp"

namespace tavle::detail {
namespace {

nlohmann::json review_json(const StepReview& r) { return {{"outcome", name_of(r.outcome)}, {"why", r.why}}; }

}  // namespace

ApplyResult apply_review_step(Board& b, const Op& op, const Limits& limits) {
  auto it = b.cards.find(op.target);
  if (it == b.cards.end()) return reject("not_found", "no card \"" + op.target + "\"");
  const Card& card = it->second;
  if (card.deleted) return reject("deleted", "card \"" + op.target + "\" was deleted; the change was not applied");
  if (!is_next_step(card) || !is_carried(card))
    return reject("invalid", "op.target: only a next step carried from the last meeting is followed up");
  ValueReader r{op.value, std::nullopt};
  const std::string outcome_name = r.string("outcome", 32, true);
  const std::string why = r.string("why", limits.short_text_bytes, false);
  const std::string status_name = r.string("status", 32, false);
  if (r.error) return ApplyResult{r.error, {}};
  const auto outcome = step_status_from(outcome_name);
  if (!outcome) return reject("invalid", "op.value.outcome: expected open, done, not_done or carried_on");
  // The undo of a review puts back the status the step had before, which may
  // differ from the earlier outcome (a status set by hand).
  auto status = *outcome;
  if (!status_name.empty()) {
    const auto s = step_status_from(status_name);
    if (!s) return reject("invalid", "op.value.status: expected open, done, not_done or carried_on");
    status = *s;
  }
  const nlohmann::json before = review_json(card.review);
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "the follow-up of this step was changed by someone else since");
  const std::string status_before(name_of(card.step.status));
  b.cards.change(op.target, [&](Card& c) {
    c.review.outcome = *outcome;
    c.review.why = why;
    const bool cleared = *outcome == StepStatus::Open && why.empty();
    c.review.by = cleared ? std::string() : op.author;
    c.review.at = cleared ? 0 : op.at;
    c.step.status = status;
    c.updated = op.at;
    ++c.version;
  });
  nlohmann::json undo = before;
  undo["status"] = status_before;
  return ApplyResult{std::nullopt,
                     inverse_of(op, OpKind::ReviewStep, std::move(undo), review_json(b.cards.at(op.target).review))};
}

}  // namespace tavle::detail
