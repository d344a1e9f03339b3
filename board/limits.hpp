// Limits that keep a meeting sane and a host safe. Every limit is checked where
// data enters (apply, file and message parsing) and reported with its number.
#pragma once

#include <cstddef>

namespace tavle {

struct Limits {
  std::size_t card_text_bytes = 2000;    // a few paragraphs in the family's words
  std::size_t short_text_bytes = 200;    // names, places, labels, reasons' cousins
  std::size_t reason_bytes = 1000;       // a rating's reason
  std::size_t cards = 2000;              // live cards on one board
  std::size_t participants = 100;
  std::size_t suggestions = 1000;
  std::size_t owners_per_step = 20;
  std::size_t id_bytes = 64;
  std::size_t entries_per_list = 100;  // issue 15: child's words, safe adults, acute plan, bottom lines
};

inline constexpr Limits kDefaultLimits{};

}  // namespace tavle
