// Internal to board/: the pieces apply() is built from, shared by apply.cpp
// (meeting, people, scale, plan) and apply_cards.cpp (cards and suggestions).
#pragma once

#include <string>

#include "board/apply.hpp"

namespace tavle::detail {

inline ApplyResult reject(std::string code, std::string message) {
  return ApplyResult{Error{std::move(code), std::move(message)}, {}};
}

// An op that undoes `op`: same author, the given kind/target/field/value, and
// `expect` describing the state `op` left behind.
Op inverse_of(const Op& op, OpKind kind, nlohmann::json value, nlohmann::json expect,
              std::string field = {});

// Readers for op.value members: set `error` (naming op.value.<key>) on a bad type.
struct ValueReader {
  const nlohmann::json& value;
  std::optional<Error> error;

  bool has(const char* key) const { return value.is_object() && value.contains(key); }
  std::string string(const char* key, std::size_t limit, bool required);
  bool boolean(const char* key, bool fallback);
};

ApplyResult apply_card_op(Board&, const Op&, const Limits&);
ApplyResult apply_suggestion_op(Board&, const Op&, const Limits&);
// issue 15: board/apply_followup.cpp
ApplyResult apply_review_step(Board&, const Op&, const Limits&);
ApplyResult apply_set_entry(Board&, const Op&, const Limits&);  // board/apply_network.cpp

// A free order key for `card_id` at `wanted` in `column`: `wanted` itself unless
// another live card already has it, then the next free key after it. Deterministic,
// so every replica settles a collision the same way.
std::string settle_order_key(const Board&, Column, const std::string& wanted, const std::string& card_id);

std::optional<Error> check_owners(const Board&, const nlohmann::json& owners, const Limits&,
                                  std::vector<std::string>& out);

// issue 14: the family plan (board/apply_plan.cpp)
ApplyResult apply_plan_op(Board&, const Op&, const Limits&);
ApplyResult apply_signoff(Board&, const Op&);
// A next step's goal: a live goal's id, or "".
std::optional<Error> check_goal_link(const Board&, const nlohmann::json& value, const std::string& path,
                                     std::string& out);

}  // namespace tavle::detail
