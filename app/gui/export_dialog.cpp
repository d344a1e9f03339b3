// Export the agreed plan or the minutes (export/ renders them); a modal window
// with the kind, the format and the file to write.
#include <cstdlib>

#include "app/gui/meeting_library.hpp"  // issue 13: exports go in the access log
#include "app/gui/panels.hpp"
#include "export/export.hpp"
#include "imgui_stdlib.h"

namespace tavle::gui {
namespace {

constexpr ExportFormat kFormats[] = {ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Markdown, ExportFormat::Json};
constexpr const char* kExtensions[] = {".pdf", ".html", ".md", ".json"};

std::string default_path(const App& app, int format) {
  std::string label = app.session->board().meeting.family_label;
  for (char& c : label)
    if (c == ' ' || c == '/') c = '-';
  // In the folder the last file dialog showed, else the user's home folder,
  // where a facilitator will look for it afterwards.
  const char* home = std::getenv("HOME");
  const std::string folder = !app.preferences.last_folder.empty() ? app.preferences.last_folder + "/"
                             : home && *home                      ? std::string(home) + "/"
                                                                  : "";
  return folder + (label.empty() ? std::string("tavle") : label) + kExtensions[format];
}

}  // namespace

void draw_export_dialog(App& app) {
  BoardUi& ui = app.board_ui;
  if (ui.export_open) {
    ImGui::OpenPopup("###export");
    ui.export_open = false;
    if (ui.export_path.empty()) ui.export_path = default_path(app, ui.export_format);
  }
  const std::string title = std::string(app.tr("export.title")) + "###export";
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::RadioButton(app.tr("export.plan"), &ui.export_kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton(app.tr("export.minutes"), &ui.export_kind, 1);
  app.layout.note_control("export.minutes");
  const char* names[] = {"PDF", "HTML", "Markdown", "JSON"};
  for (int i = 0; i < 4; ++i) {
    if (i) ImGui::SameLine();
    if (ImGui::RadioButton(names[i], &ui.export_format, i)) ui.export_path = default_path(app, i);
    app.layout.note_control(std::string("export.format.") + names[i]);
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 26);
  ImGui::InputText(app.tr("export.file"), &ui.export_path);  // typing a path stays possible
  ImGui::SameLine();
  ImGui::BeginDisabled(file_dialog_open(app));
  if (ImGui::Button(app.tr("export.choose"))) ask_for_file(app, FileDialogKind::ExportTo);
  ImGui::EndDisabled();
  app.layout.note_control("export.choose");
  ImGui::TextDisabled("%s", app.tr("export.plain_note"));  // issue 13: outside the store, plain
  app.layout.note_control("export.plain_note");
  const bool save = ImGui::Button(app.tr("export.save"));
  app.layout.note_control("export.save");
  if (save) {
    ExportOptions options;
    options.format = kFormats[ui.export_format];
    options.kind = ui.export_kind == 0 ? ExportKind::Plan : ExportKind::Minutes;
    options.lang = app.strings.lang();
    // issue 15: the minutes compare with the meeting this one continues, as `tavle export --previous` does.
    const Board* previous = app.previous_meeting ? &*app.previous_meeting : nullptr;
    if (auto e = export_meeting_to_file(app.session->board(), previous, options, ui.export_path)) {
      ui.status = std::string(app.tr("export.failed")) + ": " + e->message;
    } else {
      ui.status = std::string(app.tr("export.saved")) + " " + ui.export_path;
      const char* formats[] = {"pdf", "html", "markdown", "json"};
      record_written_file(app, std::string(ui.export_kind == 0 ? "plan-" : "minutes-") + formats[ui.export_format],
                          ui.export_path);
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(app.tr("export.cancel"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace tavle::gui
