// The export's texts in Danish and English: the "export" section of the one string
// catalog (strings/catalog.hpp, assets/strings/<lang>.json).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/error.hpp"

namespace tavle::exporting {

class Strings {
 public:
  // Loads the texts of `lang` ("da", "en"); an unknown language is an error.
  static std::optional<Error> load(std::string_view lang, Strings& out);

  const std::string& lang() const { return lang_; }
  // The text for `key`; a missing key shows as "[key]" so it is noticed, never crashes.
  std::string get(std::string_view key) const;
  // get(key) with each "{name}" replaced by its value.
  std::string fill(std::string_view key, const std::map<std::string, std::string>& values) const;
  const std::vector<std::string>& months() const { return months_; }

 private:
  std::string lang_;
  std::map<std::string, std::string, std::less<>> texts_;
  std::vector<std::string> months_;
};

// Replaces each "{name}" in `pattern` by its value.
std::string fill_pattern(std::string_view pattern, const std::map<std::string, std::string>& values);

}  // namespace tavle::exporting
