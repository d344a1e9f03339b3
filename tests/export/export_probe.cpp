#include "tests/export/export_probe.hpp"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/ops.hpp"
#include "board/sample.hpp"

namespace tavle::test {
namespace {

// A file in the temp folder, removed when the test is done with it.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    char name[] = "/tmp/tavle-export-test-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

void collect_text(xmlNode* node, std::string& out, HtmlView& view) {
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content) out += reinterpret_cast<const char*>(n->content);
    if (n->type == XML_ELEMENT_NODE) {
      std::string name = reinterpret_cast<const char*>(n->name);
      view.element_names.push_back(name);
      if (name == "style" || name == "title") continue;  // not shown as text
      if (name == "br" || name == "p" || name == "li" || name == "td" || name == "dd") out += ' ';
      std::string inner;
      collect_text(n->children, inner, view);
      if (name == "li") view.list_item_texts.push_back(collapse_spaces(inner));
      out += inner + ' ';
    }
  }
}

void collect_strings(const nlohmann::json& j, std::string& out) {
  if (j.is_string()) out += j.get<std::string>() + "\n";
  if (j.is_structured())
    for (const auto& item : j) collect_strings(item, out);
}

std::string decode_entities(std::string text) {
  // pdftotext -bbox writes XHTML
  for (auto [entity, c] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at; (at = text.find(entity)) != std::string::npos;)
      text.replace(at, std::string(entity).size(), c);
  }
  return text;
}

}  // namespace

std::string export_or_fail(const Board& board, ExportFormat format, ExportKind kind, const std::string& lang,
                           const Board* previous) {
  ExportResult result = export_meeting(board, previous, {format, kind, lang});
  EXPECT_TRUE(result.ok()) << (result.error ? result.error->message : "");
  EXPECT_FALSE(result.bytes.empty());
  return result.bytes;
}

std::string collapse_spaces(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      out += c;
      space = false;
    }
  }
  return out;
}

std::string pdf_text(const std::string& pdf_bytes) {
  TempFile file(pdf_bytes);
  return collapse_spaces(run("pdftotext -enc UTF-8 '" + file.path() + "' - 2>/dev/null"));
}

std::string pdf_layout_text(const std::string& pdf_bytes) {
  TempFile file(pdf_bytes);
  return run("pdftotext -layout -enc UTF-8 '" + file.path() + "' - 2>/dev/null");
}

int pdf_page_count(const std::string& pdf_bytes) {
  TempFile file(pdf_bytes);
  std::string info = run("pdfinfo '" + file.path() + "' 2>/dev/null");
  std::smatch m;
  if (!std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))"))) return -1;
  return std::stoi(m[1]);
}

std::vector<PdfWord> pdf_words(const std::string& pdf_bytes) {
  TempFile file(pdf_bytes);
  std::string xhtml = run("pdftotext -bbox -enc UTF-8 '" + file.path() + "' - 2>/dev/null");
  std::vector<PdfWord> words;
  std::regex word(R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
  for (auto it = std::sregex_iterator(xhtml.begin(), xhtml.end(), word); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    words.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), decode_entities(m[5])});
  }
  return words;
}

HtmlView parse_html(const std::string& html) {
  HtmlView view;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "export.html", "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc) return view;
  view.parsed = true;
  std::string text;
  collect_text(xmlDocGetRootElement(doc), text, view);
  view.body_text = collapse_spaces(text);
  xmlFreeDoc(doc);
  return view;
}

std::string markdown_to_html(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_UNSAFE);
  cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
  std::string out = "<html><body>" + std::string(html) + "</body></html>";
  cmark_get_default_mem_allocator()->free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

std::string visible_text(const std::string& bytes, ExportFormat format) {
  switch (format) {
    case ExportFormat::Pdf:
      return pdf_text(bytes);
    case ExportFormat::Html:
      return parse_html(bytes).body_text;
    case ExportFormat::Markdown:
      return parse_html(markdown_to_html(bytes)).body_text;
    case ExportFormat::Json: {
      std::string out;
      collect_strings(nlohmann::json::parse(bytes), out);
      return collapse_spaces(out);
    }
  }
  return {};
}

Board sample_with_cards(const std::vector<std::pair<Column, std::string>>& cards, bool professional_only) {
  Board board = sample_board();
  int n = 0;
  for (const auto& [column, text] : cards) {
    ++n;
    ops::CardExtras extras{.professional_only = professional_only};
    if (column == Column::NextSteps) extras.owners = {"p-line"};
    Op op = ops::add_card("c-test-" + std::to_string(n), column, text, "", extras);
    op.id = "test:" + std::to_string(n);
    op.author = "p-pia";
    op.at = 1795600000000 + n;
    ApplyResult r = apply(board, op);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
  }
  return board;
}

}  // namespace tavle::test
