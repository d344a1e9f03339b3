// What the file dialogs are for: opening a meeting file, saving a copy of the
// meeting, choosing where an export goes. The dialog itself is the desktop's
// (file_dialog.hpp); this turns its answer into what the app does.
#include <cstdlib>
#include <filesystem>

#include "app/gui/launch.hpp"
#include "app/gui/meeting_library.hpp"  // issue 13: exports go in the access log
#include "app/gui/panels.hpp"

namespace tavle::gui {
namespace {

std::string start_folder(const App& app) {
  std::error_code ignored;
  if (!app.preferences.last_folder.empty() && std::filesystem::is_directory(app.preferences.last_folder, ignored))
    return app.preferences.last_folder;
  const char* home = std::getenv("HOME");
  return home && *home ? home : "";
}

// The meeting's file name: the family's label, never a path.
std::string suggested_name(const App& app, const char* extension) {
  std::string label = app.session ? app.session->board().meeting.family_label : "";
  for (char& c : label)
    if (c == '/' || c == ' ' || c == '\\') c = '-';
  return (label.empty() ? std::string("tavle") : label) + extension;
}

void remember_folder_of(App& app, const std::string& path) {
  app.preferences.last_folder = std::filesystem::path(path).parent_path().string();
  app.remember_preferences();
}

std::string& message_line(App& app) { return app.screen == Screen::Board ? app.board_ui.status : app.home_ui.error; }

}  // namespace

void ask_for_file(App& app, FileDialogKind kind) {
  if (!app.files) app.files = make_desktop_file_chooser();
  FileDialogRequest request;
  request.kind = kind;
  request.folder = start_folder(app);
  switch (kind) {
    case FileDialogKind::OpenMeeting:
      request.title = app.tr("files.open_title");
      request.filter_name = app.tr("files.meeting_files");
      request.pattern = "*.json";
      break;
    case FileDialogKind::SaveCopy:
      request.title = app.tr("files.save_title");
      request.suggested_name = suggested_name(app, ".json");
      request.filter_name = app.tr("files.meeting_files");
      request.pattern = "*.json";
      break;
    case FileDialogKind::ExportTo:
      request.title = app.tr("files.export_title");
      request.suggested_name = std::filesystem::path(app.board_ui.export_path).filename().string();
      if (request.suggested_name.empty()) request.suggested_name = suggested_name(app, ".pdf");
      break;
  }
  if (auto e = app.files->ask(request)) message_line(app) = e->message;
}

bool file_dialog_open(const App& app) { return app.files && app.files->waiting(); }

void open_and_remember(App& app, const std::string& path) {
  if (auto e = open_meeting_file(app, path)) {
    app.home_ui.error = e->message;
    return;
  }
  app.home_ui.error.clear();
  const std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
  remember_recent_file(app.preferences, absolute);
  remember_folder_of(app, absolute);  // also writes the recent files
}

void open_handed_over(App& app, const std::string& path) {
  // A shared meeting, unsaved changes or the projector never give way to a
  // double-click: the file waits on the home screen until the facilitator opens it.
  const bool replaceable = !app.session || (app.session->connection().local &&
                                            !app.has_unsaved_file() && !app.projecting());
  if (replaceable) return open_and_remember(app, path);
  app.home_ui.open_path = path;
  const std::string note = std::string(app.tr("files.handed_over")) + " " + std::filesystem::path(path).filename().string();
  app.board_ui.status = note;
  app.board_ui.status_ok = true;
  app.home_ui.error = note;
}

void take_file_answer(App& app) {
  if (!app.files) return;
  const std::optional<FileDialogAnswer> answer = app.files->poll();
  if (!answer) return;
  if (!answer->error.empty()) {  // no dialog could be shown: the path can still be typed
    message_line(app) = std::string(app.tr("files.no_dialog")) + ": " + answer->error;
    return;
  }
  if (!answer->path) return;  // cancelled
  const std::string& path = *answer->path;
  switch (answer->kind) {
    case FileDialogKind::OpenMeeting:
      open_and_remember(app, path);
      break;
    case FileDialogKind::SaveCopy:
      app.board_ui.status_ok = false;
      if (!app.session) break;
      if (auto e = app.session->save_to(path)) {
        app.board_ui.status = std::string(app.tr("save.failed")) + ": " + e->message;
      } else {
        app.board_ui.status = std::string(app.tr("save.saved")) + " " + path;
        app.board_ui.status_ok = true;
        record_written_file(app, "meeting-file", path);  // issue 13: the access log
        remember_folder_of(app, path);
      }
      break;
    case FileDialogKind::ExportTo:
      app.board_ui.export_path = path;
      remember_folder_of(app, path);
      break;
  }
}

}  // namespace tavle::gui
