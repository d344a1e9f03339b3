// issue 14: the plan's themes (school and day care, work and education, health ...),
// optional tags on goals and interventions, from a short list a municipality can
// change without a new Tavle: assets/plan_themes.json as shipped, replaced by
// /etc/tavle/plan_themes.json (the machine) or $XDG_CONFIG_HOME/tavle/plan_themes.json
// (one user). The board stores only the ids; the words come from the list.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tavle::strings {

struct PlanTheme {
  std::string id;                           // as stored on goals and interventions
  std::map<std::string, std::string> words;  // language -> label
};

inline constexpr std::size_t kMaxPlanThemes = 30;

// Reads one list; on a broken file returns why (and leaves `out` empty), naming the file.
std::optional<std::string> read_plan_themes(const std::string& path, std::vector<PlanTheme>& out);

// The list in force: the user's, else the machine's, else the one in `assets_dir`.
// A broken file is skipped and said in `warning` (the next one is used).
std::vector<PlanTheme> load_plan_themes(const std::string& assets_dir, std::string& warning);

// The theme's words in `lang` (else Danish, else its id).
std::string theme_label(const std::vector<PlanTheme>&, const std::string& id, const std::string& lang);

}  // namespace tavle::strings
