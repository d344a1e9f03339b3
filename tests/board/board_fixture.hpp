// A small meeting and a terse way to make ops, shared by the board tests.
#pragma once

#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/hash.hpp"
#include "board/ops.hpp"

namespace tavle::testing {

class BoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ok(as("pia", ops::add_participant("pia", "Pia", ParticipantRole::Professional)));
    ok(as("pia", ops::add_participant("line", "Line", ParticipantRole::Parent)));
    ok(as("pia", ops::add_participant("anne", "Anne", ParticipantRole::Professional, "Skolen")));
    ok(as("pia", ops::add_card("c1", Column::Worries, "Emma er alene om aftenen")));
    ok(as("anne", ops::add_card("c2", Column::NextSteps, "Skolen ringer")));
  }

  // `op` (from board/ops.hpp) as `author`'s next op.
  Op as(const std::string& author, Op op) {
    op.id = author + ":" + std::to_string(++seq_);
    op.author = author;
    op.at = 1795593600000 + static_cast<Millis>(seq_);
    return op;
  }

  // Any op, also one no constructor would make (the tests of what apply() refuses).
  Op make(const std::string& author, OpKind kind, const std::string& target = {}, nlohmann::json value = nullptr,
          const std::string& field = {}) {
    Op op;
    op.id = author + ":" + std::to_string(++seq_);
    op.author = author;
    op.at = 1795593600000 + static_cast<Millis>(seq_);
    op.kind = kind;
    op.target = target;
    op.value = std::move(value);
    op.field = field;
    return op;
  }

  ApplyResult ok(const Op& op) {
    ApplyResult r = apply(board, op);
    EXPECT_TRUE(r.ok()) << name_of(op.kind) << " " << op.target << ": " << (r.error ? r.error->message : "");
    return r;
  }

  // The op is rejected with `code`, and the board is left exactly as it was.
  Error rejected(const Op& op, const std::string& code) {
    const auto before = state_hash(board);
    const auto revision = board.revision;
    ApplyResult r = apply(board, op);
    EXPECT_FALSE(r.ok()) << name_of(op.kind) << " " << op.target << " was applied";
    EXPECT_EQ(state_hash(board), before) << "a rejected op changed the board";
    EXPECT_EQ(board.revision, revision);
    if (!r.error) return {};
    EXPECT_EQ(r.error->code, code) << r.error->message;
    EXPECT_FALSE(r.error->message.empty());
    return *r.error;
  }

  Board board;
  int seq_ = 0;
};

}  // namespace tavle::testing
