#include "board/model.hpp"

#include <algorithm>

namespace tavle {

const Card* Board::find_card(const std::string& id) const {
  auto it = cards.find(id);
  return it == cards.end() ? nullptr : &it->second;
}

const Participant* Board::find_participant(const std::string& id) const {
  auto it = participants.find(id);
  return it == participants.end() ? nullptr : &it->second;
}

std::vector<const Card*> Board::column(Column c) const {
  std::vector<const Card*> out;
  for (const auto& [id, card] : cards)
    if (!card.deleted && card.column == c) out.push_back(&card);
  std::sort(out.begin(), out.end(), [](const Card* a, const Card* b) {
    return a->order != b->order ? a->order < b->order : a->id < b->id;
  });
  return out;
}

std::size_t Board::live_card_count() const {
  return static_cast<std::size_t>(
      std::count_if(cards.begin(), cards.end(), [](const auto& kv) { return !kv.second.deleted; }));
}

Board view_for(const Board& board, Audience audience, const std::string& viewer) {
  Board view = board;
  if (audience == Audience::Full) return view;
  if (audience == Audience::Family || audience == Audience::Projection) {
    for (auto it = view.cards.begin(); it != view.cards.end();) {
      if (it->second.professional_only)
        it = view.cards.erase(it);
      else
        ++it;
    }
  }
  if (view.scale.blind && !view.scale.revealed) {
    for (auto& [pid, rating] : view.scale.ratings) {
      if (pid == viewer || rating.value < 0) continue;
      rating.value = -1;
      rating.reason.clear();
      rating.hidden = true;
    }
  }
  return view;
}

}  // namespace tavle
