// The HTML is one self-contained printable file; the Markdown keeps a card's
// lines inside its list item; both languages have the same texts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

TEST(HtmlExport, IsOneSelfContainedPrintableFile) {
  std::string html = export_or_fail(sample_board(), ExportFormat::Html, ExportKind::Plan, "da");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"da\">"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_NE(html.find("content: \"Side \" counter(page) \" af \" counter(pages)"), std::string::npos);
  // Nothing fetched from elsewhere: no scripts, stylesheets, images or fonts by URL.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  HtmlView view = parse_html(html);
  ASSERT_TRUE(view.parsed);
  EXPECT_NE(view.body_text.find("Familiens plan"), std::string::npos);
}

TEST(HtmlExport, EveryCardIsItsOwnListItem) {
  Board board = sample_board();
  HtmlView view = parse_html(export_or_fail(board, ExportFormat::Html, ExportKind::Plan, "en"));
  for (const Card* card : board.column(Column::WorkingWell)) {
    std::string text = collapse_spaces(card->text);
    int items = 0;
    for (const std::string& li : view.list_item_texts) items += li.find(text) != std::string::npos;
    EXPECT_EQ(items, 1) << card->id;
  }
}

TEST(MarkdownExport, MultiLineCardStaysInItsListItem) {
  Board board =
      sample_with_cards({{Column::WorkingWell, "Første linje\nanden linje\n\nnyt afsnit\n- ikke en ny liste"}});
  std::string markdown = export_or_fail(board, ExportFormat::Markdown, ExportKind::Plan, "da");
  HtmlView view = parse_html(markdown_to_html(markdown));
  int holding = 0;
  for (const std::string& li : view.list_item_texts)
    holding += li.find("Første linje anden linje nyt afsnit - ikke en ny liste") != std::string::npos;
  EXPECT_EQ(holding, 1) << markdown;
  // The mother's "siger selv til" card of the sample has two lines as well.
  std::string two_lines = collapse_spaces(board.cards.at("c-siger-til").text);
  holding = 0;
  // (the item goes on with who wrote it: issue 14)
  for (const std::string& li : view.list_item_texts) holding += li.rfind(two_lines + " Skrevet af", 0) == 0;
  EXPECT_EQ(holding, 1);
}

TEST(MarkdownExport, ParticipantsAreATableWithEscapedPipes) {
  Board board = sample_board();
  board.participants.at("p-birthe").organisation = "Mormor | nabo";
  std::string markdown = export_or_fail(board, ExportFormat::Markdown, ExportKind::Plan, "da");
  std::string html = markdown_to_html(markdown);
  HtmlView view = parse_html(html);
  int tables = 0, cells = 0;
  for (const std::string& name : view.element_names) tables += name == "table", cells += name == "td";
  EXPECT_EQ(tables, 2) << "participants and the safety scale";
  EXPECT_NE(html.find("<td>Mormor | nabo</td>"), std::string::npos);
  EXPECT_EQ(cells, 9 * 4 + 7 * 3);
}

std::set<std::string> string_keys(const std::string& lang) {
  std::ifstream file(std::string(TAVLE_SOURCE_DIR) + "/assets/strings/" + lang + ".json");
  std::stringstream text;
  text << file.rdbuf();
  std::set<std::string> keys;
  nlohmann::json strings = nlohmann::json::parse(text.str()).at("export");  // the export's section of the catalog
  for (auto it = strings.begin(); it != strings.end(); ++it) keys.insert(it.key());
  return keys;
}

TEST(ExportStrings, DanishAndEnglishHaveTheSameTexts) {
  std::set<std::string> da = string_keys("da"), en = string_keys("en");
  EXPECT_GT(da.size(), 80u);
  EXPECT_EQ(da, en);
}

TEST(ExportStrings, NoTextIsMissingInEitherLanguage) {
  for (const char* lang : {"da", "en"}) {
    for (ExportFormat format : {ExportFormat::Html, ExportFormat::Markdown}) {
      for (ExportKind kind : {ExportKind::Plan, ExportKind::Minutes}) {
        std::string text = visible_text(export_or_fail(sample_board(), format, kind, lang), format);
        std::smatch missing;
        EXPECT_FALSE(std::regex_search(text, missing, std::regex(R"(\[[a-z_]+\])"))) << lang << ": " << missing[0];
      }
    }
  }
}

TEST(ExportOptions, UnknownLanguageIsAClearError) {
  ExportResult result = export_meeting(sample_board(), nullptr, {ExportFormat::Html, ExportKind::Plan, "de"});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("\"de\""), std::string::npos);
  EXPECT_TRUE(result.bytes.empty());
}

TEST(ExportOptions, LanguageDefaultsToTheMeetingsOwn) {
  Board board = sample_board();
  board.meeting.language = "en";
  std::string text = visible_text(export_or_fail(board, ExportFormat::Html, ExportKind::Plan, ""), ExportFormat::Html);
  EXPECT_NE(text.find("What's working well?"), std::string::npos);
  board.meeting.language = "fr";  // no French texts: Danish, the default
  text = visible_text(export_or_fail(board, ExportFormat::Html, ExportKind::Plan, ""), ExportFormat::Html);
  EXPECT_NE(text.find("Hvad går godt?"), std::string::npos);
}

TEST(ExportOptions, FormatFollowsTheFileExtension) {
  EXPECT_EQ(export_format_for_path("plan.PDF"), ExportFormat::Pdf);
  EXPECT_EQ(export_format_for_path("a/b.htm"), ExportFormat::Html);
  EXPECT_EQ(export_format_for_path("x.markdown"), ExportFormat::Markdown);
  EXPECT_EQ(export_format_for_path("x.json"), ExportFormat::Json);
  EXPECT_FALSE(export_format_for_path("x.docx"));
  EXPECT_FALSE(export_format_for_path("noextension"));
}

TEST(ExportOptions, EmptyBoardStillExportsInEveryFormat) {
  Board empty;
  for (ExportFormat format : {ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown, ExportFormat::Json}) {
    std::string text = visible_text(export_or_fail(empty, format, ExportKind::Minutes, "da"), format);
    if (format != ExportFormat::Json) {
      EXPECT_NE(text.find("Ikke noteret"), std::string::npos) << name_of(format);
    }
  }
}

}  // namespace
}  // namespace tavle::test
