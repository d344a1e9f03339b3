// issue 14: the safety scale over the family's meetings, drawn as a chart in the PDF
// (cairo) and the HTML (inline SVG), a table in Markdown: the average of each
// meeting as a line and the range from the lowest to the highest number as a bar.
#include <cstdio>

#include "export/document_parts.hpp"

namespace tavle::exporting {
namespace {

// "25.11.2026" (da) or "2026-11-25" (en): short enough to sit under a chart's point.
std::string short_date(const std::string& iso, const Strings& s) {
  if (iso.size() < 10) return iso.empty() ? "?" : clean_text(iso);
  if (s.lang() == "en") return iso.substr(0, 10);
  return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

}  // namespace

std::string average_text(double average, const Strings& s) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", average);
  std::string out = text;
  if (s.lang() == "da")
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

void add_history(const Board& board, const std::vector<ScalePoint>& earlier, Section& section, const Strings& s) {
  if (earlier.empty()) return;
  Block chart;
  chart.kind = BlockKind::History;
  chart.text = s.get("history_chart_label");
  auto add = [&](const ScalePoint& p, bool current) {
    chart.history.push_back({short_date(p.date, s), p.average, p.lowest, p.highest, current});
  };
  for (const ScalePoint& p : earlier) add(p, false);
  add(scale_point(board), true);
  Block title = paragraph(s.get("history_title"));
  section.blocks.push_back(std::move(title));
  section.blocks.push_back(note(s.get("history_legend")));
  // The same numbers as words, for a reader who cannot see the picture.
  Block table;
  table.kind = BlockKind::Table;
  table.header = {s.get("history_date"), s.get("history_average"), s.get("history_range")};
  for (const HistoryPoint& p : chart.history)
    table.rows.push_back({p.label + (p.current ? " (" + s.get("history_this_meeting") + ")" : ""),
                          p.lowest < 0 ? "-" : average_text(p.average, s),
                          p.lowest < 0 ? "-" : std::to_string(p.lowest) + "–" + std::to_string(p.highest)});
  section.blocks.push_back(std::move(chart));
  section.blocks.push_back(std::move(table));
}

}  // namespace tavle::exporting
