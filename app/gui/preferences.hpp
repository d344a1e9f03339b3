// What the app remembers between runs on this computer: the facilitator's name
// (asked when a new meeting starts), whether to follow the facilitator's view,
// where the window was and which monitor the room's projection goes on, the last
// folder a file dialog showed, the meeting files opened lately, and (issue 13) the
// retention rule and whether hosted meetings serve the family view unencrypted.
// Kept in $XDG_CONFIG_HOME/tavle/settings.json (else ~/.config/tavle/settings.json;
// a relative XDG_CONFIG_HOME is ignored, as the XDG base directory rules say).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/gui/monitors.hpp"
#include "board/error.hpp"
#include "store/store.hpp"

namespace tavle::gui {

struct Preferences {
  std::string facilitator_name;
  bool follow_facilitator = true;
  WindowMemory window;             // the facilitator's window when the app last closed
  std::string projection_monitor;  // the monitor name the room's view was last put on
  std::string last_folder;         // where the last file dialog was
  std::vector<std::string> recent_files;  // newest first, at most kRecentFiles
  // issue 13: the retention rule (docs/privacy.md): families with no meeting for this
  // many days are listed on the home screen as due for deletion ("retain_days").
  int retain_days = store::kDefaultRetainDays;
  // issue 13: meetings hosted here also serve the family view unencrypted (tablets that
  // cannot trust the certificate); the board shows it, the Join panel can switch it off.
  bool allow_plain_family = false;
  // issue 18: the municipality's Tavle server last signed in to (never the password).
  std::string server_address;      // HOST:PORT
  std::string server_fingerprint;  // its certificate's, as IT gave it (empty: its CA is trusted)
  std::string server_account;
};

constexpr std::size_t kRecentFiles = 6;
// Puts `path` first in the recent files (once), keeping at most kRecentFiles.
void remember_recent_file(Preferences&, const std::string& path);

// Where the preferences live; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string preferences_path();
// Forgiving: a missing, unreadable or broken file gives the defaults, and a
// field of the wrong type keeps its default.
Preferences read_preferences(const std::string& path);
// Creates the directory when needed; written atomically.
std::optional<Error> write_preferences(const std::string& path, const Preferences&);

}  // namespace tavle::gui
