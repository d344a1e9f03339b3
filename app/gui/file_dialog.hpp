// The desktop's own file dialogs: open a meeting file, save a copy, choose where
// an export goes. Asked through the XDG desktop portal (Debian's libportal), so
// the facilitator gets the same dialog as everywhere else on their desktop; where
// no portal runs, GTK's file chooser. Never blocking: the app keeps drawing (the
// room's window too) and the answer is picked up by poll(). Behind an interface
// so tests answer it (tests/gui/fake_portal.py plays the portal on a private bus).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "board/error.hpp"

namespace tavle::gui {

enum class FileDialogKind { OpenMeeting, SaveCopy, ExportTo };

struct FileDialogRequest {
  FileDialogKind kind = FileDialogKind::OpenMeeting;
  std::string title;
  std::string folder;          // where the dialog starts (the last folder used)
  std::string suggested_name;  // save and export: the file name offered
  std::string filter_name;     // "Meeting files (.json)"
  std::string pattern;         // "*.json"; empty: any file
};

struct FileDialogAnswer {
  FileDialogKind kind = FileDialogKind::OpenMeeting;
  std::optional<std::string> path;  // nullopt: cancelled
  std::string error;                // the dialog could not be shown (then the path is typed)
};

class FileChooser {
 public:
  virtual ~FileChooser() = default;
  // Shows the dialog; one at a time (a second ask while one is open is refused).
  virtual std::optional<Error> ask(const FileDialogRequest&) = 0;
  // The answer once the person chose or cancelled; runs the dialog's events.
  virtual std::optional<FileDialogAnswer> poll() = 0;
  virtual bool waiting() const = 0;
};

// The portal when the session bus has one, else GTK's dialog.
std::unique_ptr<FileChooser> make_desktop_file_chooser();

// file:///a%20b/c.json -> /a b/c.json (portals answer with URIs); nullopt for other schemes.
std::optional<std::string> path_from_file_uri(const std::string& uri);

}  // namespace tavle::gui
