// apply(): the only way a board changes. It validates an op completely before
// touching the board, so a rejected op leaves the board exactly as it was.
#pragma once

#include <optional>
#include <string_view>

#include "board/error.hpp"
#include "board/limits.hpp"
#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle {

struct ApplyResult {
  std::optional<Error> error;  // set when the op was rejected
  Op inverse;                  // when applied: the op that takes it back (for undo)
  // A card op whose key would have outgrown the model's limit gave the column's
  // other live cards fresh keys first (same order); see "respace" in docs/format.md.
  bool respaced = false;
  bool ok() const { return !error.has_value(); }
};

ApplyResult apply(Board&, const Op&, const Limits& = kDefaultLimits);

// Ops that change the agreed plan; applying one withdraws an earlier approval
// and sign-offs, because they were given to a plan that no longer stands.
bool changes_plan(const Op&);

// Checks shared by apply and the file reader.
std::optional<Error> check_text(std::string_view text, std::size_t limit, std::string_view field);
std::optional<Error> check_id(std::string_view id, std::string_view field, const Limits& = kDefaultLimits);
// "YYYY-MM-DD", or with allow_time also "YYYY-MM-DDTHH:MM"; empty is allowed.
std::optional<Error> check_date(std::string_view date, bool allow_time, std::string_view field);

}  // namespace tavle
