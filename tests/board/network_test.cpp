// issue 15: the child's voice, the safety network, the acute plan and the
// authority's bottom lines: set_entry with its checks and undo, a next step owned
// by a safe adult who is not in the room, what a next meeting carries, the file form.
#include "board/network.hpp"

#include "board/followup.hpp"

#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/continuity.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "board/undo.hpp"

namespace tavle {
namespace {

class Network : public ::testing::Test {
 protected:
  Op entry(const char* list, const std::string& id, nlohmann::json value, const std::string& author = "p-pia") {
    Op op;
    op.id = author + ":n" + std::to_string(++seq_);
    op.author = author;
    op.at = 1795600000000 + seq_;
    op.kind = OpKind::SetEntry;
    op.field = list;
    op.target = id;
    op.value = std::move(value);
    return op;
  }
  std::string rejected(const Op& op) {
    const auto before = state_hash(board);
    ApplyResult r = apply(board, op);
    EXPECT_FALSE(r.ok()) << to_json(op).dump();
    EXPECT_EQ(state_hash(board), before) << "a rejected op changed the board";
    return r.error ? r.error->code : "";
  }
  Board board = sample_board();
  int seq_ = 0;
};

TEST_F(Network, TheChildsWordsKeepWhoHeardThemWhenAndHow) {
  ApplyResult r = apply(board, entry("child_voice", "v-1",
                                     {{"child", "p-emma"},
                                      {"text", "Jeg kan bedst lide, når mormor henter mig."},
                                      {"how", "said_before"},
                                      {"heard_by", "Mette, sundhedsplejerske"},
                                      {"on", "2026-11-18"}}));
  ASSERT_TRUE(r.ok()) << r.error->message;
  const ChildWords& w = board.child_voice.at("v-1");
  EXPECT_EQ(w.child, "p-emma");
  EXPECT_EQ(w.how, VoiceHow::SaidBefore);
  EXPECT_EQ(w.heard_by, "Mette, sundhedsplejerske");
  EXPECT_EQ(w.on, "2026-11-18");
  EXPECT_EQ(w.by, "p-pia");
  EXPECT_TRUE(apply(board, entry("child_voice", "v-2", {{"child", "p-emma"}, {"text", "Et hus med en sol"}, {"how", "drawn"},
                                                        {"house", "dreams"}}))
                  .ok());
  EXPECT_EQ(board.child_voice.at("v-2").house, "dreams");
}

TEST_F(Network, OnlyAChildsWordsAreTheChildsAndBadFieldsAreNamed) {
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-line"}, {"text", "x"}})), "not_found");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", ""}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "x"}, {"how", "sung"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "x"}, {"house", "castle"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "x"}, {"on", "i går"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "x"}, {"mood", "glad"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", std::string(2001, 'x')}})), "too_long");
  EXPECT_EQ(rejected(entry("diary", "v-1", {{"text", "x"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "bad id!", {{"child", "p-emma"}, {"text", "x"}})), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-1", "just text")), "invalid");
  EXPECT_EQ(rejected(entry("child_voice", "v-none", nullptr)), "not_found");
  EXPECT_EQ(rejected(entry("acute_plan", "a-1", {{"who", "Døgnvagten"}, {"when", "weekends"}})), "invalid");
  EXPECT_EQ(rejected(entry("safe_adults", "sa-1", {{"relation", "Nabo"}})), "invalid");
}

TEST_F(Network, ASafeAdultNotInTheRoomCanOwnANextStep) {
  ASSERT_TRUE(apply(board, entry("safe_adults", "sa-hanne",
                                 {{"name", "Hanne"}, {"relation", "Mors veninde"}, {"contact", "22 33 44 55"},
                                  {"commits", "Emma kan ringe til Hanne, og Hanne henter fra skole om onsdagen."}}))
                  .ok());
  Op own;
  own.id = "p-pia:own";
  own.author = "p-pia";
  own.kind = OpKind::SetCardField;
  own.target = "c-hanne";
  own.field = "owners";
  own.value = {"sa-hanne", "p-line"};
  ApplyResult r = apply(board, own);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(owner_name(board, "sa-hanne"), "Hanne");
  // Removing her while she owns the step is refused; the step keeps its owner.
  EXPECT_EQ(rejected(entry("safe_adults", "sa-hanne", nullptr)), "in_use");
  // Nobody else can be made an owner out of thin air.
  own.id = "p-pia:own2";
  own.value = {"sa-nobody"};
  EXPECT_FALSE(apply(board, own).ok());
}

TEST_F(Network, UndoPutsBackWhatWasThereAndNeverOverwritesOthers) {
  UndoHistory pia;
  auto stamp = [this](Op& o) { o.id = "p-pia:undo" + std::to_string(++seq_); o.at = 1795700000000; };
  Op add = entry("bottom_lines", "b-1", {{"text", "Emma må ikke være alene hjemme om natten."}});
  ApplyResult r = apply(board, add);
  ASSERT_TRUE(r.ok());
  pia.record(add, r.inverse);
  Op change = entry("bottom_lines", "b-1", {{"text", "Emma er aldrig alene hjemme om natten."}});
  r = apply(board, change);
  ASSERT_TRUE(r.ok());
  pia.record(change, r.inverse);
  Op sent;
  ASSERT_FALSE(pia.undo(board, stamp, sent));
  EXPECT_EQ(board.bottom_lines.at("b-1").text, "Emma må ikke være alene hjemme om natten.");
  ASSERT_FALSE(pia.undo(board, stamp, sent));
  EXPECT_EQ(board.bottom_lines.count("b-1"), 0u);
  ASSERT_FALSE(pia.redo(board, stamp, sent));
  EXPECT_EQ(board.bottom_lines.count("b-1"), 1u);
  // Mette changes it; Pia's undo of her own add is refused, Mette's words stay.
  ASSERT_TRUE(apply(board, entry("bottom_lines", "b-1", {{"text", "Mettes ord"}}, "p-mette")).ok());
  auto e = pia.undo(board, stamp, sent);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "conflict");
  EXPECT_EQ(board.bottom_lines.at("b-1").text, "Mettes ord");
}

TEST_F(Network, SafeAdultsAcutePlanAndBottomLinesCarryOnTheChildsWordsBelongToTheirMeeting) {
  ASSERT_TRUE(apply(board, entry("safe_adults", "sa-hanne", {{"name", "Hanne"}, {"relation", "Mors veninde"}})).ok());
  ASSERT_TRUE(apply(board, entry("acute_plan", "a-1", {{"who", "Kommunens døgnvagt"}, {"phone", "70 20 30 40"},
                                                       {"when", "night"}}))
                  .ok());
  ASSERT_TRUE(apply(board, entry("bottom_lines", "b-1", {{"text", "Ingen alkohol, når Emma er hjemme."}})).ok());
  ASSERT_TRUE(apply(board, entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "Jeg vil gerne bo hjemme."}})).ok());
  const Board next = start_next_meeting(board, "m-next", 1800000000000);
  EXPECT_EQ(next.safe_adults.at("sa-hanne").relation, "Mors veninde");
  EXPECT_EQ(next.acute_plan.at("a-1").when, "night");
  EXPECT_EQ(next.bottom_lines.at("b-1").text, "Ingen alkohol, når Emma er hjemme.");
  EXPECT_TRUE(next.child_voice.empty()) << "each meeting hears the child again";
}

TEST_F(Network, TheFileKeepsEveryListAndOlderFilesStayAsTheyWere) {
  EXPECT_FALSE(to_json(board).contains("child_voice"));
  ASSERT_TRUE(apply(board, entry("child_voice", "v-1", {{"child", "p-emma"}, {"text", "Jeg vil gerne bo hjemme."},
                                                        {"how", "written"}}))
                  .ok());
  ASSERT_TRUE(apply(board, entry("safe_adults", "sa-1", {{"name", "Hanne"}})).ok());
  ASSERT_TRUE(apply(board, entry("acute_plan", "a-1", {{"who", "Mormor"}, {"phone", "11 22 33 44"}})).ok());
  ASSERT_TRUE(apply(board, entry("bottom_lines", "b-1", {{"text", "Ingen alkohol."}})).ok());
  Board read;
  ASSERT_FALSE(board_from_json(to_json(board), read));
  EXPECT_EQ(state_hash(read), state_hash(board));
  EXPECT_EQ(read.child_voice.at("v-1").how, VoiceHow::Written);
  EXPECT_EQ(read.child_voice.at("v-1").by, "p-pia");
  nlohmann::json bad = to_json(board);
  bad["acute_plan"][0]["when"] = "sometimes";
  auto e = board_from_json(bad, read);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("acute_plan[0].when"), std::string::npos) << e->message;
}

// The demo's second meeting (tavle demo): a follow-up with real carried agreements,
// Emma's words in her own place, Hanne owning her step, an acute plan.
TEST(SecondDemoMeeting, ContinuesTheFirstWithEverythingTheFollowUpAndTheChildNeed) {
  const Board b = second_sample_board();
  EXPECT_EQ(b.meeting.previous_meeting_id, "m-sample");
  EXPECT_EQ(followup_steps(b).size(), 6u);
  EXPECT_EQ(followup_count(b).overdue, 3);
  EXPECT_EQ(followup_count(b).open, 6) << "the demo leaves the follow-up to the facilitator";
  EXPECT_EQ(b.child_voice.size(), 2u);
  EXPECT_EQ(b.find_card("c-hanne")->step.owners, std::vector<std::string>{"sa-hanne"});
  EXPECT_EQ(owner_name(b, "sa-hanne"), "Hanne");
  const Card* emma = b.find_card("c-onsdag");
  ASSERT_NE(emma, nullptr);
  EXPECT_EQ(emma->author, "p-emma");
  EXPECT_EQ(cards_in_childs_words(b).size(), 1u);
  EXPECT_EQ(b.acute_plan.size(), 4u);
  EXPECT_EQ(b.bottom_lines.size(), 1u);
  Board read;
  ASSERT_FALSE(board_from_json(to_json(b), read));
  EXPECT_EQ(state_hash(read), state_hash(b));
}

}  // namespace
}  // namespace tavle
