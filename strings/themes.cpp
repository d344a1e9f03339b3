// issue 14: see strings/themes.hpp.
#include "strings/themes.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tavle::strings {
namespace {

bool id_like(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

std::optional<std::string> read_plan_themes(const std::string& path, std::vector<PlanTheme>& out) {
  out.clear();
  std::ifstream in(path);
  if (!in) return path + ": cannot be read";
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > 64 * 1024) return path + ": larger than 64 KiB";
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!j.is_object() || !j.contains("themes") || !j["themes"].is_array())
    return path + ": expected {\"themes\": [{\"id\": ..., \"da\": ..., \"en\": ...}]}";
  if (j["themes"].size() > kMaxPlanThemes) return path + ": at most " + std::to_string(kMaxPlanThemes) + " themes";
  std::vector<PlanTheme> themes;
  for (const nlohmann::json& t : j["themes"]) {
    if (!t.is_object() || !t.contains("id") || !t["id"].is_string() || !id_like(t["id"].get<std::string>()))
      return path + ": each theme needs an \"id\" of letters, digits and - _ .";
    PlanTheme theme{t["id"].get<std::string>(), {}};
    for (const char* lang : {"da", "en"})
      if (t.contains(lang) && t[lang].is_string() && !t[lang].get<std::string>().empty() &&
          t[lang].get<std::string>().size() <= 200)
        theme.words[lang] = t[lang].get<std::string>();
    if (theme.words.empty()) return path + ": theme \"" + theme.id + "\" has no words (\"da\" or \"en\")";
    for (const PlanTheme& other : themes)
      if (other.id == theme.id) return path + ": theme \"" + theme.id + "\" appears twice";
    themes.push_back(std::move(theme));
  }
  out = std::move(themes);
  return std::nullopt;
}

std::vector<PlanTheme> load_plan_themes(const std::string& assets_dir, std::string& warning) {
  std::vector<std::string> candidates;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    candidates.push_back(std::string(config) + "/tavle/plan_themes.json");
  else if (const char* home = std::getenv("HOME"); home && *home)
    candidates.push_back(std::string(home) + "/.config/tavle/plan_themes.json");
  candidates.push_back("/etc/tavle/plan_themes.json");
  candidates.push_back(assets_dir + "/plan_themes.json");
  warning.clear();
  for (const std::string& path : candidates) {
    if (!std::ifstream(path)) continue;
    std::vector<PlanTheme> themes;
    if (auto e = read_plan_themes(path, themes)) {
      warning += (warning.empty() ? "" : "; ") + *e;
      continue;
    }
    return themes;
  }
  return {};
}

std::string theme_label(const std::vector<PlanTheme>& themes, const std::string& id, const std::string& lang) {
  for (const PlanTheme& t : themes)
    if (t.id == id) {
      if (auto it = t.words.find(lang); it != t.words.end()) return it->second;
      if (auto it = t.words.find("da"); it != t.words.end()) return it->second;
    }
  return id;
}

}  // namespace tavle::strings
