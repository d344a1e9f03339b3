// A text box over a model value: shows the board's value until the user starts
// typing, then the user's draft; returns true once, when the edit is finished
// (Enter or leaving the box) and differs, with the new text in `out`.
#pragma once

#include <string>

#include "app/gui/app_state.hpp"

namespace tavle::gui {

bool edit_text_field(App&, const char* label, const std::string& key, const std::string& current, std::string& out,
                     const char* hint = nullptr);

}  // namespace tavle::gui
