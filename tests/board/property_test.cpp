// Properties over thousands of random op sequences.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/undo.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::testing {
namespace {

const char* const kAuthors[] = {"pia", "line", "anne"};

TEST(Properties, RandomSequencesSurviveSaveAndReloadWithIdenticalHash) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    RandomOps gen(seed, "g");
    Board board;
    for (int i = 0; i < 250; ++i) apply(board, gen.next(board, kAuthors[i % 3]));
    Board reloaded;
    nlohmann::json parsed;
    ASSERT_FALSE(parse_json(canonical_text(to_json(board)), parsed));
    auto e = board_from_json(parsed, reloaded);
    ASSERT_FALSE(e) << "seed " << seed << ": " << e->message;
    ASSERT_EQ(state_hash(reloaded), state_hash(board)) << "seed " << seed;
  }
}

TEST(Properties, RejectedOpsLeaveTheBoardUnchanged) {
  int rejected = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RandomOps gen(seed, "g");
    Board board;
    for (int i = 0; i < 300; ++i) {
      const bool invalid = i % 4 == 3;
      Op op = invalid ? gen.invalid(board, kAuthors[i % 3]) : gen.next(board, kAuthors[i % 3]);
      const auto before = state_hash(board);
      const auto revision = board.revision;
      ApplyResult r = apply(board, op);
      if (invalid) {
        ASSERT_FALSE(r.ok()) << "seed " << seed << " op " << canonical_text(to_json(op));
      }
      if (!r.ok()) {
        ++rejected;
        ASSERT_EQ(state_hash(board), before) << canonical_text(to_json(op));
        ASSERT_EQ(board.revision, revision);
        ASSERT_FALSE(r.error->message.empty());
      }
    }
  }
  EXPECT_GT(rejected, 1000);
}

TEST(Properties, ReplicasApplyingTheSameOpsInTheSameOrderConverge) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RandomOps a(seed, "a"), b(seed + 1000, "b");
    Board source, replica;
    std::vector<Op> log;
    for (int i = 0; i < 300; ++i) {
      // Two authors generate against a stale view (the source before the other's
      // ops), as concurrent clients do; the host order is the log order.
      Op op = (i % 2 ? a : b).next(source, kAuthors[i % 3]);
      apply(source, op);
      log.push_back(op);
    }
    for (const Op& op : log) apply(replica, op);
    ASSERT_EQ(state_hash(replica), state_hash(source)) << "seed " << seed;
  }
}

TEST(Properties, OpsSurviveTheirOwnJsonForm) {
  RandomOps gen(99, "g");
  Board board;
  for (int i = 0; i < 2000; ++i) {
    Op op = gen.next(board, kAuthors[i % 3]);
    Op back;
    ASSERT_FALSE(op_from_json(to_json(op), back));
    ASSERT_EQ(canonical_text(to_json(back)), canonical_text(to_json(op)));
    apply(board, back);
  }
}

TEST(Properties, RandomUndoNeverRevertsAnotherAuthorsLaterWork) {
  // After a random mix, each successful undo by one author must leave every
  // field last set by someone else untouched: we check the cards' texts.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    RandomOps gen(seed, "g");
    Board board;
    std::map<std::string, UndoHistory> history;
    std::map<std::string, std::string> text_author;  // card -> who wrote its current text
    int counter = 0;
    for (int i = 0; i < 400; ++i) {
      const std::string author = kAuthors[gen.rng()() % 3];
      if (gen.rng()() % 5 == 0) {
        Op sent;
        auto stamp = [&](Op& op) { op.id = author + ":u" + std::to_string(++counter); };
        auto before = board.cards;
        if (!history[author].undo(board, stamp, sent)) {
          if (sent.kind == OpKind::EditText) {
            ASSERT_EQ(text_author[sent.target], author) << "undo reverted someone else's text";
          }
          if (sent.kind == OpKind::EditText) text_author[sent.target] = author;
        }
        continue;
      }
      Op op = gen.next(board, author);
      ApplyResult r = apply(board, op);
      if (!r.ok()) continue;
      history[author].record(op, r.inverse);
      if (op.kind == OpKind::EditText || op.kind == OpKind::AddCard) text_author[op.target] = author;
    }
  }
}

}  // namespace
}  // namespace tavle::testing

namespace tavle::testing {
namespace {

// Random JSON of any type, to throw at every member of an op.
nlohmann::json random_json(std::mt19937_64& rng, int depth = 0) {
  switch (rng() % (depth > 2 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<long long>(rng() % 40) - 20;
    case 3: return 1e300;
    case 4: return std::string(rng() % 2 ? 3000 : 5, 'x');
    case 5: return "worries";
    case 6: {
      nlohmann::json a = nlohmann::json::array();
      for (int i = rng() % 3; i > 0; --i) a.push_back(random_json(rng, depth + 1));
      return a;
    }
    default: {
      nlohmann::json o = nlohmann::json::object();
      const char* keys[] = {"column", "text", "order", "value", "reason", "decision", "card_id", "owners", "name", "role"};
      for (int i = rng() % 4; i > 0; --i) o[keys[rng() % 10]] = random_json(rng, depth + 1);
      return o;
    }
  }
}

TEST(Properties, GarbageInEveryOpMemberIsRejectedCleanly) {
  RandomOps gen(5, "g");
  Board board;
  for (int i = 0; i < 60; ++i) apply(board, gen.next(board, "pia"));
  auto& rng = gen.rng();
  for (int i = 0; i < 2000; ++i) {
    nlohmann::json j = to_json(gen.next(board, "pia"));
    const char* members[] = {"value", "field", "target", "expect", "at", "kind", "author", "id"};
    j[members[rng() % 8]] = random_json(rng);
    Op op;
    if (op_from_json(j, op)) continue;  // refused at the wire boundary: fine
    const auto before = state_hash(board);
    ApplyResult r = apply(board, op);
    if (!r.ok()) {
      ASSERT_EQ(state_hash(board), before) << canonical_text(j);
      ASSERT_FALSE(r.error->code.empty());
    }
  }
}

}  // namespace
}  // namespace tavle::testing
