// issue 14: the safety scale's history is a picture in the exports, not a table
// only: a line through each meeting's average and a bar for its range, in the PDF
// (drawn with cairo; found again here by converting the PDF to SVG with poppler's
// pdftocairo) and in the HTML (inline SVG), with the numbers also as a table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "board/sample.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

namespace fs = std::filesystem;

std::vector<ScalePoint> two_earlier_meetings() {
  return {{"m-juni", "2026-06-10T09:00", 3.5, 2, 5, {}}, {"m-sept", "2026-09-02T09:00", 4.6, 3, 6, {}}};
}

std::string export_with_history(ExportFormat format, ExportKind kind, const std::string& lang) {
  ExportResult r = export_meeting(sample_board(), nullptr, {format, kind, lang, two_earlier_meetings()});
  EXPECT_TRUE(r.ok()) << r.error->message;
  return r.bytes;
}

// The PDF's drawing as SVG (pdftocairo -svg), so its lines can be counted.
std::string pdf_as_svg(const std::string& pdf) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-history-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "in.pdf", std::ios::binary) << pdf;
  const std::string command = "pdftocairo -svg '" + (dir / "in.pdf").string() + "' '" + (dir / "out.svg").string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(dir / "out.svg");
  std::stringstream text;
  text << in.rdbuf();
  fs::remove_all(dir);
  return text.str();
}

TEST(HistoryChart, ThePdfDrawsTheAverageAsALineAndPrintsTheNumbersBeside) {
  const std::string pdf = export_with_history(ExportFormat::Pdf, ExportKind::Plan, "da");
  const std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("Skalaen over tid"), std::string::npos);
  EXPECT_NE(text.find("10.06.2026"), std::string::npos) << "the dates are under the chart";
  EXPECT_NE(text.find("3,5"), std::string::npos);
  EXPECT_NE(text.find("2–5"), std::string::npos);
  const std::string svg = pdf_as_svg(pdf);
  // The average line: one path stroked 1.6 wide (the chart's own width) through three meetings.
  const std::regex line("<path[^>]*stroke-width:1\\.6;[^>]*d=\"M ([^\"]*)\"");
  std::smatch found;
  ASSERT_TRUE(std::regex_search(svg, found, line)) << "no average line was drawn";
  const std::string path = found[1];
  EXPECT_EQ(std::count(path.begin(), path.end(), 'L'), 2) << path;
  const std::string without = pdf_as_svg(export_or_fail(sample_board(), ExportFormat::Pdf, ExportKind::Plan, "da"));
  EXPECT_FALSE(std::regex_search(without, found, line)) << "no earlier meeting, no chart";
}

TEST(HistoryChart, TheHtmlHasAnInlineSvgWithAPointPerMeeting) {
  const std::string html = export_with_history(ExportFormat::Html, ExportKind::Minutes, "en");
  const HtmlView view = parse_html(html);
  ASSERT_TRUE(view.parsed);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("role=\"img\" aria-label=\"The safety scale at each meeting"), std::string::npos);
  std::size_t circles = 0;
  for (std::size_t at = 0; (at = html.find("<circle", at)) != std::string::npos; ++at) ++circles;
  EXPECT_EQ(circles, 3u) << "June, September and this meeting";
  EXPECT_NE(view.body_text.find("The scale over time"), std::string::npos);
  EXPECT_NE(view.body_text.find("2026-09-02"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace tavle::test
