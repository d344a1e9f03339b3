// The document as one self-contained HTML file: inline CSS (screen and A4 print),
// no scripts, no external resources. All user text is escaped.
#include <sstream>

#include "export/document.hpp"

namespace tavle::exporting {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Escaped, with the text's own line breaks kept.
std::string html_text(std::string_view text) {
  std::string escaped = escape_html(text), out;
  for (char c : escaped) out += c == '\n' ? std::string("<br>\n") : std::string(1, c);
  return out;
}

// "Side {page} af {pages}" as CSS generated content for the printed page footer.
std::string page_counter_css(std::string_view pattern) {
  std::string css = "\"";
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i, 6) == "{page}") {
      css += "\" counter(page) \"";
      i += 5;
    } else if (pattern.substr(i, 7) == "{pages}") {
      css += "\" counter(pages) \"";
      i += 6;
    } else if (pattern[i] == '"' || pattern[i] == '\\') {
      css += '\\';
      css += pattern[i];
    } else if (pattern[i] != '<') {  // nothing may close the style element
      css += pattern[i];
    }
  }
  return css + "\"";
}

constexpr const char* kStyle = R"css(
  :root { --ink: #1d2733; --muted: #5b6775; --accent: #1f4e79; --flag: #b3261e; --line: #d5dbe3; }
  * { box-sizing: border-box; }
  body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: var(--ink); line-height: 1.45;
         margin: 0; background: #f3f5f8; }
  main { max-width: 52rem; margin: 2rem auto; padding: 2rem 2.5rem; background: #fff; }
  h1 { color: var(--accent); font-size: 1.9rem; margin: 0 0 .2rem; }
  h2 { color: var(--accent); font-size: 1.3rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem;
       border-bottom: 1px solid var(--line); }
  p, dd, li, td, th { overflow-wrap: anywhere; word-break: break-word; }
  .subtitle { font-size: 1.15rem; margin: 0 0 .3rem; }
  .intro, .note { color: var(--muted); font-style: italic; }
  dl.fields { margin: .3rem 0; }
  dl.fields div { display: flex; gap: .5rem; margin: .15rem 0; }
  dl.fields dt { font-weight: bold; min-width: 9rem; }
  dl.fields dt::after { content: ":"; }
  dl.fields dd { margin: 0; flex: 1; }
  ul.cards { list-style: none; padding: 0; margin: .4rem 0; }
  li.card { border-left: 4px solid var(--accent); padding: .35rem .8rem; margin: .5rem 0; background: #f7f9fb; }
  li.card.flagged { border-left-color: var(--flag); background: #fdf3f2; }
  li.card p { margin: .1rem 0; }
  li.card dl.fields dt { min-width: 5rem; }
  .tag { display: block; font-size: .8rem; font-weight: bold; color: var(--muted); text-transform: uppercase;
         letter-spacing: .03em; }
  li.card.flagged .tag { color: var(--flag); }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
  th { background: #eef2f6; }
  .scale { display: flex; gap: 2px; margin: .8rem 0 .4rem; align-items: stretch; }
  .scale .step { flex: 1; display: flex; flex-direction: column; justify-content: flex-end; min-width: 0; }
  .scale .names { display: flex; flex-direction: column; justify-content: flex-end; flex: 1; font-size: .75rem;
                  text-align: center; color: var(--muted); overflow-wrap: anywhere; }
  .scale .bar { height: .5rem; background: hsl(calc(var(--v) * 12), 60%, 50%); margin-top: .2rem;
                -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scale .number { text-align: center; font-weight: bold; font-size: .8rem; }
  @page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: PAGE_COUNTER; font-size: 9pt; color: #5b6775; } }
  @media print {
    body { background: #fff; font-size: 10.5pt; }
    main { max-width: none; margin: 0; padding: 0; }
    h2 { break-after: avoid; page-break-after: avoid; }
    li.card, tr, dl.fields div { break-inside: avoid; page-break-inside: avoid; }
    li.card, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
)css";

void write_fields(std::ostringstream& out, const std::vector<Field>& fields) {
  if (fields.empty()) return;
  out << "<dl class=\"fields\">";
  for (const Field& f : fields)
    out << "<div><dt>" << escape_html(f.label) << "</dt><dd dir=\"auto\">" << html_text(f.value) << "</dd></div>";
  out << "</dl>\n";
}

void write_table(std::ostringstream& out, const Block& table) {
  out << "<table>\n<thead><tr>";
  for (const std::string& h : table.header) out << "<th>" << escape_html(h) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out << "<tr>";
    for (const std::string& cell : row) out << "<td dir=\"auto\">" << html_text(cell) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// Eleven steps 0..10, each with the names of those who chose it above its number.
void write_scale(std::ostringstream& out, const Block& scale) {
  out << "<div class=\"scale\" aria-hidden=\"true\">";
  for (int value = 0; value <= 10; ++value) {
    out << "<div class=\"step\" style=\"--v:" << value << "\"><div class=\"names\">";
    for (const ScaleMark& mark : scale.marks)
      if (mark.value == value) out << "<span dir=\"auto\">" << escape_html(mark.name) << "</span>";
    out << "</div><div class=\"bar\"></div><div class=\"number\">" << value << "</div></div>";
  }
  out << "</div>\n";
}

void write_item(std::ostringstream& out, const Block& item) {
  out << "<li class=\"card" << (item.flagged ? " flagged" : "") << "\">";
  if (!item.tag.empty()) out << "<span class=\"tag\">" << escape_html(item.tag) << "</span>";
  out << "<p dir=\"auto\">" << html_text(item.text) << "</p>";
  write_fields(out, item.fields);
  out << "</li>\n";
}

void write_section(std::ostringstream& out, const Section& section) {
  // issue 15: a section of its own page starts one when printed.
  out << (section.own_page ? "<section style=\"break-before: page\">\n<h2>" : "<section>\n<h2>")
      << escape_html(section.heading) << "</h2>\n";
  bool in_list = false;
  for (const Block& block : section.blocks) {
    if (in_list && block.kind != BlockKind::Item) out << "</ul>\n";
    if (!in_list && block.kind == BlockKind::Item) out << "<ul class=\"cards\">\n";
    in_list = block.kind == BlockKind::Item;
    switch (block.kind) {
      case BlockKind::Paragraph:
        out << "<p dir=\"auto\">" << html_text(block.text) << "</p>\n";
        break;
      case BlockKind::Note:
        out << "<p class=\"note\" dir=\"auto\">" << html_text(block.text) << "</p>\n";
        break;
      case BlockKind::Fields:
        write_fields(out, block.fields);
        break;
      case BlockKind::Item:
        write_item(out, block);
        break;
      case BlockKind::Table:
        write_table(out, block);
        break;
      case BlockKind::Scale:
        write_scale(out, block);
        break;
    }
  }
  if (in_list) out << "</ul>\n";
  out << "</section>\n";
}

}  // namespace

std::string render_html(const Document& doc) {
  std::ostringstream out;
  std::string style = kStyle;
  style.replace(style.find("PAGE_COUNTER"), 12, page_counter_css(doc.page_of));
  out << "<!DOCTYPE html>\n<html lang=\"" << escape_html(doc.lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"Tavle\">\n<title>" << escape_html(doc.title)
      << (doc.subtitle.empty() ? "" : " – ") << escape_html(doc.subtitle) << "</title>\n<style>" << style
      << "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>" << escape_html(doc.title) << "</h1>\n";
  if (!doc.subtitle.empty()) out << "<p class=\"subtitle\" dir=\"auto\">" << escape_html(doc.subtitle) << "</p>\n";
  out << "<p class=\"intro\">" << escape_html(doc.intro) << "</p>\n</header>\n";
  for (const Section& section : doc.sections) write_section(out, section);
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace tavle::exporting
