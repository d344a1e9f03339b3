// Decides how an accepted op reaches each audience (docs/protocol.md, "What each
// audience receives"): as the op itself, not at all, or as a fresh snapshot of
// the audience's view. This is what keeps professional-only cards and unrevealed
// blind ratings off family and viewer connections.
#pragma once

#include <cstdint>
#include <string>

#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle::net {

// Redacted: the op in the form a restricted view holds it (someone else's blind
// rating: given, value hidden), instead of a whole snapshot per rating.
enum class Delivery : std::uint8_t { Op, Skip, Snapshot, Redacted };

struct Deliveries {
  Delivery professional = Delivery::Op;
  Delivery family = Delivery::Op;

  // What a connection of `audience`, acting as participant `viewer`, gets for `op`.
  Delivery for_viewer(Audience audience, const std::string& viewer, const Op& op) const;
};

// Looks at the board before an op is applied, then classifies it afterwards.
// Rewrites an applied op so that it means the same on every replica: the order
// key a card actually got (which depends on every card of its column, including
// ones a family view lacks) replaces the requested one.
// When the op respaced its column (ApplyResult::respaced), the settled op says so,
// so that replicas respace the same way before placing the card.
void settle_order(Op& applied, const Board& after, bool respaced = false);

// The set_rating op as a view with hidden blind ratings holds it: the value, the
// reason and the previous rating (in `expect`) are gone.
Op redacted_rating(const Op& set_rating);

class AudienceFilter {
 public:
  AudienceFilter(const Board& before, const Op& op);
  // `respaced`: the op gave other cards of a column fresh keys, which a view
  // without the professional-only cards cannot work out for itself.
  Deliveries classify(const Board& after, bool respaced = false) const;

 private:
  Deliveries classify_op(const Board& after) const;
  bool approval_changed(const Board& after) const;
  // issue 14: an op on an intervention, which may be professional-only (net/audience_plan.cpp)
  Deliveries classify_intervention(const Board& after) const;

  const Op& op_;
  bool card_existed_ = false;
  bool card_was_hidden_ = false;  // professional-only before the op
  std::string card_order_;        // its order key before the op
  bool ratings_were_hidden_ = false;
  std::string approval_by_;
  Millis approval_at_ = 0;
  std::size_t signoffs_ = 0;
  bool suggestion_card_existed_ = false;  // resolve_suggestion: the card made from it, before the op
  bool suggestion_card_deleted_ = false;
  // issue 14: the intervention an op targets, before the op
  bool intervention_existed_ = false;
  bool intervention_was_hidden_ = false;
};

}  // namespace tavle::net
