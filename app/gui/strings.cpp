#include "app/gui/strings.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli/install_paths.hpp"
#include "board/board_json.hpp"

namespace tavle::gui {

std::optional<Error> Strings::load(const std::string& assets_dir, const std::string& lang) {
  if (lang != "da" && lang != "en") return Error{"invalid", "language \"" + lang + "\": expected da or en"};
  const std::string path = assets_dir + "/strings/" + lang + ".json";
  std::ifstream in(path);
  if (!in) return Error{"not_found", "cannot read UI strings " + path};
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json;
  if (auto e = parse_json(text.str(), json)) return Error{e->code, path + ": " + e->message};
  if (!json.is_object()) return Error{"invalid", path + ": expected an object of key: text"};
  std::map<std::string, std::string> loaded;
  for (auto& [key, value] : json.items()) {
    if (!value.is_string()) return Error{"invalid", path + ": \"" + key + "\" must be a string"};
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
