#include "board/model.hpp"

#include "board/order_key.hpp"

namespace tavle {

bool CardTable::insert(Card card) {
  const std::string id = card.id;
  auto [it, added] = cards_.try_emplace(id, std::move(card));
  if (added) index(placement_of(it->second), id);
  return added;
}

void CardTable::put(Card card) {
  const std::string id = card.id;
  auto it = cards_.find(id);
  if (it == cards_.end()) {
    insert(std::move(card));
    return;
  }
  change(id, [&](Card& existing) { existing = std::move(card); });
}

CardTable::const_iterator CardTable::erase(const_iterator at) {
  unindex(placement_of(at->second), at->first);
  return cards_.erase(at);
}

std::size_t CardTable::erase(const std::string& id) {
  auto it = cards_.find(id);
  if (it == cards_.end()) return 0;
  erase(it);
  return 1;
}

std::size_t CardTable::live_count() const {
  std::size_t live = 0;
  for (const ColumnOrder& column : columns_) live += column.size();
  return live;
}

std::string CardTable::key_after_last(Column column) const {
  const ColumnOrder& order = in_column(column);
  return order_key_between(order.empty() ? "" : order.rbegin()->first, "");
}

void CardTable::index(const Placement& p, const std::string& id) {
  if (p.live) columns_[static_cast<std::size_t>(p.column)].emplace(p.order, id);
}

void CardTable::unindex(const Placement& p, const std::string& id) {
  if (p.live) columns_[static_cast<std::size_t>(p.column)].erase({p.order, id});
}

}  // namespace tavle
