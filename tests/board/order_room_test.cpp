// Order keys never outgrow the model's own rule (issue 22): every op kind that
// computes a card's key (add, move, restore, accepting a suggestion) hands out a
// key that apply() accepts when the op is read back, even after a card holds the
// longest key allowed. Such a column is respaced: the other cards get fresh keys
// in the same order, and the op says so, so that a replica ends up the same.
#include <gtest/gtest.h>

#include "board/board_json.hpp"
#include "board/order_key.hpp"
#include "tests/board/board_fixture.hpp"

namespace tavle::testing {
namespace {

const std::string kLongest(kMaxOrderKeyLength, 'z');

class OrderRoom : public BoardTest {
 protected:
  void SetUp() override {
    BoardTest::SetUp();
    ok(make("pia", OpKind::AddCard, "w1", {{"column", "worries"}, {"text", "før"}}));
    ok(make("pia", OpKind::AddCard, "w-long", {{"column", "worries"}, {"text", "lang nøgle"}, {"order", kLongest}}));
  }

  std::vector<std::string> ids_in(Column column) const {
    std::vector<std::string> ids;
    for (const auto& [key, id] : board.cards.in_column(column)) ids.push_back(id);
    return ids;
  }

  // Applies `op` as a host would, then checks what a journal and a replica do with
  // the settled op: it reads back, and replaying it on the board before gives the
  // same state.
  ApplyResult settled_ok(Op op) {
    const Board before = board;
    ApplyResult r = ok(op);
    if (!r.ok()) return r;
    for (const auto& [id, card] : board.cards) EXPECT_TRUE(valid_order_key(card.order)) << id << ": " << card.order.size();
    // The settled form, as the host's settle_order writes it.
    const Card* placed = nullptr;
    if (op.kind == OpKind::ResolveSuggestion) placed = board.find_card(op.value.value("card_id", ""));
    else placed = board.find_card(op.target);
    if (placed && op.value.is_object()) {
      op.value["order"] = placed->order;
      if (r.respaced) op.value["respace"] = true;
    }
    Op back;
    EXPECT_FALSE(op_from_json(to_json(op), back));
    Board replica = before;
    ApplyResult again = apply(replica, back);
    EXPECT_TRUE(again.ok()) << (again.error ? again.error->message : "");
    EXPECT_EQ(state_hash_hex(replica), state_hash_hex(board)) << "a replica of the settled op differs";
    return r;
  }
};

TEST_F(OrderRoom, AppendingAfterTheLongestKeyRespacesTheColumnAndKeepsItsOrder) {
  ApplyResult r = settled_ok(make("pia", OpKind::AddCard, "w-end", {{"column", "worries"}, {"text", "til sidst"}}));
  EXPECT_TRUE(r.respaced);
  EXPECT_EQ(ids_in(Column::Worries), (std::vector<std::string>{"c1", "w1", "w-long", "w-end"}));
  // The column is roomy again: the next append needs no respacing.
  EXPECT_FALSE(settled_ok(make("pia", OpKind::AddCard, "w-end2", {{"column", "worries"}, {"text", "og så"}})).respaced);
}

TEST_F(OrderRoom, AddingAtATakenLongKeyKeepsTheCardAfterIt) {
  ApplyResult r = settled_ok(make("pia", OpKind::AddCard, "w-same", {{"column", "worries"}, {"text", "samme sted"}, {"order", kLongest}}));
  EXPECT_TRUE(r.respaced);
  EXPECT_EQ(ids_in(Column::Worries), (std::vector<std::string>{"c1", "w1", "w-long", "w-same"}));
}

TEST_F(OrderRoom, MovingACardToTheEndOfACrowdedColumn) {
  settled_ok(make("pia", OpKind::MoveCard, "c2", {{"column", "worries"}}));
  EXPECT_EQ(ids_in(Column::Worries), (std::vector<std::string>{"c1", "w1", "w-long", "c2"}));
  // And the long card itself, to the end of its own column.
  settled_ok(make("pia", OpKind::MoveCard, "w-long", {{"column", "worries"}}));
  EXPECT_EQ(ids_in(Column::Worries), (std::vector<std::string>{"c1", "w1", "c2", "w-long"}));
}

TEST_F(OrderRoom, RestoringACardWhoseLongKeyWasTakenMeanwhile) {
  ok(make("pia", OpKind::DeleteCard, "w-long"));
  ok(make("pia", OpKind::AddCard, "w-taker", {{"column", "worries"}, {"text", "tog pladsen"}, {"order", kLongest}}));
  ApplyResult r = settled_ok(make("pia", OpKind::RestoreCard, "w-long"));
  EXPECT_TRUE(r.respaced);
  EXPECT_EQ(ids_in(Column::Worries), (std::vector<std::string>{"c1", "w1", "w-taker", "w-long"}));
}

TEST_F(OrderRoom, AcceptingASuggestionAtTheEndOfACrowdedColumn) {
  ok(make("line", OpKind::AddSuggestion, "s1", {{"column", "worries"}, {"text", "Vi er trætte"}}));
  ApplyResult r = settled_ok(make("pia", OpKind::ResolveSuggestion, "s1", {{"decision", "accept"}, {"card_id", "w-s1"}}));
  EXPECT_TRUE(r.respaced);
  EXPECT_EQ(ids_in(Column::Worries).back(), "w-s1");
}

TEST_F(OrderRoom, ARespaceFlagMustBeABoolean) {
  rejected(make("pia", OpKind::AddCard, "w-x", {{"column", "worries"}, {"text", "x"}, {"respace", "yes"}}), "invalid");
}

TEST(OrderKey, SpreadKeysAreShortSortedAndValid) {
  for (std::size_t n : {0u, 1u, 2u, 30u, 61u, 62u, 500u, 2000u, 5000u}) {
    const std::vector<std::string> keys = spread_order_keys(n);
    ASSERT_EQ(keys.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_TRUE(valid_order_key(keys[i])) << keys[i];
      EXPECT_LE(keys[i].size(), 3u);
      if (i > 0) {
        EXPECT_LT(keys[i - 1], keys[i]);
      }
    }
  }
}

}  // namespace
}  // namespace tavle::testing
