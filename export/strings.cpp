#include "export/strings.hpp"

#include <nlohmann/json.hpp>

#include "strings/catalog.hpp"

namespace tavle::exporting {

std::optional<Error> Strings::load(std::string_view lang, Strings& out) {
  nlohmann::json j;
  std::string why;
  if (strings::catalog_json(lang).empty())
    return Error{"invalid", "language \"" + std::string(lang) + "\" is not available for export (use da or en)"};
  if (!strings::read_section(lang, strings::kExport, j, why)) return Error{"invalid", "export strings: " + why};
  Strings s;
  s.lang_ = std::string(lang);
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) s.texts_[key] = value.get<std::string>();
  }
  if (auto m = j.find("months"); m != j.end() && m->is_array() && m->size() == 12) {
    for (const auto& name : *m) s.months_.push_back(name.get<std::string>());
  } else {
    return Error{"invalid", "export strings for \"" + std::string(lang) + "\" need 12 month names"};
  }
  out = std::move(s);
  return std::nullopt;
}

std::string Strings::get(std::string_view key) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return "[" + std::string(key) + "]";
  return it->second;
}

std::string Strings::fill(std::string_view key, const std::map<std::string, std::string>& values) const {
  return fill_pattern(get(key), values);
}

std::string fill_pattern(std::string_view pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find('{', i);
    std::size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(pattern.substr(i, open - i));
    auto it = values.find(std::string(pattern.substr(open + 1, close - open - 1)));
    // Unknown placeholders stay visible rather than vanish.
    out.append(it != values.end() ? it->second : std::string(pattern.substr(open, close - open + 1)));
    i = close + 1;
  }
  out.append(pattern.substr(i));
  return out;
}

}  // namespace tavle::exporting
