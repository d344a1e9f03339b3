#include "board/board_json.hpp"
#include "board/undo.hpp"
#include "tests/board/board_fixture.hpp"
#include "tests/support/board_content.hpp"

namespace tavle::testing {
namespace {

class Undo : public BoardTest {
 protected:
  // Applies `op` as `author` and records it in that author's history.
  void act(UndoHistory& history, const Op& op) {
    ApplyResult r = ok(op);
    if (r.ok()) history.record(op, r.inverse);
  }
  UndoHistory::Stamp stamp_for(const std::string& author) {
    return [this, author](Op& op) {
      op.id = author + ":undo" + std::to_string(++seq_);
      op.at = 1795593700000 + seq_;
    };
  }
  std::optional<Error> undo(UndoHistory& h, const std::string& author) {
    Op sent;
    return h.undo(board, stamp_for(author), sent);
  }
  std::optional<Error> redo(UndoHistory& h, const std::string& author) {
    Op sent;
    return h.redo(board, stamp_for(author), sent);
  }
  UndoHistory pia, anne;
};

// Each kind of op, done and undone, leaves the board as it was before.
TEST_F(Undo, EveryKindOfOpIsUndoneAndRedone) {
  std::vector<Op> ops = {
      make("pia", OpKind::AddCard, "c9", {{"column", "worries"}, {"text", "ny"}}),
      make("pia", OpKind::EditText, "c1", "ændret"),
      make("pia", OpKind::MoveCard, "c1", {{"column", "working_well"}, {"order", "a"}}),
      make("pia", OpKind::DeleteCard, "c2"),
      make("pia", OpKind::SetCardField, "c1", "strength", "category"),
      make("pia", OpKind::SetMeetingField, "", "Skolen", "place"),
      make("pia", OpKind::AddParticipant, "p9", {{"name", "Birthe"}, {"role", "private_network"}}),
      make("pia", OpKind::UpdateParticipant, "line", false, "present"),
      make("pia", OpKind::RemoveParticipant, "anne"),
      make("pia", OpKind::SetRating, "pia", {{"value", 6}}),
      make("pia", OpKind::RevealRatings),
      make("pia", OpKind::SetAgreement, "c1", "agree", "pia"),
      make("pia", OpKind::SetMeetingField, "", "pia", "coordinator"),
      make("pia", OpKind::ApprovePlan),
      make("pia", OpKind::SignOff, "line", true),
  };
  std::vector<std::string> before;
  for (const Op& op : ops) {
    before.push_back(content_of(board));
    act(pia, op);
  }
  const auto done = content_of(board);
  for (std::size_t i = ops.size(); i-- > 0;) {
    auto e = undo(pia, "pia");
    ASSERT_FALSE(e) << "undo of " << name_of(ops[i].kind) << ": " << e->message;
    EXPECT_EQ(content_of(board), before[i]) << "after undoing " << name_of(ops[i].kind);
  }
  EXPECT_FALSE(pia.can_undo());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto e = redo(pia, "pia");
    ASSERT_FALSE(e) << "redo of " << name_of(ops[i].kind) << ": " << e->message;
  }
  EXPECT_EQ(content_of(board), done);
}

TEST_F(Undo, UndoOfAcceptingASuggestionPutsItBackInTheQueue) {
  act(pia, make("line", OpKind::AddSuggestion, "s1", {{"column", "worries"}, {"text", "Min mening"}}));
  act(pia, make("pia", OpKind::ResolveSuggestion, "s1", {{"decision", "accept"}, {"card_id", "c-s1"}}));
  ASSERT_FALSE(board.find_card("c-s1")->deleted);
  ASSERT_FALSE(undo(pia, "pia"));
  EXPECT_TRUE(board.find_card("c-s1")->deleted);
  EXPECT_EQ(board.suggestions.at("s1").state, SuggestionState::Pending);
  ASSERT_FALSE(redo(pia, "pia"));
  EXPECT_FALSE(board.find_card("c-s1")->deleted);
  EXPECT_EQ(board.suggestions.at("s1").state, SuggestionState::Accepted);
}

TEST_F(Undo, UndoOfASuggestionWithdrawsIt) {
  UndoHistory line;
  act(line, make("line", OpKind::AddSuggestion, "s1", {{"column", "worries"}, {"text", "Min mening"}}));
  ASSERT_FALSE(undo(line, "line"));
  EXPECT_EQ(board.suggestions.count("s1"), 0u) << "an undone suggestion is taken back, not left as declined";
}

TEST_F(Undo, UndoNeverRevertsOthersWork) {
  act(pia, make("pia", OpKind::EditText, "c1", "Pias tekst"));
  act(anne, make("anne", OpKind::EditText, "c1", "Annes tekst"));
  auto e = undo(pia, "pia");
  ASSERT_TRUE(e.has_value()) << "pia's undo overwrote anne's later edit";
  EXPECT_EQ(e->code, "conflict");
  EXPECT_EQ(board.find_card("c1")->text, "Annes tekst");
  ASSERT_FALSE(undo(anne, "anne"));
  EXPECT_EQ(board.find_card("c1")->text, "Pias tekst");
}

TEST_F(Undo, UndoTouchesOnlyTheAuthorsOwnLastChange) {
  act(pia, make("pia", OpKind::AddCard, "c-pia", {{"column", "worries"}, {"text", "Pia"}}));
  act(anne, make("anne", OpKind::AddCard, "c-anne", {{"column", "worries"}, {"text", "Anne"}}));
  ASSERT_FALSE(undo(pia, "pia"));
  EXPECT_TRUE(board.find_card("c-pia")->deleted);
  EXPECT_FALSE(board.find_card("c-anne")->deleted);
}

TEST_F(Undo, UndoOfAddRefusedWhenSomeoneElseEditedTheCard) {
  act(pia, make("pia", OpKind::AddCard, "c-pia", {{"column", "worries"}, {"text", "Pia"}}));
  act(anne, make("anne", OpKind::SetAgreement, "c-pia", "agree", "anne"));
  ASSERT_TRUE(undo(pia, "pia").has_value());
  EXPECT_FALSE(board.find_card("c-pia")->deleted);
}

TEST_F(Undo, UndoOfMoveRefusedAfterSomeoneElseMovedIt) {
  act(pia, make("pia", OpKind::MoveCard, "c1", {{"column", "working_well"}}));
  act(anne, make("anne", OpKind::MoveCard, "c1", {{"column", "next_steps"}}));
  ASSERT_TRUE(undo(pia, "pia").has_value());
  EXPECT_EQ(board.find_card("c1")->column, Column::NextSteps);
}

TEST_F(Undo, ConflictDropsTheEntrySoTheNextUndoGoesFurtherBack) {
  act(pia, make("pia", OpKind::SetMeetingField, "", "Rådhuset", "place"));
  act(pia, make("pia", OpKind::EditText, "c1", "Pia"));
  act(anne, make("anne", OpKind::EditText, "c1", "Anne"));
  EXPECT_TRUE(undo(pia, "pia").has_value());
  EXPECT_FALSE(undo(pia, "pia"));
  EXPECT_EQ(board.meeting.place, "");
}

TEST_F(Undo, NewChangeClearsRedo) {
  act(pia, make("pia", OpKind::EditText, "c1", "a"));
  ASSERT_FALSE(undo(pia, "pia"));
  EXPECT_TRUE(pia.can_redo());
  act(pia, make("pia", OpKind::EditText, "c1", "b"));
  EXPECT_FALSE(pia.can_redo());
}

TEST_F(Undo, ForgetsRejectedOps) {
  Op op = make("pia", OpKind::EditText, "c1", "a");
  act(pia, op);
  pia.forget(op.id);
  EXPECT_FALSE(pia.can_undo());
}

}  // namespace
}  // namespace tavle::testing
