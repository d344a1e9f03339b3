// The exported document before it becomes PDF, HTML or Markdown: sections of
// simple blocks with plain (unescaped) UTF-8 text. Built once from the board by
// build_document(); each writer only decides how the blocks look.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "board/model.hpp"
#include "export/export.hpp"
#include "export/strings.hpp"

namespace tavle::exporting {

// "Label: value" shown with the label emphasised.
struct Field {
  std::string label;
  std::string value;
};

enum class BlockKind {
  Paragraph,  // text (may contain line breaks)
  Note,       // a quieter paragraph: explanations, "nothing here" messages
  Fields,     // a list of label: value lines
  Item,       // a card or entry: text, optional tag, optional fields under it
  Table,      // header + rows of short texts
  Scale,      // the safety scale 0..10 with each person's mark
  History,    // issue 14: the safety scale over the family's meetings, drawn as a chart
};

// issue 14: one meeting on the history chart: its date, the average and the range
// of the ratings given (lowest -1 when nobody rated).
struct HistoryPoint {
  std::string label;  // the meeting's date, short
  double average = 0;
  int lowest = -1, highest = -1;
  bool current = false;  // this meeting
};

// One person's place on the safety scale.
struct ScaleMark {
  int value = 0;  // 0..10
  std::string name;
};

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  std::string text;                            // Paragraph, Note, Item
  std::string tag;                             // Item: category label, e.g. "Styrke"
  bool flagged = false;                        // Item: professional-only, shown marked
  std::vector<Field> fields;                   // Fields, Item
  std::vector<std::string> header;             // Table
  std::vector<std::vector<std::string>> rows;  // Table
  std::vector<ScaleMark> marks;                // Scale: shown ratings only
  std::vector<HistoryPoint> history;           // History: oldest first (issue 14)
  bool keeps_with_next = false;                // a label of what follows ("Mål for Emma"): never ends a PDF page
};

struct Section {
  std::string heading;
  std::vector<Block> blocks;
  bool own_page = false;  // issue 15: starts a new page (the acute plan, for the fridge)
};

struct Document {
  std::string lang;      // "da" / "en": the HTML lang attribute
  std::string title;     // e.g. "Familiens plan"
  std::string subtitle;  // family name and date
  std::string intro;     // one sentence on what this document is
  std::string page_of;   // "Side {page} af {pages}" (PDF footer)
  std::vector<Section> sections;
};

// The family plan (professional-only cards already removed from `board` by the
// caller's view) or the minutes, with `previous` for the changes since then.
// issue 14: what the board does not hold: the safety scale at the family's earlier
// meetings (oldest first) and the words of the plan's themes.
struct DocumentExtras {
  std::vector<ScalePoint> earlier{};
  std::map<std::string, std::string> theme_labels{};
};
Document build_document(const Board& board, const Board* previous, ExportKind kind, const Strings& strings,
                        const DocumentExtras& extras = {});

// Text safe for every writer: invalid UTF-8 replaced by U+FFFD, control
// characters other than line breaks and tabs dropped, CR LF made LF.
std::string clean_text(std::string_view text);

std::string render_html(const Document&);
std::string render_markdown(const Document&);
// PDF bytes, or an error naming what cairo reported.
std::optional<Error> render_pdf(const Document&, std::string& out);

}  // namespace tavle::exporting
