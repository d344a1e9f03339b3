// Export of a meeting: the family plan (what the family takes home) and the
// minutes (for professionals), as PDF, printable HTML, Markdown or the model's
// own JSON, in Danish or English. See docs/export.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/error.hpp"
#include "board/continuity.hpp"  // issue 14: ScalePoint
#include "board/model.hpp"

namespace tavle {

enum class ExportFormat { Pdf, Html, Markdown, Json };
enum class ExportKind { Plan, Minutes };

struct ExportOptions {
  ExportFormat format = ExportFormat::Pdf;
  ExportKind kind = ExportKind::Plan;
  std::string lang;  // "da" or "en"; empty = the meeting's own language (Danish if unknown)
  // issue 14: the family's earlier meetings on the safety scale, oldest first (the
  // store's scale_history); drawn with this meeting as a chart. Empty: the minutes
  // use `previous` when given; with no earlier meeting there is no chart.
  std::vector<ScalePoint> scale_history{};
  // issue 14: the words of the plan's themes (id -> label, strings/themes.hpp); a theme
  // not in it is shown by its id.
  std::map<std::string, std::string> theme_labels{};
};

struct ExportResult {
  std::string bytes;  // the whole document (PDF bytes or UTF-8 text)
  std::optional<Error> error;
  bool ok() const { return !error; }
};

// The family plan leaves out professional-only cards; the minutes include them,
// marked, and (with `previous`, the family's last meeting) what changed since then.
// `previous` may be null. Never throws; bad options or a failing renderer give an error.
ExportResult export_meeting(const Board& board, const Board* previous, const ExportOptions& options);

// Writes the export to `path` through a temporary file and rename.
std::optional<Error> export_meeting_to_file(const Board& board, const Board* previous, const ExportOptions& options,
                                            const std::string& path);

// "pdf", "html", "md" (or "markdown"), "json".
std::optional<ExportFormat> export_format_from(std::string_view name);
// From a file name's extension (.pdf, .html/.htm, .md/.markdown, .json).
std::optional<ExportFormat> export_format_for_path(std::string_view path);
std::optional<ExportKind> export_kind_from(std::string_view name);  // "plan", "minutes"
std::string_view name_of(ExportFormat);

}  // namespace tavle
