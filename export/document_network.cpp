// issue 15: the child's own place and the safety plan in the documents. The
// child's voice (the child's words with who heard them, when and how, and the
// cards made from the child's own suggestions), the safety network, the
// authority's bottom lines apart from the family's goals, and the acute plan on
// a page of its own that the family can put on the fridge.
#include <algorithm>

#include "board/network.hpp"
#include "export/document_parts.hpp"

namespace tavle::exporting {
namespace {

std::string quoted(const std::string& text, const Strings& s) {
  return s.get("quote_open") + clean_text(text) + s.get("quote_close");
}

std::string how_text(const ChildWords& w, const Strings& s) {
  std::string out = s.get("voice_" + std::string(name_of(w.how)));
  if (!w.house.empty()) out += " · " + s.get("house_" + w.house);
  return out;
}

}  // namespace

Section child_voice_section(const Board& board, const Strings& s) {
  Section section{s.get("section_child_voice"), {note(s.get("intro_child_voice"))}};
  std::vector<std::pair<std::string, const ChildWords*>> words;
  for (const auto& [id, w] : board.child_voice) words.emplace_back(w.child + '\n' + w.on + '\n' + id, &w);
  std::sort(words.begin(), words.end());
  for (const auto& [key, w] : words) {
    Block item;
    item.kind = BlockKind::Item;
    item.text = quoted(w->text, s);
    item.tag = how_text(*w, s);
    item.fields.push_back({s.get("child"), person_name(board, w->child, s)});
    if (!w->heard_by.empty()) item.fields.push_back({s.get("heard_by"), clean_text(w->heard_by)});
    if (!w->on.empty()) item.fields.push_back({s.get("when"), format_date(w->on, s)});
    section.blocks.push_back(std::move(item));
  }
  // What the child suggested and the meeting took into the plan, in the child's words.
  for (const Card* card : cards_in_childs_words(board)) {
    Block item;
    item.kind = BlockKind::Item;
    item.text = quoted(card->text, s);
    item.tag = s.get("on_the_board") + " · " + column_heading(card->column, s);
    item.fields.push_back({s.get("child"), person_name(board, card->author, s)});
    section.blocks.push_back(std::move(item));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_child_voice")));
  return section;
}

Section network_section(const Board& board, const Strings& s) {
  Section section{s.get("section_network"), {note(s.get("intro_network"))}};
  for (const auto& [id, a] : board.safe_adults) {
    Block item;
    item.kind = BlockKind::Item;
    item.text = clean_text(a.name);
    item.tag = clean_text(a.relation);
    if (!a.contact.empty()) item.fields.push_back({s.get("contact"), clean_text(a.contact)});
    if (!a.commits.empty()) item.fields.push_back({s.get("commits"), clean_text(a.commits)});
    std::string steps;
    for (const Card* card : board.column(Column::NextSteps))
      if (std::count(card->step.owners.begin(), card->step.owners.end(), id))
        steps += (steps.empty() ? "" : "; ") + clean_text(card->text);
    if (!steps.empty()) item.fields.push_back({s.get("owns_steps"), steps});
    section.blocks.push_back(std::move(item));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_network")));
  return section;
}

Section bottom_lines_section(const Board& board, const Strings& s) {
  Section section{s.get("section_bottom_lines"), {note(s.get("intro_bottom_lines"))}};
  for (const auto& [id, line] : board.bottom_lines) {
    Block item;
    item.kind = BlockKind::Item;
    item.text = clean_text(line.text);
    if (!line.by.empty()) item.fields.push_back({s.get("set_by"), person_name(board, line.by, s)});
    section.blocks.push_back(std::move(item));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_bottom_lines")));
  return section;
}

Section acute_plan_section(const Board& board, const Strings& s) {
  Section section{s.get("section_acute"), {paragraph(s.get("intro_acute"))}};
  section.own_page = true;
  Block table;
  table.kind = BlockKind::Table;
  table.header = {s.get("acute_who"), s.get("acute_phone"), s.get("acute_when"), s.get("acute_what")};
  // Day first, then night, then always: the order the family looks in.
  for (const char* when : {"day", "night", "always"})
    for (const auto& [id, c] : board.acute_plan)
      if (c.when == when)
        table.rows.push_back({clean_text(c.who), clean_text(c.phone), s.get(std::string("acute_") + when),
                              clean_text(c.what)});
  if (table.rows.empty()) section.blocks.push_back(note(s.get("no_acute")));
  else section.blocks.push_back(std::move(table));
  return section;
}

}  // namespace tavle::exporting
