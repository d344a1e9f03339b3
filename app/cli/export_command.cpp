// tavle export FILE -o OUT [--format pdf|html|md|json] [--lang da|en]
//                          [--kind plan|minutes] [--previous PREVFILE]
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "board/board_json.hpp"
#include "app/cli/install_paths.hpp"
#include "export/export.hpp"
#include "strings/themes.hpp"  // issue 14

namespace tavle::cli {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "tavle export: %s\n", message.c_str());
  return 1;
}

// Reads the options; returns an error message, empty when they are fine.
std::string read_options(const Args& args, const std::string& out, ExportOptions& options) {
  if (auto name = args.option("format")) {
    auto format = export_format_from(*name);
    if (!format) return "unknown --format \"" + *name + "\" (use pdf, html, md or json)";
    options.format = *format;
  } else if (auto format = export_format_for_path(out)) {
    options.format = *format;
  } else {
    return "cannot tell the format from \"" + out + "\"; add --format pdf|html|md|json";
  }
  if (auto kind_name = args.option("kind")) {
    auto kind = export_kind_from(*kind_name);
    if (!kind) return "unknown --kind \"" + *kind_name + "\" (use plan or minutes)";
    options.kind = *kind;
  }
  options.lang = args.option_or("lang", "");
  if (!options.lang.empty() && options.lang != "da" && options.lang != "en")
    return "unknown --lang \"" + options.lang + "\" (use da or en)";
  return {};
}

}  // namespace

int export_command(Args& args) {
  const CommandHelp& help = *find_command("export");
  auto out = args.option("output");
  if (args.positional().size() != 1) return usage_error(help, "give one meeting FILE");
  if (!out) return usage_error(help, "-o OUT is missing: the file to write");
  ExportOptions options;
  if (std::string problem = read_options(args, *out, options); !problem.empty()) return usage_error(help, problem);
  Board board;
  if (auto e = read_board_file(args.positional()[0], board)) return fail(e->message);
  Board previous;
  bool has_previous = false;
  if (auto previous_path = args.option("previous")) {
    if (auto e = read_board_file(*previous_path, previous)) return fail("--previous: " + e->message);
    has_previous = true;
  }
  // issue 14: the plan's themes in words, from the municipality's list (strings/themes.hpp)
  std::string theme_warning;
  const auto themes = strings::load_plan_themes(assets_directory(), theme_warning);
  if (!theme_warning.empty()) std::fprintf(stderr, "tavle: plan themes: %s\n", theme_warning.c_str());
  const std::string lang = options.lang.empty() ? (board.meeting.language == "en" ? "en" : "da") : options.lang;
  for (const strings::PlanTheme& t : themes) options.theme_labels[t.id] = strings::theme_label(themes, t.id, lang);
  if (auto e = export_meeting_to_file(board, has_previous ? &previous : nullptr, options, *out))
    return fail(e->message);
  std::printf("wrote the %s (%s) to %s\n", options.kind == ExportKind::Plan ? "family plan" : "minutes",
              std::string(name_of(options.format)).c_str(), out->c_str());
  return 0;
}

}  // namespace tavle::cli
