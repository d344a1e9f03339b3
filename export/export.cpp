#include "export/export.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>

#include "board/board_json.hpp"
#include "export/document.hpp"
#include "export/strings.hpp"
#include "files/safe_file.hpp"

namespace tavle {
namespace {

std::string lower_extension(std::string_view path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

// The family sees what a family tablet sees; the minutes what a professional sees
// (blind ratings stay hidden until revealed in both).
Board audience_view(const Board& board, ExportKind kind) {
  return view_for(board, kind == ExportKind::Plan ? Audience::Family : Audience::Professional, "");
}

std::string chosen_language(const Board& board, const ExportOptions& options) {
  if (!options.lang.empty()) return options.lang;
  const std::string& own = board.meeting.language;
  return own == "en" ? "en" : "da";  // Danish is the default for any other meeting language
}

ExportResult render(const Board& view, const Board* previous_view, const ExportOptions& options) {
  ExportResult result;
  if (options.format == ExportFormat::Json) {
    // The model's own file format; replace keeps a board with broken UTF-8 writable.
    result.bytes = to_json(view).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return result;
  }
  exporting::Strings strings;
  if (auto e = exporting::Strings::load(chosen_language(view, options), strings)) {
    result.error = e;
    return result;
  }
  // issue 14: the scale over the family's meetings: the store's history, else the previous meeting.
  exporting::DocumentExtras extras{options.scale_history, options.theme_labels};
  if (extras.earlier.empty() && previous_view) extras.earlier.push_back(scale_point(*previous_view));
  exporting::Document doc = exporting::build_document(view, previous_view, options.kind, strings, extras);
  switch (options.format) {
    case ExportFormat::Html:
      result.bytes = exporting::render_html(doc);
      break;
    case ExportFormat::Markdown:
      result.bytes = exporting::render_markdown(doc);
      break;
    case ExportFormat::Pdf:
      result.error = exporting::render_pdf(doc, result.bytes);
      break;
    case ExportFormat::Json:
      break;
  }
  return result;
}

}  // namespace

ExportResult export_meeting(const Board& board, const Board* previous, const ExportOptions& options) {
  try {
    Board view = audience_view(board, options.kind);
    if (!previous || options.kind == ExportKind::Plan) return render(view, nullptr, options);
    Board previous_view = audience_view(*previous, options.kind);
    return render(view, &previous_view, options);
  } catch (const std::exception& e) {  // allocation failure or a library throwing
    ExportResult result;
    result.error = Error{"export_failed", std::string("export failed: ") + e.what()};
    return result;
  }
}

std::optional<Error> export_meeting_to_file(const Board& board, const Board* previous, const ExportOptions& options,
                                            const std::string& path) {
  ExportResult result = export_meeting(board, previous, options);
  if (!result.ok()) return result.error;
  return files::write_file_safely(path, result.bytes);
}

std::optional<ExportFormat> export_format_from(std::string_view name) {
  if (name == "pdf") return ExportFormat::Pdf;
  if (name == "html" || name == "htm") return ExportFormat::Html;
  if (name == "md" || name == "markdown") return ExportFormat::Markdown;
  if (name == "json") return ExportFormat::Json;
  return std::nullopt;
}

std::optional<ExportFormat> export_format_for_path(std::string_view path) {
  std::string ext = lower_extension(path);
  if (ext.size() < 2) return std::nullopt;
  return export_format_from(std::string_view(ext).substr(1));
}

std::optional<ExportKind> export_kind_from(std::string_view name) {
  if (name == "plan") return ExportKind::Plan;
  if (name == "minutes") return ExportKind::Minutes;
  return std::nullopt;
}

std::string_view name_of(ExportFormat format) {
  switch (format) {
    case ExportFormat::Pdf:
      return "pdf";
    case ExportFormat::Html:
      return "html";
    case ExportFormat::Markdown:
      return "md";
    case ExportFormat::Json:
      return "json";
  }
  return "?";
}

}  // namespace tavle
