// UI strings: the "app" section of the one string catalog (strings/catalog.hpp,
// assets/strings/<lang>.json; Danish default). Every visible word of the app comes
// from there, so translators never touch code.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "board/error.hpp"

namespace tavle::gui {

class Strings {
 public:
  // Loads `lang` ("da" or "en").
  std::optional<Error> load(const std::string& lang);
  // The text for `key`; the key itself (visibly wrong, never a crash) if missing.
  const char* operator()(const char* key) const;
  const std::string& lang() const { return lang_; }

 private:
  std::map<std::string, std::string> text_;
  std::string lang_;
};

// Where assets/ is: next to the executable's ../share/tavle, or the source tree.
std::string find_assets_dir();

}  // namespace tavle::gui
