// issue 15: the child's own place and the safety plan in the documents, read back
// as a reader sees them (PDF through pdftotext): "Barnets stemme" with the child's
// words, who heard them, when and how, and the card from the child's suggestion;
// Hanne, a safe adult not in the room, as who of her step; the bottom lines apart
// from the goals; and the acute plan alone on the last page of the PDF.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

class SecondMeetingExport : public ::testing::TestWithParam<ExportFormat> {
 protected:
  std::string text(ExportKind kind, const std::string& lang) {
    return visible_text(export_or_fail(board, GetParam(), kind, lang, &first), GetParam());
  }
  Board first = sample_board();
  Board board = second_sample_board();
};

TEST_P(SecondMeetingExport, TheChildsVoiceHasItsOwnSectionWithWhoHeardItWhenAndHow) {
  const std::string plan = text(ExportKind::Plan, "da");
  const std::size_t voice = plan.find("Barnets stemme");
  ASSERT_NE(voice, std::string::npos) << plan;
  EXPECT_NE(plan.find("»Jeg bliver bange, når mor sover om aftenen", voice), std::string::npos);
  EXPECT_NE(plan.find("Sagt før mødet", voice), std::string::npos);
  EXPECT_NE(plan.find("Mette Lund, sundhedsplejerske, på skolen", voice), std::string::npos);
  EXPECT_NE(plan.find("7. januar 2027", voice), std::string::npos);
  EXPECT_NE(plan.find("Tegnet", voice), std::string::npos);
  // Emma's accepted suggestion: a card in her name, quoted in her section.
  EXPECT_NE(plan.find("»Jeg vil gerne have, at mormor spiser med os om onsdagen.«", voice), std::string::npos);
  const std::string en = text(ExportKind::Plan, "en");
  EXPECT_NE(en.find("The child's voice"), std::string::npos);
  EXPECT_NE(en.find("Said before the meeting"), std::string::npos);
}

TEST_P(SecondMeetingExport, AStepOwnedByASafeAdultNotInTheRoomNamesHer) {
  const std::string plan = text(ExportKind::Plan, "da");
  const std::size_t step = plan.find("Min veninde Hanne vil gerne være med i planen.");
  ASSERT_NE(step, std::string::npos);
  const std::size_t who = plan.find("Hvem", step);
  ASSERT_NE(who, std::string::npos);
  EXPECT_NE(plan.substr(who, 40).find("Hanne"), std::string::npos) << plan.substr(who, 40);
  EXPECT_EQ(plan.substr(who, 40).find("Ikke aftalt"), std::string::npos);
  const std::size_t network = plan.find("Sikkerhedsnetværket");
  ASSERT_NE(network, std::string::npos);
  EXPECT_NE(plan.find("Mors veninde", network), std::string::npos);
  EXPECT_NE(plan.find("Hanne henter Emma fra skole om onsdagen", network), std::string::npos);
}

TEST_P(SecondMeetingExport, TheBottomLinesStandApartFromTheFamilysGoals) {
  const std::string plan = text(ExportKind::Plan, "da");
  const std::size_t lines = plan.find("Myndighedens bundlinjer");
  ASSERT_NE(lines, std::string::npos);
  const std::size_t goals = plan.find("Farebekymringer og sikkerhedsmål");
  ASSERT_NE(goals, std::string::npos);
  EXPECT_GT(lines, goals);
  EXPECT_NE(plan.find("Emma må ikke være alene hjemme om aftenen eller natten.", lines), std::string::npos);
  EXPECT_EQ(plan.find("Emma må ikke være alene hjemme om aftenen eller natten."),
            plan.find("Emma må ikke være alene hjemme om aftenen eller natten.", lines))
      << "a bottom line is not one of the family's cards";
}

TEST_P(SecondMeetingExport, TheAcutePlanSaysWhoToCallDayAndNight) {
  const std::string plan = text(ExportKind::Plan, "da");
  const std::size_t acute = plan.find("Hvis det går galt: hvem ringer vi til?");
  ASSERT_NE(acute, std::string::npos);
  EXPECT_NE(plan.find("køleskabet", acute), std::string::npos);
  EXPECT_NE(plan.find("Kommunens socialvagt", acute), std::string::npos);
  EXPECT_NE(plan.find("Om natten", acute), std::string::npos);
  EXPECT_NE(plan.find("112", acute), std::string::npos);
  // Day first: grandmother before the night's contacts.
  EXPECT_LT(plan.find("Mormor Birthe", acute), plan.find("Kommunens socialvagt", acute));
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, SecondMeetingExport,
                         ::testing::Values(ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown),
                         [](const auto& info) {
                           switch (info.param) {
                             case ExportFormat::Pdf: return std::string("Pdf");
                             case ExportFormat::Html: return std::string("Html");
                             default: return std::string("Markdown");
                           }
                         });

// The acute plan is a page of its own, the last one, for the fridge.
TEST(AcutePlanPage, IsAloneOnTheLastPageOfThePdf) {
  const Board board = second_sample_board();
  const std::string pdf = export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "da");
  // With TAVLE_EXPORT_SAMPLES naming a folder, the plan is kept there to look at (docs/images).
  if (const char* folder = std::getenv("TAVLE_EXPORT_SAMPLES"))
    std::ofstream(std::filesystem::path(folder) / "second-meeting-plan-da.pdf", std::ios::binary) << pdf;
  const std::string layout = pdf_layout_text(pdf);
  std::vector<std::string> pages;
  for (std::size_t start = 0;;) {
    const std::size_t end = layout.find('\f', start);
    pages.push_back(layout.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  while (!pages.empty() && pages.back().find_first_not_of(" \n") == std::string::npos) pages.pop_back();
  ASSERT_GE(pages.size(), 2u);
  const std::string last = collapse_spaces(pages.back());
  EXPECT_NE(last.find("Hvis det går galt"), std::string::npos) << last;
  EXPECT_NE(last.find("Mormor Birthe 40 50 60 70 Om dagen"), std::string::npos) << last;
  EXPECT_NE(last.find("Om natten"), std::string::npos);
  // No word is broken inside by a narrow column ("Alarmcentrale" / "n" was).
  EXPECT_NE(last.find("Alarmcentralen 112"), std::string::npos) << last;
  EXPECT_EQ(last.find("Godkendelse"), std::string::npos) << "nothing else shares the acute plan's page";
  EXPECT_EQ(collapse_spaces(pages[pages.size() - 2]).find("Hvis det går galt"), std::string::npos);
  // A plan without an acute plan has no such page.
  const std::string first = export_or_fail(sample_board(), ExportFormat::Pdf, ExportKind::Plan, "da");
  EXPECT_EQ(pdf_text(first).find("Hvis det går galt"), std::string::npos);
}

}  // namespace
}  // namespace tavle::test
