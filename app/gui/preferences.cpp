#include "app/gui/preferences.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/gui/atomic_file.hpp"

namespace tavle::gui {

std::string preferences_path() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  // The XDG rules: a relative XDG_CONFIG_HOME is invalid and ignored (as store/data_dir.cpp does).
  if (config && *config == '/') return std::string(config) + "/tavle/settings.json";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/tavle/settings.json";
  return "";
}

Preferences read_preferences(const std::string& path) {
  Preferences out;
  std::ifstream in(path);
  if (path.empty() || !in) return out;
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!j.is_object()) return out;
  if (auto name = j.find("facilitator_name"); name != j.end() && name->is_string()) out.facilitator_name = *name;
  if (auto follow = j.find("follow_facilitator"); follow != j.end() && follow->is_boolean()) out.follow_facilitator = *follow;
  return out;
}

std::optional<Error> write_preferences(const std::string& path, const Preferences& prefs) {
  if (path.empty()) return Error{"no_config_dir", "no place to keep settings: neither XDG_CONFIG_HOME nor HOME is set"};
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  const nlohmann::json j{{"facilitator_name", prefs.facilitator_name}, {"follow_facilitator", prefs.follow_facilitator}};
  return write_file_atomically(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace tavle::gui
