// What the app remembers between runs on this computer: the facilitator's name
// (asked when a new meeting starts) and whether to follow the facilitator's view.
// Kept in $XDG_CONFIG_HOME/tavle/settings.json (else ~/.config/tavle/settings.json;
// a relative XDG_CONFIG_HOME is ignored, as the XDG base directory rules say).
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"

namespace tavle::gui {

struct Preferences {
  std::string facilitator_name;
  bool follow_facilitator = true;
};

// Where the preferences live; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string preferences_path();
// Forgiving: a missing, unreadable or broken file gives the defaults, and a
// field of the wrong type keeps its default.
Preferences read_preferences(const std::string& path);
// Creates the directory when needed; written atomically.
std::optional<Error> write_preferences(const std::string& path, const Preferences&);

}  // namespace tavle::gui
