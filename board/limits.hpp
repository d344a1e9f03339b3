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
  // issue 14: the family plan
  std::size_t goals = 200;
  std::size_t interventions = 500;
  std::size_t consents = 50;
  std::size_t people_per_item = 20;    // for_whom of a goal or an intervention
  std::size_t covers_per_consent = 30; // organisations one consent names
  std::size_t themes_per_item = 10;
  std::size_t entries_per_list = 100;  // issue 15: child's words, safe adults, acute plan, bottom lines
};

inline constexpr Limits kDefaultLimits{};

}  // namespace tavle
