// The minutes of a follow-up meeting review the next steps carried over from the
// last meeting (done, not done, carried on) and show what changed since then.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/continuity.hpp"
#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

class FollowUpMeeting : public ::testing::TestWithParam<ExportFormat> {
 protected:
  void SetUp() override {
    previous = sample_board();
    current = start_next_meeting(previous, "m-next", 1797000000000);
    step("c-aftenplan", "status", "done");
    step("c-skolebesked", "status", "not_done");
    step("c-besoeg", "status", "carried_on");
    run(OpKind::EditText, "c-fare", "Emma er alene hjemme om aftenen, og ingen voksen ved det.");
    run(OpKind::AddCard, "c-ny", {{"column", "working_well"}, {"text", "Aftenplanen hænger på køleskabet nu."}});
    run(OpKind::SetRating, "p-line", {{"value", 9}, {"reason", "Planen virker."}});
  }

  void step(const std::string& card, const std::string& field, const std::string& value) {
    run(OpKind::SetCardField, card, value, field);
  }
  void run(OpKind kind, const std::string& target, nlohmann::json value, const std::string& field = "") {
    Op op;
    op.id = "next:" + std::to_string(++ops_);
    op.author = target.rfind("p-", 0) == 0 ? target : "p-pia";
    op.at = 1797000000000 + ops_ * 1000;
    op.kind = kind;
    op.target = target;
    op.field = field;
    op.value = std::move(value);
    ApplyResult r = apply(current, op);
    ASSERT_TRUE(r.ok()) << r.error->message;
  }

  // The status written for `card_text` at or after `from` in the export's text.
  static std::string status_after(const std::string& text, const std::string& card_text, std::size_t from) {
    std::size_t at = text.find(card_text, from);
    if (at == std::string::npos) return "<card missing>";
    std::size_t label = text.find("Status", at);
    if (label == std::string::npos) return "<status missing>";
    std::string rest = text.substr(label + 6, 20);
    std::size_t start = rest.find_first_not_of(": ");
    return start == std::string::npos ? "" : rest.substr(start);
  }

  std::string minutes(const std::string& lang) {
    return visible_text(export_or_fail(current, GetParam(), ExportKind::Minutes, lang, &previous), GetParam());
  }

  Board previous, current;
  int ops_ = 0;
};

TEST_P(FollowUpMeeting, ReviewsEveryCarriedNextStep) {
  std::string text = minutes("da");
  std::size_t review = text.find("Opfølgning på aftalerne fra sidste møde");
  ASSERT_NE(review, std::string::npos);
  EXPECT_EQ(status_after(text, current.cards.at("c-aftenplan").text, review).rfind("Gjort", 0), 0u);
  EXPECT_EQ(status_after(text, current.cards.at("c-skolebesked").text, review).rfind("Ikke gjort", 0), 0u);
  EXPECT_EQ(status_after(text, current.cards.at("c-besoeg").text, review).rfind("Fortsætter", 0), 0u);
  // Still open at the review: it simply goes on.
  EXPECT_EQ(status_after(text, current.cards.at("c-job").text, review).rfind("Fortsætter", 0), 0u);
}

TEST_P(FollowUpMeeting, ShowsWhatChangedSinceTheLastMeeting) {
  std::string text = minutes("en");
  std::size_t changes = text.find("What has changed since the last meeting");
  ASSERT_NE(changes, std::string::npos);
  std::size_t edited = text.find("Emma er alene hjemme om aftenen, og ingen voksen ved det.", changes);
  EXPECT_NE(edited, std::string::npos);
  EXPECT_NE(text.find(collapse_spaces(previous.cards.at("c-fare").text), changes), std::string::npos)
      << "the text before the change";
  EXPECT_NE(text.find("Aftenplanen hænger på køleskabet nu.", changes), std::string::npos);
  EXPECT_NE(text.find("New", changes), std::string::npos);
  EXPECT_NE(text.find("Changed", changes), std::string::npos);
  EXPECT_NE(text.find("Removed", changes), std::string::npos) << "cards of the last meeting only";
}

TEST_P(FollowUpMeeting, FamilyPlanHasNoReviewOrChangesSections) {
  std::string text = visible_text(export_or_fail(current, GetParam(), ExportKind::Plan, "da", &previous), GetParam());
  EXPECT_EQ(text.find("Opfølgning på aftalerne"), std::string::npos);
  EXPECT_EQ(text.find("Det har ændret sig"), std::string::npos);
  EXPECT_NE(text.find("Fra sidste møde"), std::string::npos) << "carried steps are marked";
}

TEST_P(FollowUpMeeting, MinutesWithoutAnEarlierMeetingSaySo) {
  std::string text = visible_text(export_or_fail(sample_board(), GetParam(), ExportKind::Minutes, "da"), GetParam());
  EXPECT_NE(text.find("Der er ikke et tidligere møde at sammenligne med."), std::string::npos);
  EXPECT_NE(text.find("Der var ingen aftaler fra sidste møde at følge op på."), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(ReadableFormats, FollowUpMeeting,
                         ::testing::Values(ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown),
                         [](const auto& info) { return std::string(name_of(info.param)); });

}  // namespace
}  // namespace tavle::test
