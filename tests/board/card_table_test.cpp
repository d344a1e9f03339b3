// The card table's column index must always say what a walk over every card
// would say: card ops, the app's columns and the host's fan-out all trust it.
#include <gtest/gtest.h>

#include <algorithm>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/order_key.hpp"
#include "board/undo.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::testing {
namespace {

// Column order and live count the slow way: every card, sorted.
std::vector<std::string> walked_column(const Board& b, Column column) {
  std::vector<const Card*> live;
  for (const auto& [id, card] : b.cards)
    if (!card.deleted && card.column == column) live.push_back(&card);
  std::sort(live.begin(), live.end(), [](const Card* x, const Card* y) {
    return x->order != y->order ? x->order < y->order : x->id < y->id;
  });
  std::vector<std::string> ids;
  for (const Card* c : live) ids.push_back(c->id);
  return ids;
}

std::size_t walked_live_count(const Board& b) {
  return static_cast<std::size_t>(
      std::count_if(b.cards.begin(), b.cards.end(), [](const auto& kv) { return !kv.second.deleted; }));
}

std::vector<std::string> indexed_column(const Board& b, Column column) {
  std::vector<std::string> ids;
  for (const Card* c : b.column(column)) ids.push_back(c->id);
  return ids;
}

void expect_index_matches_cards(const Board& b, const std::string& context) {
  for (Column column : kColumns)
    ASSERT_EQ(indexed_column(b, column), walked_column(b, column)) << context << ", column " << name_of(column);
  ASSERT_EQ(b.live_card_count(), walked_live_count(b)) << context;
}

Card card(const std::string& id, Column column, const std::string& order, bool deleted = false) {
  Card c;
  c.id = id;
  c.column = column;
  c.order = order;
  c.deleted = deleted;
  return c;
}

TEST(CardTable, IndexFollowsInsertPutChangeAndErase) {
  Board b;
  EXPECT_TRUE(b.cards.insert(card("a", Column::Worries, "V")));
  EXPECT_TRUE(b.cards.insert(card("b", Column::Worries, "G")));
  EXPECT_TRUE(b.cards.insert(card("c", Column::Worries, "G")));  // same key: id breaks the tie
  EXPECT_TRUE(b.cards.insert(card("gone", Column::Worries, "Z", true)));
  EXPECT_FALSE(b.cards.insert(card("a", Column::NextSteps, "A"))) << "an id is added once";
  EXPECT_EQ(indexed_column(b, Column::Worries), (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(b.live_card_count(), 3u);
  EXPECT_LT(b.cards.key_after_last(Column::Worries), std::string("Z")) << "tombstones are not in the order";
  EXPECT_GT(b.cards.key_after_last(Column::Worries), std::string("V"));

  b.cards.change("b", [](Card& c) { c.column = Column::NextSteps; });
  b.cards.change("c", [](Card& c) { c.deleted = true; });
  b.cards.change("gone", [](Card& c) { c.deleted = false; });
  b.cards.put(card("a", Column::WorkingWell, "k"));
  expect_index_matches_cards(b, "after changes");
  EXPECT_EQ(indexed_column(b, Column::Worries), (std::vector<std::string>{"gone"}));

  b.cards.erase("gone");
  b.cards.erase(b.cards.find("b"));
  expect_index_matches_cards(b, "after erase");
  EXPECT_EQ(b.live_card_count(), 1u);
  EXPECT_THROW(b.cards.change("nobody", [](Card&) {}), std::out_of_range);
  EXPECT_THROW(b.cards.change("a", [](Card& c) { c.id = "z"; c.order = "q"; }), std::logic_error);
  EXPECT_EQ(b.cards.at("a").id, "a");
  expect_index_matches_cards(b, "after a change that tried to rename");
  EXPECT_THROW(b.cards.change("a",
                              [](Card& c) {
                                c.column = Column::Worries;
                                throw std::runtime_error("half-way");
                              }),
               std::runtime_error);
  expect_index_matches_cards(b, "after a change that threw half-way");
  EXPECT_EQ(indexed_column(b, Column::Worries), (std::vector<std::string>{"a"}));
}

TEST(CardTable, CopiesCarryTheirOwnIndex) {
  Board original;
  original.cards.insert(card("a", Column::Worries, "V"));
  Board copy = original;
  copy.cards.change("a", [](Card& c) { c.column = Column::NextSteps; });
  EXPECT_EQ(indexed_column(original, Column::Worries), (std::vector<std::string>{"a"}));
  EXPECT_EQ(indexed_column(copy, Column::NextSteps), (std::vector<std::string>{"a"}));
  expect_index_matches_cards(original, "original");
  expect_index_matches_cards(copy, "copy");
}

TEST(CardTable, IndexMatchesAWalkAfterEveryRandomOpUndoAndReload) {
  const char* const authors[] = {"pia", "line", "anne"};
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RandomOps gen(seed, "g");
    Board board;
    UndoHistory history;
    for (int i = 0; i < 300; ++i) {
      const std::string author = authors[i % 3];
      if (i % 7 == 6) {
        Op sent;
        history.undo(board, [&](Op& op) { op.id = author + ":u" + std::to_string(i); }, sent);
      } else {
        const Op op = i % 5 == 4 ? gen.invalid(board, author) : gen.next(board, author);
        ApplyResult r = apply(board, op);
        if (r.ok()) history.record(op, r.inverse);
      }
      expect_index_matches_cards(board, "seed " + std::to_string(seed) + " step " + std::to_string(i));
    }
    Board reloaded;
    ASSERT_FALSE(board_from_json(to_json(board), reloaded));
    expect_index_matches_cards(reloaded, "reloaded, seed " + std::to_string(seed));
    expect_index_matches_cards(view_for(board, Audience::Family, "line"), "family view, seed " + std::to_string(seed));
  }
}

}  // namespace
}  // namespace tavle::testing
