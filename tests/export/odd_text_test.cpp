// Card texts full of odd characters (emoji, right-to-left scripts, a 500-letter
// word, HTML and Markdown specials, broken UTF-8) come out as text, in every format.
#include <gtest/gtest.h>

#include "board/board_json.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

const std::string kScript = "<script>alert('x')</script> & \"quotes\"";
const std::string kMarkdown =
    "*bold* _under_ [link](http://x) # not heading\n1. not a list\n- not a bullet\n> not "
    "a quote\n|pipe| `code` \\back ~~strike~~ <b>bold?</b>";
const std::string kEmoji = "Emoji 👨‍👩‍👧 ❤️ 🎉 glad";
const std::string kArabic = "مرحبا بالعالم";
const std::string kHebrew = "שלום עולם";
const std::string kLongWord = std::string(250, 'a') + std::string(250, 'b');

Board odd_board() {
  return sample_with_cards({{Column::WorkingWell, kEmoji},
                            {Column::Worries, "العربية: " + kArabic},
                            {Column::Worries, "עברית: " + kHebrew},
                            {Column::NextSteps, kLongWord},
                            {Column::WorkingWell, kScript},
                            {Column::NextSteps, kMarkdown}});
}

// Keeps letters only: PDF text extraction spaces and reorders right-to-left
// runs its own way, so RTL words are compared letter by letter.
std::string letters(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == ':') continue;
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) >= 0xAA && static_cast<unsigned char>(text[i + 2]) <= 0xAE) {
      i += 2;  // bidi embedding marks U+202A..U+202E
      continue;
    }
    out += text[i];
  }
  return out;
}

class OddText : public ::testing::TestWithParam<ExportFormat> {};

TEST_P(OddText, EveryOddCardComesOutAsText) {
  ExportFormat format = GetParam();
  std::string bytes = export_or_fail(odd_board(), format, ExportKind::Plan, "da");
  std::string text = visible_text(bytes, format);
  EXPECT_NE(text.find(kScript), std::string::npos);
  EXPECT_NE(text.find(collapse_spaces(kMarkdown)), std::string::npos) << text;
  EXPECT_NE(letters(text).find(letters(kLongWord)), std::string::npos);
  if (format == ExportFormat::Pdf) {
    // The emoji are drawn from a colour font, which pdftotext cannot read back.
    EXPECT_NE(text.find("Emoji"), std::string::npos);
    EXPECT_NE(text.find("glad"), std::string::npos);
    std::string rtl = letters(text);
    for (const char* word : {"مرحبا", "بالعالم", "שלום", "עולם"}) {
      EXPECT_NE(rtl.find(letters(word)), std::string::npos) << word;
    }
  } else {
    EXPECT_NE(text.find(kEmoji), std::string::npos);
    EXPECT_NE(text.find(kArabic), std::string::npos);
    EXPECT_NE(text.find(kHebrew), std::string::npos);
  }
}

TEST_P(OddText, NoCardTextBecomesMarkup) {
  ExportFormat format = GetParam();
  std::string bytes = export_or_fail(odd_board(), format, ExportKind::Minutes, "en");
  if (format == ExportFormat::Html || format == ExportFormat::Markdown) {
    HtmlView view = parse_html(format == ExportFormat::Html ? bytes : markdown_to_html(bytes));
    ASSERT_TRUE(view.parsed);
    int h1 = 0;
    for (const std::string& name : view.element_names) {
      h1 += name == "h1";
      EXPECT_NE(name, "script");
      EXPECT_NE(name, "b");           // <b> in the card text
      EXPECT_NE(name, "a");           // [link](http://x)
      EXPECT_NE(name, "code");        // `code`
      EXPECT_NE(name, "del");         // ~~strike~~
      EXPECT_NE(name, "ol");          // 1. not a list
      EXPECT_NE(name, "blockquote");  // > not a quote
    }
    EXPECT_EQ(h1, 1) << "only the title is a top heading, never \"# not heading\"";
  }
  if (format == ExportFormat::Json) {
    Board back;
    nlohmann::json j = nlohmann::json::parse(bytes);
    EXPECT_FALSE(board_from_json(j, back).has_value());
    EXPECT_EQ(back.cards.at("c-test-5").text, kScript);
    EXPECT_EQ(back.cards.at("c-test-6").text, kMarkdown);
  }
}

TEST_P(OddText, BrokenUtf8AndControlCharactersNeverBreakTheExport) {
  Board board = odd_board();
  board.cards.change("c-test-1", [](Card& c) {
    c.text = std::string("før \xC3\x28 efter \x01\x7F\r\nny linje \xF0\x9F") + "\t slut";
  });
  board.participants.at("p-line").name = "Line \xFF";
  std::string bytes = export_or_fail(board, GetParam(), ExportKind::Plan, "da");
  std::string text = visible_text(bytes, GetParam());
  EXPECT_NE(text.find("før"), std::string::npos);
  EXPECT_NE(text.find("ny linje"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, OddText,
                         ::testing::Values(ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown,
                                           ExportFormat::Json),
                         [](const auto& info) { return std::string(name_of(info.param)); });

}  // namespace
}  // namespace tavle::test
