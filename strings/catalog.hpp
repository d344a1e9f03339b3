// The one catalog of words per language (assets/strings/da.json, en.json), compiled
// in. Each file has a section per reader: "app" (the windowed app), "export" (the
// family plan and the minutes) and "tablet" (the family's page, which the host
// serves as /strings.js). A word two readers share is written once; the other key
// says {"same_as": "section:key"}. The readers keep their own key names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tavle::strings {

inline constexpr std::string_view kApp = "app";
inline constexpr std::string_view kExport = "export";
inline constexpr std::string_view kTablet = "tablet";

// The languages there is a catalog for, the default ("da") first.
const std::vector<std::string>& languages();

// The JSON text of assets/strings/<lang>.json as compiled in; empty for any other language.
std::string_view catalog_json(std::string_view lang);

// One section of one language with every same_as followed: an object of key to a
// string (or, for a list such as the month names, an array of strings). On failure
// (unknown language or section, a same_as that leads nowhere or in a circle) returns
// false and says why in `error`.
bool read_section(std::string_view lang, std::string_view section, nlohmann::json& out, std::string& error);

// The tablet page's words as the script the host serves at /strings.js:
// window.TAVLE_STRINGS = {"da": {...}, "en": {...}}. Built once.
const std::string& tablet_script();

}  // namespace tavle::strings
