#include "board/model.hpp"

#include <vector>

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
  const CardTable::ColumnOrder& order = cards.in_column(c);
  std::vector<const Card*> out;
  out.reserve(order.size());
  for (const auto& [key, id] : order) out.push_back(&cards.at(id));
  return out;
}

std::size_t Board::live_card_count() const { return cards.live_count(); }

Board view_for(const Board& board, Audience audience, const std::string& viewer) {
  Board view = board;
  if (audience == Audience::Full) return view;
  if (audience == Audience::Family || audience == Audience::Projection) {
    std::vector<std::string> deleted;
    for (auto it = view.cards.begin(); it != view.cards.end();) {
      if (it->second.professional_only) {
        it = view.cards.erase(it);
        continue;
      }
      if (it->second.deleted && !it->second.text.empty()) deleted.push_back(it->first);
      ++it;
    }
    // A deleted card's words are gone from the room too (only the full board can restore them).
    for (const std::string& id : deleted) view.cards.change(id, [](Card& c) { c.text.clear(); });
    // issue 14: professional-only interventions never reach the family or the wall
    for (auto it = view.interventions.begin(); it != view.interventions.end();)
      it = it->second.professional_only ? view.interventions.erase(it) : std::next(it);
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
