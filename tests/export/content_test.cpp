// Every format carries the whole agreed plan: each card's text, each next step's
// owners and due date, the coordinator, and the column headings in the language
// asked for. Checked on what a reader sees (see export_probe.hpp).
#include <gtest/gtest.h>

#include <tuple>

#include "board/sample.hpp"
#include "nlohmann/json.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

using Case = std::tuple<ExportFormat, std::string>;

class ExportContent : public ::testing::TestWithParam<Case> {
 protected:
  ExportFormat format() const { return std::get<0>(GetParam()); }
  const std::string& lang() const { return std::get<1>(GetParam()); }
  bool json() const { return format() == ExportFormat::Json; }
};

// How a "YYYY-MM-DD" due date reads in the export.
std::string due_as_written(const std::string& iso, const std::string& lang, bool json) {
  if (json) return iso;
  static const char* da[] = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                             "juli",   "august",  "september", "oktober", "november", "december"};
  static const char* en[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};
  int year = std::stoi(iso.substr(0, 4)), month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  std::string name = lang == "da" ? da[month - 1] : en[month - 1];
  return lang == "da" ? std::to_string(day) + ". " + name + " " + std::to_string(year)
                      : std::to_string(day) + " " + name + " " + std::to_string(year);
}

TEST_P(ExportContent, FamilyPlanHasEveryFamilyCardText) {
  Board board = sample_board();
  std::string text = visible_text(export_or_fail(board, format(), ExportKind::Plan, lang()), format());
  int checked = 0;
  for (const auto& [id, card] : board.cards) {
    if (card.deleted || card.professional_only) continue;
    EXPECT_NE(text.find(collapse_spaces(card.text)), std::string::npos) << "missing card " << id;
    ++checked;
  }
  EXPECT_GE(checked, 14);
}

TEST_P(ExportContent, EveryNextStepShowsItsOwnersAndDueDate) {
  Board board = sample_board();
  std::string text = visible_text(export_or_fail(board, format(), ExportKind::Plan, lang()), format());
  for (const Card* step : board.column(Column::NextSteps)) {
    for (const std::string& owner : step->step.owners) {
      const std::string& expected = json() ? owner : board.participants.at(owner).name;
      EXPECT_NE(text.find(expected), std::string::npos) << step->id << " owner " << owner;
    }
    if (!step->step.due.empty()) {
      EXPECT_NE(text.find(due_as_written(step->step.due, lang(), json())), std::string::npos)
          << step->id << " due " << step->step.due;
    }
  }
}

TEST_P(ExportContent, NamesTheCoordinator) {
  Board board = sample_board();
  std::string bytes = export_or_fail(board, format(), ExportKind::Plan, lang());
  ASSERT_EQ(board.meeting.coordinator, "p-mette");
  if (json()) {
    EXPECT_EQ(nlohmann::json::parse(bytes)["meeting"]["coordinator"], "p-mette");
    return;
  }
  // The PDF sets labels and values in two columns: read it line by line.
  std::string text = format() == ExportFormat::Pdf ? pdf_layout_text(bytes) : visible_text(bytes, format());
  std::string label = lang() == "da" ? "Koordinator" : "Coordinator";
  std::size_t at = text.find(label);
  ASSERT_NE(at, std::string::npos);
  std::string after = collapse_spaces(text.substr(at + label.size(), 40));
  EXPECT_TRUE(after.rfind(": Mette Lund", 0) == 0 || after.rfind("Mette Lund", 0) == 0) << after;
}

TEST_P(ExportContent, ColumnHeadingsAreInTheChosenLanguage) {
  if (json()) GTEST_SKIP() << "JSON is the model's file format: columns are named by their wire names";
  std::string text = visible_text(export_or_fail(sample_board(), format(), ExportKind::Plan, lang()), format());
  std::vector<std::string> da = {"Hvad går godt?", "Hvad bekymrer os?", "Hvad skal der ske?"};
  std::vector<std::string> en = {"What's working well?", "What are we worried about?", "What needs to happen?"};
  for (const std::string& heading : lang() == "da" ? da : en)
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  for (const std::string& heading : lang() == "da" ? en : da)
    EXPECT_EQ(text.find(heading), std::string::npos) << "other language's " << heading;
}

TEST_P(ExportContent, ShowsTheSafetyScaleQuestionAndEveryRating) {
  Board board = sample_board();
  std::string text = visible_text(export_or_fail(board, format(), ExportKind::Plan, lang()), format());
  EXPECT_NE(text.find(collapse_spaces(board.scale.question)), std::string::npos);
  for (const auto& [pid, rating] : board.scale.ratings)
    if (!rating.reason.empty()) {
      EXPECT_NE(text.find(rating.reason), std::string::npos) << pid;
    }
}

TEST_P(ExportContent, FamilyPlanNeverContainsProfessionalOnlyCards) {
  Board board = sample_with_cards(
      {{Column::Worries, "HEMMELIGT-fagligt-notat om mor"}, {Column::NextSteps, "HEMMELIGT-skridt for fagpersoner"}},
      true);
  std::string bytes = export_or_fail(board, format(), ExportKind::Plan, lang());
  std::string text = visible_text(bytes, format());
  EXPECT_EQ(text.find("HEMMELIGT"), std::string::npos);
  EXPECT_EQ(text.find("psykiatrien om mors behandlingsforløb"), std::string::npos);  // the sample's own
  if (!json() && format() != ExportFormat::Pdf) {
    EXPECT_EQ(bytes.find("HEMMELIGT"), std::string::npos);
  }
}

TEST_P(ExportContent, MinutesShowProfessionalOnlyCardsMarked) {
  Board board = sample_board();
  std::string text = visible_text(export_or_fail(board, format(), ExportKind::Minutes, lang()), format());
  EXPECT_NE(text.find(collapse_spaces(board.cards.at("c-psyk").text)), std::string::npos);
  if (json()) return;
  std::string mark = lang() == "da" ? "Kun for fagpersoner" : "Professionals only";
  EXPECT_NE(text.find(mark), std::string::npos);
}

TEST_P(ExportContent, BlindRatingsNotYetRevealedStayHidden) {
  Board board = sample_board();
  ASSERT_TRUE(board.scale.blind);
  board.scale.revealed = false;
  for (ExportKind kind : {ExportKind::Plan, ExportKind::Minutes}) {
    std::string text = visible_text(export_or_fail(board, format(), kind, lang()), format());
    for (const auto& [pid, rating] : board.scale.ratings) {
      if (!rating.reason.empty()) {
        EXPECT_EQ(text.find(rating.reason), std::string::npos) << pid;
      }
    }
    if (!json()) {
      std::string hidden = lang() == "da" ? "ikke vist endnu" : "not revealed";
      std::size_t count = 0;
      for (std::size_t at = text.find(hidden); at != std::string::npos; at = text.find(hidden, at + 1)) ++count;
      EXPECT_EQ(count, board.scale.ratings.size());
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return std::string(name_of(std::get<0>(info.param))) + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, ExportContent,
                         ::testing::Combine(::testing::Values(ExportFormat::Pdf, ExportFormat::Html,
                                                              ExportFormat::Markdown, ExportFormat::Json),
                                            ::testing::Values(std::string("da"), std::string("en"))),
                         case_name);

}  // namespace
}  // namespace tavle::test
