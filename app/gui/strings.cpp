#include "app/gui/strings.hpp"

#include "app/cli/install_paths.hpp"
#include "strings/catalog.hpp"

namespace tavle::gui {

std::optional<Error> Strings::load(const std::string& lang) {
  if (lang != "da" && lang != "en") return Error{"invalid", "language \"" + lang + "\": expected da or en"};
  nlohmann::json json;
  std::string why;
  if (!strings::read_section(lang, strings::kApp, json, why)) return Error{"invalid", "UI strings: " + why};
  std::map<std::string, std::string> loaded;
  for (auto& [key, value] : json.items()) {
    if (!value.is_string()) return Error{"invalid", "UI strings: \"" + key + "\" must be a text"};
    loaded[key] = value.get<std::string>();
  }
  text_ = std::move(loaded);
  lang_ = lang;
  return std::nullopt;
}

const char* Strings::operator()(const char* key) const {
  auto it = text_.find(key);
  return it != text_.end() ? it->second.c_str() : key;
}

std::string find_assets_dir() { return cli::assets_directory(); }

}  // namespace tavle::gui
