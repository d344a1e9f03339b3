// The wire's strict op schema (net/op_schema.hpp) must refuse what no kind defines
// and never an op the app itself makes: every applied random op and its undo pass.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/continuity.hpp"
#include "board/sample.hpp"
#include "net/op_schema.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::net {
namespace {

TEST(OpSchema, EveryOpTheAppMakesAndItsUndoPass) {
  int applied = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Board board = sample_board();
    tavle::testing::RandomOps gen(seed, "c");
    for (int i = 0; i < 300; ++i) {
      const Op op = gen.next(board, "p-pia");
      ApplyResult r = apply(board, op);
      if (!r.ok()) continue;
      ++applied;
      EXPECT_FALSE(check_wire_op(op)) << to_json(op).dump() << ": " << check_wire_op(op)->message;
      Op inverse = r.inverse;
      inverse.id = "c:undo";
      inverse.author = "p-pia";
      EXPECT_FALSE(check_wire_op(inverse)) << to_json(inverse).dump() << ": " << check_wire_op(inverse)->message;
    }
  }
  EXPECT_GT(applied, 1000);
}

TEST(OpSchema, UnknownKeysAndOversizedOpsAreRefusedWithTheField) {
  Op add{"c:1", "p-pia", 1, OpKind::AddCard, "c-x", "", {{"column", "worries"}, {"text", "t"}, {"extra", 1}}, {}};
  auto e = check_wire_op(add);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "invalid");
  EXPECT_NE(e->message.find("op.value.extra"), std::string::npos);
  add.value.erase("extra");
  add.value["text"] = nlohmann::json::object({{"nested", "x"}});
  EXPECT_TRUE(check_wire_op(add));
  add.value["text"] = "t";
  add.expect = {{"junk", std::string(100, 'j')}};
  EXPECT_TRUE(check_wire_op(add));
  Op del{"c:2", "p-pia", 1, OpKind::DeleteCard, "c-skole", "", {{"why", "x"}}, {}};
  EXPECT_TRUE(check_wire_op(del));
  Op edit{"c:3", "p-pia", 1, OpKind::EditText, "c-skole", "", std::string(kMaxOpBytes, 'e'), {}};
  auto big = check_wire_op(edit);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code, "too_long");
}

// issue 15: a follow-up and its undo pass; anything else riding along is refused.
TEST(OpSchema, AStepsFollowUpAndItsUndoPassAndNothingElse) {
  Board board = start_next_meeting(sample_board(), "m-next", 1800000000000);
  Op review{"c:1", "p-pia", 1, OpKind::ReviewStep, "c-aftenplan", "", {{"outcome", "not_done"}, {"why", "Syg"}}, {}};
  EXPECT_FALSE(check_wire_op(review));
  ApplyResult r = apply(board, review);
  ASSERT_TRUE(r.ok());
  Op undo = r.inverse;
  undo.id = "c:2";
  EXPECT_FALSE(check_wire_op(undo)) << to_json(undo).dump();
  review.value["by"] = "p-line";
  auto e = check_wire_op(review);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("op.value.by"), std::string::npos);
}

}  // namespace
}  // namespace tavle::net
