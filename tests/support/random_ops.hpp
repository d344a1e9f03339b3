// Random but plausible ops against a board, for property and convergence tests.
// Most are valid for the board they are made from; some are not (stale ids,
// deleted cards), which is exactly what concurrent editing produces.
#pragma once

#include <random>
#include <string>

#include "board/model.hpp"
#include "board/op.hpp"

namespace tavle::testing {

class RandomOps {
 public:
  RandomOps(std::uint64_t seed, std::string client) : rng_(seed), client_(std::move(client)) {}

  // A new op for `board`, authored by `author` (a participant id or any name).
  Op next(const Board& board, const std::string& author);
  // An op that must be rejected: bad ids, types, limits, unknown fields.
  Op invalid(const Board& board, const std::string& author);
  // issue 14: an op on the family plan (goals, interventions, consent, sign-off forms, who was
  // informed) and, for issue 15, a carried step's follow-up and the plan's lists.
  Op next_plan(const Board& board, const std::string& author);
  // issue 15: an entry of the child's voice, the safety network, the acute plan or the bottom lines.
  Op next_entry(const Board& board, const std::string& author);

  std::mt19937_64& rng() { return rng_; }

 private:
  std::string pick_card(const Board&, bool live_only);
  std::string pick_participant(const Board&);
  std::string random_text(std::size_t max_words);
  // Gives `op` the next id of this client, `author` and a time.
  Op stamp(Op op, const std::string& author);
  Op stamp(OpKind kind, const std::string& author);

  std::mt19937_64 rng_;
  std::string client_;
  std::uint64_t seq_ = 0;
};

}  // namespace tavle::testing
