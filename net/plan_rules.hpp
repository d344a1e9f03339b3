// issue 14: the host's rules for the family plan (docs/protocol.md, "Roles"):
// everyone signs for themselves only, an agreement given out loud or on paper is
// recorded by the facilitator as what it was, and who may change goals,
// interventions and consent records.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"
#include "board/op.hpp"
#include "net/protocol.hpp"

namespace tavle::net {

// A sign_off from a connection of `role` acting as participant `self`: refused when
// it would record someone as agreeing on their own device who did not press it.
std::optional<Error> check_signoff_rule(Role role, const std::string& self, const Op& op);

// Whether a connection of `role` may send this op on goals, interventions or
// consent (targets_plan_item): professionals shape goals and interventions, only
// the facilitator records consent, the family suggests.
bool may_change_plan_item(Role role, OpKind kind);

}  // namespace tavle::net
