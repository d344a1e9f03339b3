// The PDF reads well on A4: long texts wrap inside the margins, many cards flow
// onto more pages, no text is lost at a page break, and a heading is never left
// alone at the bottom of a page.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "export/strings.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

constexpr double kPageWidth = 595.28, kPageHeight = 841.89, kMargin = 56.7;

std::string long_text(int seed) {
  static const char* words[] = {"Emma",   "mormor", "aftenerne", "skolen", "tryg", "planen",  "køleskabet",
                                "sammen", "hver",   "uge",       "ÆØÅ",    "læge", "besøger", "familien"};
  std::string out = "Kort " + std::to_string(seed) + ":";
  for (int i = 0; i < 90; ++i) out += std::string(" ") + words[(seed * 7 + i * 3) % 14];
  return out;
}

Board board_with_long_cards(int count) {
  std::vector<std::pair<Column, std::string>> cards;
  for (int i = 0; i < count; ++i) cards.push_back({kColumns[i % 3], long_text(i)});
  return sample_with_cards(cards);
}

std::string without_spaces(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\f') out += c;
  return out;
}

TEST(PdfLayout, ManyLongCardsFlowOntoMorePages) {
  int base = pdf_page_count(export_or_fail(board_with_long_cards(0), ExportFormat::Pdf, ExportKind::Plan, "da"));
  int some = pdf_page_count(export_or_fail(board_with_long_cards(30), ExportFormat::Pdf, ExportKind::Plan, "da"));
  int more = pdf_page_count(export_or_fail(board_with_long_cards(60), ExportFormat::Pdf, ExportKind::Plan, "da"));
  EXPECT_GE(base, 2);
  EXPECT_GT(some, base + 3);
  // Twice the cards take about twice the extra pages (within a page or two of rounding).
  EXPECT_NEAR(more - base, 2 * (some - base), 2) << base << " " << some << " " << more;
}

TEST(PdfLayout, NoWordCrossesTheMarginsAndNoTextIsLost) {
  std::vector<std::pair<Column, std::string>> cards;
  for (int i = 0; i < 40; ++i) cards.push_back({kColumns[i % 3], long_text(i)});
  cards.push_back({Column::Worries, std::string(500, 'w')});  // one word longer than a line
  Board board = sample_with_cards(cards);
  std::string pdf = export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "da");
  std::vector<PdfWord> words = pdf_words(pdf);
  ASSERT_GT(words.size(), 3000u);
  for (const PdfWord& w : words) {
    EXPECT_GE(w.x_min, kMargin - 1) << w.text;
    EXPECT_LE(w.x_max, kPageWidth - kMargin + 1) << w.text;
    EXPECT_GE(w.y_min, kMargin - 1) << w.text;
    EXPECT_LE(w.y_max, kPageHeight - 20) << w.text;
  }
  // A card that runs over a page break has the next page's running head inside it.
  const std::string text = std::regex_replace(without_spaces(pdf_text(pdf)),
                                              std::regex("Familiensplan·FamilienJensen·25\\.november2026Side[0-9]+af[0-9]+"), "");
  for (const auto& [column, card_text] : cards) EXPECT_NE(text.find(without_spaces(card_text)), std::string::npos) << card_text;
}

// With 0..11 extra cards, section headings land at every height of a page.
TEST(PdfLayout, HeadingIsNeverTheLastLineOfAPage) {
  const std::vector<std::string> headings = {"Om mødet",
                                             "Hvem var med",
                                             "Hvad går godt?",
                                             "Hvad bekymrer os?",
                                             "Farebekymringer og sikkerhedsmål",
                                             "Hvad skal der ske?",
                                             "Sikkerhedsskalaen",
                                             "Næste møde",
                                             "Godkendelse og underskrifter"};
  for (int count = 0; count < 12; ++count) {
    std::string layout =
        pdf_layout_text(export_or_fail(board_with_long_cards(count), ExportFormat::Pdf, ExportKind::Plan, "da"));
    std::istringstream pages(layout);
    std::string page;
    int number = 0;
    while (std::getline(pages, page, '\f')) {
      ++number;
      std::vector<std::string> lines;
      std::istringstream in(page);
      for (std::string line; std::getline(in, line);)
        if (!collapse_spaces(line).empty()) lines.push_back(collapse_spaces(line));
      if (lines.size() < 2) continue;
      ASSERT_NE(lines.back().find("Side " + std::to_string(number) + " af"), std::string::npos) << lines.back();
      const std::string& last = lines[lines.size() - 2];  // the line above the footer
      EXPECT_EQ(std::find(headings.begin(), headings.end(), last), headings.end())
          << "heading \"" << last << "\" alone at the bottom of page " << number << " with " << count << " cards";
    }
    EXPECT_GE(number, 2);
  }
}

// A section's intro (the note under its heading, e.g. "Hvem hjælper": what each person
// or place around the family does) explains what follows, so it never ends a page
// with its section's content on the next. Next steps of two lines each, 0..29 of them,
// bring every later section's intro to every height of a page.
TEST(PdfLayout, ASectionsIntroIsNeverLeftAloneAtTheBottomOfAPage) {
  exporting::Strings strings;
  ASSERT_FALSE(exporting::Strings::load("da", strings));
  std::vector<std::string> intros;
  for (const char* key : {"intro_working_well", "intro_worries", "intro_next_steps", "intro_danger", "intro_goals",
                          "intro_interventions", "intro_overview", "intro_child_voice", "intro_network",
                          "intro_bottom_lines", "intro_acute"})
    intros.push_back(collapse_spaces(strings.get(key)));
  // The last line of a page's text ends an intro: the line, or the intro's wrapped tail.
  auto ends_an_intro = [&](const std::string& line) {
    for (const std::string& intro : intros)
      if (line.size() >= 12 && intro.size() >= line.size() && intro.compare(intro.size() - line.size(), line.size(), line) == 0)
        return true;
    return false;
  };
  int checked_pages = 0;
  for (int count = 0; count < 30; ++count) {
    std::vector<std::pair<Column, std::string>> steps;
    for (int i = 0; i < count; ++i) steps.push_back({Column::NextSteps, long_text(i).substr(0, 150)});
    std::string layout = pdf_layout_text(export_or_fail(sample_with_cards(steps), ExportFormat::Pdf, ExportKind::Plan, "da"));
    std::istringstream pages(layout);
    std::string page;
    int number = 0;
    while (std::getline(pages, page, '\f')) {
      ++number;
      std::vector<std::string> lines;
      std::istringstream in(page);
      for (std::string line; std::getline(in, line);)
        if (!collapse_spaces(line).empty()) lines.push_back(collapse_spaces(line));
      if (lines.size() < 3 || lines.back().find("Side " + std::to_string(number) + " af") == std::string::npos) continue;
      ++checked_pages;
      const std::string& last = lines[lines.size() - 2];  // the line above the footer
      EXPECT_FALSE(ends_an_intro(last)) << "the intro \"" << last << "\" alone at the bottom of page " << number
                                        << " with " << count << " extra next steps";
    }
  }
  EXPECT_GE(checked_pages, 60);
}

// "Mål for Emma" names whose goals follow: left alone at the foot of a page (the demo's
// second meeting did so on page 1), Emma's goals seemed to be none. 0..19 goals for the
// whole family move the labels of Kasper's, Line's and Emma's goals down the pages.
TEST(PdfLayout, AGoalsForLabelIsNeverLeftAloneAtTheBottomOfAPage) {
  int checked_pages = 0;
  for (int count = 0; count < 20; ++count) {
    Board board = sample_board();
    for (int i = 0; i < count; ++i) {
      Op op;
      op.kind = OpKind::AddGoal;
      op.target = "g-test-" + std::to_string(i);
      op.value = {{"text", "Et mål for hele familien nummer " + std::to_string(i) +
                               ": vi spiser sammen om aftenen, og Emma ved, hvem hun kan ringe til."},
                  {"for", nlohmann::json::array()}};
      op.id = "test:" + std::to_string(i);
      op.author = "p-pia";
      op.at = 1795600000000 + i;
      const ApplyResult r = apply(board, op);
      ASSERT_TRUE(r.ok()) << (r.error ? r.error->message : "");
    }
    std::istringstream pages(pdf_layout_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "da")));
    std::string page;
    int number = 0;
    while (std::getline(pages, page, '\f')) {
      ++number;
      std::vector<std::string> lines;
      std::istringstream in(page);
      for (std::string line; std::getline(in, line);)
        if (!collapse_spaces(line).empty()) lines.push_back(collapse_spaces(line));
      if (lines.size() < 3 || lines.back().find("Side " + std::to_string(number) + " af") == std::string::npos) continue;
      ++checked_pages;
      const std::string& last = lines[lines.size() - 2];
      EXPECT_NE(last.rfind("Mål for ", 0), 0u) << "\"" << last << "\" alone at the bottom of page " << number << " with "
                                             << count << " extra goals";
    }
  }
  EXPECT_GE(checked_pages, 40);
}

TEST(PdfLayout, TableHeaderIsRepeatedOnEveryPageTheTableContinuesOn) {
  Board board = board_with_long_cards(0);
  for (int i = 10; i < 90; ++i) {
    Participant p;
    p.id = "p-extra-" + std::to_string(i);
    p.name = "Deltager " + std::to_string(i);
    p.organisation = "Netværket";
    board.participants[p.id] = p;
  }
  std::string layout = pdf_layout_text(export_or_fail(board, ExportFormat::Pdf, ExportKind::Plan, "da"));
  std::istringstream pages(layout);
  int pages_with_rows = 0;
  for (std::string page; std::getline(pages, page, '\f');) {
    std::size_t first_row = page.find("Deltager ");
    if (first_row == std::string::npos) continue;
    ++pages_with_rows;
    std::size_t header = page.find("Navn");
    EXPECT_TRUE(header != std::string::npos && header < first_row) << page.substr(0, 300);
  }
  EXPECT_GE(pages_with_rows, 2);
}

TEST(PdfLayout, EveryPageIsNumberedOutOfTheTotal) {
  std::string pdf = export_or_fail(board_with_long_cards(20), ExportFormat::Pdf, ExportKind::Plan, "en");
  int pages = pdf_page_count(pdf);
  ASSERT_GE(pages, 4);
  std::string text = pdf_text(pdf);
  for (int p = 1; p <= pages; ++p)
    EXPECT_NE(text.find("Page " + std::to_string(p) + " of " + std::to_string(pages)), std::string::npos) << p;
}

TEST(PdfLayout, IsA4WithSelectableDanishText) {
  std::string pdf = export_or_fail(sample_with_cards({{Column::WorkingWell, "Æble øl på Åen: ÆØÅ æøå"}}),
                                   ExportFormat::Pdf, ExportKind::Plan, "da");
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf_text(pdf).find("Æble øl på Åen: ÆØÅ æøå"), std::string::npos);
  std::vector<PdfWord> words = pdf_words(pdf);
  ASSERT_FALSE(words.empty());
  double right = 0, bottom = 0;
  for (const PdfWord& w : words) right = std::max(right, w.x_max), bottom = std::max(bottom, w.y_max);
  EXPECT_LT(right, kPageWidth);
  EXPECT_LT(bottom, kPageHeight);
}

}  // namespace
}  // namespace tavle::test
