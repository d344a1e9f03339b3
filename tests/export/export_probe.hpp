// What the export tests look at: the text a reader sees in each format (PDF read
// back with poppler's pdftotext, HTML parsed with libxml2, Markdown rendered by
// cmark-gfm as GitHub does), and boards with chosen cards.
#pragma once

#include <string>
#include <vector>

#include "board/model.hpp"
#include "export/export.hpp"

namespace tavle::test {

// Exports or fails the test with the error's message.
std::string export_or_fail(const Board& board, ExportFormat format, ExportKind kind, const std::string& lang,
                           const Board* previous = nullptr);

// All whitespace runs made one space, trimmed.
std::string collapse_spaces(const std::string& text);

// The visible text of a PDF (pdftotext), collapsed.
std::string pdf_text(const std::string& pdf_bytes);
// pdftotext -layout, pages separated by form feeds, not collapsed.
std::string pdf_layout_text(const std::string& pdf_bytes);
int pdf_page_count(const std::string& pdf_bytes);

struct PdfWord {
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
  std::string text;
};
std::vector<PdfWord> pdf_words(const std::string& pdf_bytes);  // pdftotext -bbox

// A parsed HTML document: its visible text and its elements.
struct HtmlView {
  bool parsed = false;
  std::string body_text;  // text of <body>, collapsed
  std::vector<std::string> element_names;
  std::vector<std::string> list_item_texts;  // text of every <li>, collapsed
};
HtmlView parse_html(const std::string& html);

// The Markdown rendered to HTML as GitHub renders it (cmark-gfm with tables),
// raw HTML allowed so that an unescaped tag would show up as an element.
std::string markdown_to_html(const std::string& markdown);

// The text a reader sees in `bytes` of `format` (JSON: every string value).
std::string visible_text(const std::string& bytes, ExportFormat format);

// The sample meeting with extra cards added through apply(): (column, text) pairs.
Board sample_with_cards(const std::vector<std::pair<Column, std::string>>& cards, bool professional_only = false);

}  // namespace tavle::test
