#include "app/gui/preferences.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "files/safe_file.hpp"

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
  if (auto plain = j.find("allow_plain_family"); plain != j.end() && plain->is_boolean()) out.allow_plain_family = *plain;
  auto string_field = [&](const char* key, std::string& into) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) into = *it;
  };
  string_field("server_address", out.server_address);  // issue 18
  string_field("server_fingerprint", out.server_fingerprint);
  string_field("server_account", out.server_account);
  if (auto days = j.find("retain_days"); days != j.end() && days->is_number_integer()) {
    const auto value = days->get<long long>();
    if (value >= 1 && value <= 36500) out.retain_days = static_cast<int>(value);
  }
  string_field("projection_monitor", out.projection_monitor);
  string_field("last_folder", out.last_folder);
  if (auto recent = j.find("recent_files"); recent != j.end() && recent->is_array())
    for (const auto& file : *recent)
      if (file.is_string() && out.recent_files.size() < kRecentFiles) out.recent_files.push_back(file);
  if (auto w = j.find("window"); w != j.end() && w->is_object()) {
    auto number = [&](const char* key, int& into) {
      if (auto it = w->find(key); it != w->end() && it->is_number_integer()) {
        const auto value = it->get<long long>();
        if (value > -100000 && value < 100000) into = static_cast<int>(value);
      }
    };
    if (auto it = w->find("monitor"); it != w->end() && it->is_string()) out.window.monitor = *it;
    number("x", out.window.rect.x);
    number("y", out.window.rect.y);
    number("width", out.window.rect.width);
    number("height", out.window.rect.height);
    if (auto it = w->find("maximised"); it != w->end() && it->is_boolean()) out.window.maximised = *it;
  }
  return out;
}

std::optional<Error> write_preferences(const std::string& path, const Preferences& prefs) {
  if (path.empty()) return Error{"no_config_dir", "no place to keep settings: neither XDG_CONFIG_HOME nor HOME is set"};
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  const WindowMemory& w = prefs.window;
  const nlohmann::json j{{"facilitator_name", prefs.facilitator_name},
                         {"follow_facilitator", prefs.follow_facilitator},
                         {"projection_monitor", prefs.projection_monitor},
                         {"last_folder", prefs.last_folder},
                         {"recent_files", prefs.recent_files},
                         {"retain_days", prefs.retain_days},
                         {"allow_plain_family", prefs.allow_plain_family},
                         {"server_address", prefs.server_address},
                         {"server_fingerprint", prefs.server_fingerprint},
                         {"server_account", prefs.server_account},
                         {"window",
                          {{"monitor", w.monitor},
                           {"x", w.rect.x},
                           {"y", w.rect.y},
                           {"width", w.rect.width},
                           {"height", w.rect.height},
                           {"maximised", w.maximised}}}};
  return files::write_file_safely(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void remember_recent_file(Preferences& prefs, const std::string& path) {
  auto& files = prefs.recent_files;
  files.erase(std::remove(files.begin(), files.end(), path), files.end());
  files.insert(files.begin(), path);
  if (files.size() > kRecentFiles) files.resize(kRecentFiles);
}

}  // namespace tavle::gui
