// The document as Markdown (CommonMark / GitHub): user text is escaped so that
// it reads as written, and a card's several lines stay inside its list item.
// Cards are "-" lists and label: value lines "*" lists, so neighbours never merge.
#include <sstream>

#include "export/document.hpp"

namespace tavle::exporting {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One line of user text, escaped: inline specials everywhere, and (when the text
// starts a line) whatever would make a heading, quote, list or rule.
std::string escape_line(std::string_view line, bool starts_line = true) {
  std::size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  line.remove_prefix(start);  // leading spaces would turn into code blocks
  std::string out;
  std::size_t digits = 0;
  while (digits < line.size() && is_digit(line[digits])) ++digits;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    bool line_start_special = starts_line && i == 0 && (c == '#' || c == '-' || c == '+' || c == '=' || c == '>');
    bool ordered_list_marker = starts_line && digits > 0 && i == digits && (c == '.' || c == ')');
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += i == 0 && starts_line ? "\\>" : "&gt;";
        continue;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
      case '!':
        out += '\\';
        break;
      default:
        if (line_start_special || ordered_list_marker) out += '\\';
    }
    out += c;
  }
  return out;
}

// User text for a list item or paragraph: lines joined with hard breaks, each
// continuation line indented by `indent` so it stays in its block.
std::string escape_text(std::string_view text, std::string_view indent, bool starts_line = true) {
  std::string out;
  std::size_t begin = 0;
  bool first = true;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string line = escape_line(text.substr(begin, end - begin), starts_line || !first);
    if (!first) out += line.empty() ? "\n" : "  \n" + std::string(indent);
    out += line;
    first = false;
    begin = end + 1;
  }
  return out;  // an empty line stays empty: a paragraph break inside the same item
}

std::string escape_cell(std::string_view text) {
  std::string flat(text);
  for (char& c : flat)
    if (c == '\n') c = ' ';
  std::string out = escape_line(flat, false);
  return out.empty() ? " " : out;
}

void write_fields(std::ostringstream& out, const std::vector<Field>& fields, std::string_view indent) {
  for (const Field& f : fields)
    out << indent << "* **" << escape_line(f.label) << ":** " << escape_text(f.value, std::string(indent) + "  ", false)
        << "\n";
}

void write_item(std::ostringstream& out, const Block& item) {
  out << "- ";
  if (item.flagged)
    out << "**⚠ " << escape_line(item.tag, false) << "**  \n  ";
  else if (!item.tag.empty())
    out << "*" << escape_line(item.tag, false) << "*  \n  ";
  out << escape_text(item.text, "  ") << "\n";
  write_fields(out, item.fields, "  ");
}

void write_table(std::ostringstream& out, const Block& table) {
  out << "|";
  for (const std::string& h : table.header) out << " " << escape_cell(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < table.header.size(); ++i) out << " --- |";
  out << "\n";
  for (const auto& row : table.rows) {
    out << "|";
    for (const std::string& cell : row) out << " " << escape_cell(cell) << " |";
    out << "\n";
  }
}

void write_block(std::ostringstream& out, const Block& block, BlockKind previous) {
  if (block.kind == BlockKind::Scale || block.kind == BlockKind::History) return;  // tables say the same
  bool continues_list = block.kind == BlockKind::Item && previous == BlockKind::Item;
  if (!continues_list) out << "\n";
  switch (block.kind) {
    case BlockKind::Paragraph:
      out << escape_text(block.text, "") << "\n";
      break;
    case BlockKind::Note:
      out << "*" << escape_text(block.text, "") << "*\n";
      break;
    case BlockKind::Fields:
      write_fields(out, block.fields, "");
      break;
    case BlockKind::Item:
      write_item(out, block);
      break;
    case BlockKind::Table:
      write_table(out, block);
      break;
    case BlockKind::Scale:
    case BlockKind::History:
      break;  // the table beside it says the same in text
  }
}

}  // namespace

std::string render_markdown(const Document& doc) {
  std::ostringstream out;
  out << "# " << escape_line(doc.title) << "\n\n";
  if (!doc.subtitle.empty()) out << "**" << escape_line(doc.subtitle, false) << "**\n\n";
  out << "*" << escape_line(doc.intro) << "*\n";
  for (const Section& section : doc.sections) {
    out << "\n## " << escape_line(section.heading) << "\n";
    BlockKind previous = BlockKind::Paragraph;
    for (const Block& block : section.blocks) {
      write_block(out, block, previous);
      previous = block.kind;
    }
  }
  return out.str();
}

}  // namespace tavle::exporting
