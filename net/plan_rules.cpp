#include "net/plan_rules.hpp"

namespace tavle::net {

std::optional<Error> check_signoff_rule(Role role, const std::string& self, const Op& op) {
  auto forbidden = [](std::string why) { return Error{"forbidden", std::move(why)}; };
  if (op.value.is_boolean()) {
    if (!op.value.get<bool>()) {
      // Taking back: your own, or (the facilitator) one recorded in the room.
      if (op.target != self && role != Role::Facilitator) return forbidden("you may take back only your own agreement");
      return std::nullopt;
    }
    if (op.target != self)
      return forbidden(role == Role::Facilitator
                           ? "only a person can agree for themselves; record an agreement given out loud or on "
                             "paper as {\"form\": \"oral\"} or {\"form\": \"paper\"}"
                           : "you may agree only for yourself");
    return std::nullopt;
  }
  if (!op.value.is_object()) return std::nullopt;  // apply() names the error
  const auto form = op.value.find("form");
  const bool own_device = form == op.value.end() || !form->is_string() || *form == "own_device";
  if (own_device) {
    // The undo of one's own take-back; never "on their own device" for somebody else.
    if (op.target != self) return forbidden("an agreement on someone's own device is theirs to give");
    const auto by = op.value.find("recorded_by");
    if (by != op.value.end() && *by != self) return forbidden("op.value.recorded_by must be you");
    return std::nullopt;
  }
  if (role != Role::Facilitator) return forbidden("only the facilitator records an agreement given out loud or on paper");
  return std::nullopt;
}

bool may_change_plan_item(Role role, OpKind kind) {
  switch (role) {
    case Role::Facilitator: return true;
    case Role::Professional:
      return kind != OpKind::AddConsent && kind != OpKind::SetConsentField && kind != OpKind::DeleteConsent &&
             kind != OpKind::RestoreConsent;
    default: return false;
  }
}

}  // namespace tavle::net
