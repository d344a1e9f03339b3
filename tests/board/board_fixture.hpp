// A small meeting and a terse way to make ops, shared by the board tests.
#pragma once

#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/hash.hpp"

namespace tavle::testing {

class BoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ok(make("pia", OpKind::AddParticipant, "pia", {{"name", "Pia"}, {"role", "professional"}}));
    ok(make("pia", OpKind::AddParticipant, "line", {{"name", "Line"}, {"role", "parent"}}));
    ok(make("pia", OpKind::AddParticipant, "anne", {{"name", "Anne"}, {"role", "professional"}, {"organisation", "Skolen"}}));
    ok(make("pia", OpKind::AddCard, "c1", {{"column", "worries"}, {"text", "Emma er alene om aftenen"}}));
    ok(make("anne", OpKind::AddCard, "c2", {{"column", "next_steps"}, {"text", "Skolen ringer"}}));
  }

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
