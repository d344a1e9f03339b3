#include "strings/catalog.hpp"

namespace tavle::strings {

namespace {

// Follows same_as from `value` until a text; a chain longer than the catalog is a circle.
const nlohmann::json* resolve(const nlohmann::json& catalog, const nlohmann::json& value, std::string& error) {
  const nlohmann::json* at = &value;
  for (int hops = 0; at->is_object(); ++hops) {
    const auto target = at->find("same_as");
    if (target == at->end() || !target->is_string() || hops > 16) {
      error = "a same_as must name \"section:key\" and end at a text";
      return nullptr;
    }
    const std::string name = target->get<std::string>();
    const auto colon = name.find(':');
    const auto section = catalog.find(name.substr(0, colon));
    if (colon == std::string::npos || section == catalog.end() || !section->is_object() ||
        !section->contains(name.substr(colon + 1))) {
      error = "same_as \"" + name + "\" names no text";
      return nullptr;
    }
    at = &(*section)[name.substr(colon + 1)];
  }
  if (at->is_string()) return at;
  if (at->is_array()) {
    for (const auto& item : *at)
      if (!item.is_string()) {
        error = "a list must hold texts only";
        return nullptr;
      }
    return at;
  }
  error = "a value must be a text, a list of texts or a same_as";
  return nullptr;
}

}  // namespace

const std::vector<std::string>& languages() {
  static const std::vector<std::string> all = {"da", "en"};
  return all;
}

bool read_section(std::string_view lang, std::string_view section, nlohmann::json& out, std::string& error) {
  const std::string_view text = catalog_json(lang);
  if (text.empty()) {
    error = "language \"" + std::string(lang) + "\" has no words (use da or en)";
    return false;
  }
  const nlohmann::json catalog = nlohmann::json::parse(text, nullptr, false);
  const auto found = catalog.is_object() ? catalog.find(section) : catalog.end();
  if (found == catalog.end() || !found->is_object()) {
    error = "the " + std::string(lang) + " catalog has no section \"" + std::string(section) + "\"";
    return false;
  }
  nlohmann::json resolved = nlohmann::json::object();
  for (const auto& [key, value] : found->items()) {
    std::string why;
    const nlohmann::json* text_of = resolve(catalog, value, why);
    if (!text_of) {
      error = std::string(lang) + " " + std::string(section) + ":" + key + ": " + why;
      return false;
    }
    resolved[key] = *text_of;
  }
  out = std::move(resolved);
  return true;
}

const std::string& tablet_script() {
  static const std::string script = [] {
    nlohmann::json all = nlohmann::json::object();
    for (const std::string& lang : languages()) {
      std::string error;
      nlohmann::json words;
      // A broken catalog is caught by the catalog tests; here the page then shows keys.
      if (read_section(lang, kTablet, words, error)) all[lang] = std::move(words);
    }
    return "// The tablet's words, served by the host from assets/strings/<lang>.json (section \"tablet\").\n"
           "\"use strict\";\nwindow.TAVLE_STRINGS = " +
           all.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ";\n";
  }();
  return script;
}

}  // namespace tavle::strings
