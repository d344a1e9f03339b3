#include "net/audience_filter.hpp"

namespace tavle::net {
namespace {

// Ops whose visible effect differs while ratings are blind and unrevealed.
bool touches_blind_ratings(const Op& op) {
  if (op.kind == OpKind::SetRating || op.kind == OpKind::RevealRatings) return true;
  return op.kind == OpKind::SetMeetingField && (op.field == "scale_blind" || op.field == "scale_revealed");
}

bool ratings_hidden(const Board& b) { return b.scale.blind && !b.scale.revealed; }

}  // namespace

void settle_order(Op& applied, const Board& after, bool respaced) {
  const Card* card = nullptr;
  if (applied.kind == OpKind::AddCard || applied.kind == OpKind::MoveCard) {
    card = after.find_card(applied.target);
  } else if (applied.kind == OpKind::ResolveSuggestion) {
    auto s = after.suggestions.find(applied.target);
    if (s != after.suggestions.end() && s->second.state == SuggestionState::Accepted) card = after.find_card(s->second.card_id);
  }
  if (card && applied.value.is_object()) {
    applied.value["order"] = card->order;
    if (respaced) applied.value["respace"] = true;
  }
}

Delivery Deliveries::for_viewer(Audience audience, const std::string& viewer, const Op& op) const {
  if (audience == Audience::Full) return Delivery::Op;
  const Delivery d = audience == Audience::Professional ? professional : family;
  // Your own rating is always yours to see, blind or not.
  if ((d == Delivery::Snapshot || d == Delivery::Redacted) && op.kind == OpKind::SetRating && !viewer.empty() &&
      op.target == viewer)
    return Delivery::Op;
  return d;
}

AudienceFilter::AudienceFilter(const Board& before, const Op& op) : op_(op) {
  if (targets_card(op.kind)) {
    if (const Card* c = before.find_card(op.target)) {
      card_existed_ = true;
      card_was_hidden_ = c->professional_only;
      card_order_ = c->order;
    }
  }
  if (op.kind == OpKind::ResolveSuggestion)
    if (auto s = before.suggestions.find(op.target); s != before.suggestions.end())
      if (const Card* c = before.find_card(s->second.card_id)) {
        suggestion_card_existed_ = true;
        suggestion_card_deleted_ = c->deleted;
      }
  if (targets_plan_item(op.kind))  // issue 14
    if (auto it = before.interventions.find(op.target); it != before.interventions.end() &&
                                                        (op.kind == OpKind::SetInterventionField ||
                                                         op.kind == OpKind::DeleteIntervention ||
                                                         op.kind == OpKind::RestoreIntervention)) {
      intervention_existed_ = true;
      intervention_was_hidden_ = it->second.professional_only;
    }
  ratings_were_hidden_ = ratings_hidden(before);
  approval_by_ = before.meeting.approval.by;
  approval_at_ = before.meeting.approval.at;
  signoffs_ = before.meeting.signoffs.size();
}

Deliveries AudienceFilter::classify(const Board& after, bool respaced) const {
  Deliveries d = classify_op(after);
  if (respaced) d.family = Delivery::Snapshot;
  return d;
}

Op redacted_rating(const Op& op) {
  Op out = op;
  out.expect = nullptr;
  const bool given = op.value.is_object() && op.value.contains("value") && !op.value.at("value").is_null();
  out.value = given ? nlohmann::json{{"value", nullptr}, {"hidden", true}} : nlohmann::json{{"value", nullptr}};
  return out;
}

Deliveries AudienceFilter::classify_op(const Board& after) const {
  Deliveries d;
  if (op_.kind == OpKind::SetRating && ratings_were_hidden_ && ratings_hidden(after)) {
    // A rating during a blind round: others learn that it was given, not its value.
    d.professional = Delivery::Redacted;
    d.family = Delivery::Redacted;
  } else if (touches_blind_ratings(op_) && (ratings_were_hidden_ || ratings_hidden(after))) {
    d.professional = Delivery::Snapshot;
    d.family = Delivery::Snapshot;
  }
  if (op_.kind == OpKind::ResolveSuggestion) {
    // Accepting may re-adopt a deleted card that is professional-only; reopening
    // deletes the card made from it, whose text a family view no longer holds.
    auto s = after.suggestions.find(op_.target);
    const Card* c = s == after.suggestions.end() ? nullptr : after.find_card(s->second.card_id);
    if (c && (c->professional_only || (suggestion_card_existed_ && c->deleted != suggestion_card_deleted_)))
      d.family = Delivery::Snapshot;
    return d;
  }
  if (targets_plan_item(op_.kind)) return classify_intervention(after);  // issue 14
  if (!targets_card(op_.kind)) return d;
  const Card* c = after.find_card(op_.target);
  // A family view keeps no text of deleted cards (board/model.hpp view_for): deleting
  // or restoring a card it sees changes more than the op says.
  if ((op_.kind == OpKind::DeleteCard || op_.kind == OpKind::RestoreCard) && c && !c->professional_only &&
      d.family == Delivery::Op)
    d.family = Delivery::Snapshot;
  // A restored card may have had to move past a card the family cannot see.
  if (op_.kind == OpKind::RestoreCard && c && c->order != card_order_ && d.family == Delivery::Op)
    d.family = Delivery::Snapshot;
  const bool hidden_now = c && c->professional_only;
  const bool hidden_before = card_existed_ ? card_was_hidden_ : hidden_now;
  if (!hidden_before && !hidden_now) return d;
  if (hidden_before != hidden_now) {
    d.family = Delivery::Snapshot;  // a card appears on or vanishes from the family view
    return d;
  }
  // Wholly inside the professional-only part, unless it withdrew the plan approval.
  d.family = approval_changed(after) ? Delivery::Snapshot : Delivery::Skip;
  return d;
}

bool AudienceFilter::approval_changed(const Board& after) const {
  return after.meeting.approval.by != approval_by_ || after.meeting.approval.at != approval_at_ ||
         after.meeting.signoffs.size() != signoffs_;
}

// issue 14: like a card, a professional-only intervention never reaches the family:
// ops inside the hidden part are skipped, one that hides or shows it is a snapshot.
Deliveries AudienceFilter::classify_intervention(const Board& after) const {
  Deliveries d;
  const bool on_intervention = op_.kind == OpKind::AddIntervention || op_.kind == OpKind::SetInterventionField ||
                               op_.kind == OpKind::DeleteIntervention || op_.kind == OpKind::RestoreIntervention;
  if (!on_intervention) return d;
  auto it = after.interventions.find(op_.target);
  const bool hidden_now = it != after.interventions.end() && it->second.professional_only;
  const bool hidden_before = intervention_existed_ ? intervention_was_hidden_ : hidden_now;
  if (!hidden_before && !hidden_now) return d;
  if (hidden_before != hidden_now) d.family = Delivery::Snapshot;
  else d.family = approval_changed(after) ? Delivery::Snapshot : Delivery::Skip;
  return d;
}

}  // namespace tavle::net
