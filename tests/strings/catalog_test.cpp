// The one string catalog per language: every key the app, the export and the tablet
// page ask for is there in Danish and English, a word is written once, and the tablet
// page has no words of its own (the host serves them from the catalog).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "board/network.hpp"
#include "board/types.hpp"
#include "strings/catalog.hpp"

namespace {

using namespace tavle;
namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sources of a folder with one of `endings`, as one text per file.
std::map<std::string, std::string> sources(const std::string& folder, const std::set<std::string>& endings) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(std::string(TAVLE_SOURCE_DIR) + "/" + folder))
    if (endings.count(entry.path().extension().string())) out[entry.path().filename().string()] = read(entry.path());
  return out;
}

nlohmann::json section(const std::string& lang, std::string_view name) {
  nlohmann::json out;
  std::string error;
  EXPECT_TRUE(strings::read_section(lang, name, out, error)) << error;
  return out;
}

template <typename E>
std::vector<std::string> names(std::initializer_list<E> values) {
  std::vector<std::string> out;
  for (E v : values) out.emplace_back(name_of(v));
  return out;
}

// The values a key built as prefix + name can take, per reader.
using Prefixes = std::map<std::string, std::vector<std::string>>;

const std::vector<std::string> kColumnNames = names({Column::WorkingWell, Column::Worries, Column::NextSteps});
const std::vector<std::string> kCategoryNames =
    names({Category::Harm, Category::DangerStatement, Category::ComplicatingFactor, Category::Strength,
           Category::ExistingSafety, Category::SafetyGoal, Category::NextStep});
// issue 15: how the child's words were heard, and the Three Houses.
const std::vector<std::string> kVoiceHows =
    names({VoiceHow::SaidInMeeting, VoiceHow::SaidBefore, VoiceHow::Drawn, VoiceHow::Written});
const std::vector<std::string> kHouses = {"good", "worries", "dreams"};
const std::vector<std::string> kStatusNames =
    names({StepStatus::Open, StepStatus::Done, StepStatus::NotDone, StepStatus::CarriedOn});

// Every key `pattern`'s first group finds in `files`, and every prefix its second finds.
void collect(const std::map<std::string, std::string>& files, const std::regex& pattern, std::set<std::string>& keys,
             std::set<std::string>& prefixes) {
  for (const auto& [file, text] : files)
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
      for (std::size_t group = 1; group < it->size(); ++group) {
        const std::string found = (*it)[group].str();
        if (found.empty()) continue;
        (found.back() == '_' ? prefixes : keys).insert(found);
      }
}

// Each key, and each prefix with each of its values, is in `name` in both languages.
void expect_in_both_languages(std::string_view name, const std::set<std::string>& keys,
                              const std::set<std::string>& prefixes, const Prefixes& values, std::size_t at_least) {
  EXPECT_GE(keys.size(), at_least) << "the pattern no longer finds the " << name << "'s keys";
  std::set<std::string> wanted = keys;
  for (const std::string& prefix : prefixes) {
    const auto known = values.find(prefix);
    if (known == values.end()) {
      ADD_FAILURE() << name << " builds keys as \"" << prefix << "\" + a name: teach this test its names";
      continue;
    }
    for (const std::string& v : known->second) wanted.insert(prefix + v);
  }
  for (const std::string& lang : strings::languages()) {
    const nlohmann::json words = section(lang, name);
    for (const std::string& key : wanted) EXPECT_TRUE(words.contains(key)) << lang << " " << name << ": " << key;
  }
}

TEST(StringCatalog, EverySectionHasTheSameKeysInDanishAndEnglish) {
  for (std::string_view name : {strings::kApp, strings::kExport, strings::kTablet}) {
    std::set<std::string> da, en;
    const nlohmann::json da_words = section("da", name), en_words = section("en", name);
    for (const auto& [key, value] : da_words.items()) da.insert(key);
    for (const auto& [key, value] : en_words.items()) en.insert(key);
    EXPECT_GT(da.size(), 80u) << name;
    EXPECT_EQ(da, en) << name;
  }
}

TEST(StringCatalog, EveryKeyTheAppUsesIsInBothLanguages) {
  std::set<std::string> keys, prefixes;
  collect(sources("app/gui", {".cpp", ".hpp"}), std::regex(R"re(tr\("([a-z_.]+)"\))re"), keys, prefixes);
  expect_in_both_languages(strings::kApp, keys, prefixes, {}, 50);
}

TEST(StringCatalog, EveryKeyTheExportUsesIsInBothLanguages) {
  std::set<std::string> keys, prefixes;
  collect(sources("export", {".cpp", ".hpp"}), std::regex(R"re(\b(?:get|fill)\("([a-z0-9_]+)")re"), keys, prefixes);
  // Every field a card can change in, as the minutes name them (board/continuity.cpp).
  std::set<std::string> fields, unused;
  collect({{"continuity.cpp", read(std::string(TAVLE_SOURCE_DIR) + "/board/continuity.cpp")}},
          std::regex(R"re(f\.push_back\("([a-z_]+)"\))re"), fields, unused);
  const Prefixes values = {
      {"column_", kColumnNames},
      {"intro_", kColumnNames},
      {"category_", kCategoryNames},
      {"status_", kStatusNames},
      {"kind_", names({MeetingKind::Network, MeetingKind::Status, MeetingKind::FollowUp})},
      {"role_", names({ParticipantRole::Parent, ParticipantRole::Child, ParticipantRole::PrivateNetwork,
                       ParticipantRole::Professional})},
      {"field_", std::vector<std::string>(fields.begin(), fields.end())},
      // issue 15: the child's voice (board/network.hpp)
      {"voice_", kVoiceHows},
      {"house_", kHouses},
  };
  EXPECT_GE(values.at("field_").size(), 6u);
  expect_in_both_languages(strings::kExport, keys, prefixes, values, 60);
}

TEST(StringCatalog, EveryKeyTheTabletPageUsesIsInBothLanguages) {
  std::set<std::string> keys, prefixes;
  const auto page = sources("assets/web", {".js", ".html"});
  // t("key"), t("prefix_" + name), t(x ? "a" : "b"), data-i18n="key", and the error keys of a table.
  collect(page, std::regex(R"re(\bt\(\s*"([a-z0-9_]+)")re"), keys, prefixes);
  collect(page, std::regex(R"re(\bt\([^"()]*\?\s*"([a-z0-9_]+)"\s*:\s*"([a-z0-9_]+)")re"), keys, prefixes);
  collect(page, std::regex(R"re(data-i18n(?:-label)?="([a-z0-9_]+)")re"), keys, prefixes);
  collect(page, std::regex(R"re("(error_[a-z0-9_]+)")re"), keys, prefixes);
  const Prefixes values = {
      {"column_", kColumnNames},
      {"category_", kCategoryNames},
      {"step_status_", kStatusNames},
      {"suggestion_", {"pending", "accepted", "declined", "unsent"}},
      // The connection's states (connection.js) and "offline" (app.js).
      {"state_", {"connected", "connecting", "reconnecting", "waiting", "offline"}},
      // issue 15: the child's mode and the child's voice
      {"house_ask_", kHouses},
      {"voice_", kVoiceHows},
  };
  expect_in_both_languages(strings::kTablet, keys, prefixes, values, 60);
}

// A word two keys share is written once ({"same_as": ...}), so it cannot drift.
TEST(StringCatalog, EachWordIsWrittenOnce) {
  const auto da = nlohmann::json::parse(strings::catalog_json("da"));
  const auto en = nlohmann::json::parse(strings::catalog_json("en"));
  std::map<std::pair<std::string, std::string>, std::string> first;
  for (const auto& [name, words] : da.items())
    for (const auto& [key, text] : words.items()) {
      if (!text.is_string() || !en[name][key].is_string()) continue;
      const auto pair = std::make_pair(text.get<std::string>(), en[name][key].get<std::string>());
      const auto [at, fresh] = first.emplace(pair, name + ":" + key);
      EXPECT_TRUE(fresh) << name << ":" << key << " says what " << at->second
                         << " says: write {\"same_as\": \"" << at->second << "\"}";
    }
}

TEST(StringCatalog, SameAsFollowsToTheWordItNames) {
  EXPECT_EQ(section("da", strings::kTablet)["column_working_well"], "Hvad går godt?");
  EXPECT_EQ(section("da", strings::kExport)["column_working_well"], "Hvad går godt?");
  EXPECT_EQ(section("en", strings::kApp)["column.working_well"], "What's working well?");
  EXPECT_EQ(section("en", strings::kExport)["months"].size(), 12u);
}

TEST(StringCatalog, UnknownLanguageOrSectionIsAClearError) {
  nlohmann::json out;
  std::string error;
  EXPECT_FALSE(strings::read_section("de", strings::kApp, out, error));
  EXPECT_NE(error.find("\"de\""), std::string::npos);
  EXPECT_FALSE(strings::read_section("da", "nowhere", out, error));
  EXPECT_NE(error.find("nowhere"), std::string::npos);
}

// The page's only words are those the host serves at /strings.js from the catalog.
TEST(StringCatalog, TabletPageHoldsNoWordsOfItsOwn) {
  const auto page = sources("assets/web", {".js"});
  EXPECT_EQ(page.count("strings.js"), 0u) << "the host serves strings.js from the catalog";
  std::set<std::string> texts;
  for (const std::string& lang : strings::languages()) {
    const nlohmann::json words = section(lang, strings::kTablet);
    for (const auto& [key, text] : words.items())
      if (text.is_string() && text.get<std::string>().size() >= 6) texts.insert(text.get<std::string>());
  }
  EXPECT_GT(texts.size(), 100u);
  for (const auto& [file, text] : page) {
    // Comments may quote the words they are about; code may not hold them.
    const std::string source = std::regex_replace(text, std::regex(R"(\n[ \t]*//[^\n]*)"), "\n");
    EXPECT_EQ(source.find("TAVLE_STRINGS ="), std::string::npos) << file;
    for (const std::string& text : texts) EXPECT_EQ(source.find('"' + text + '"'), std::string::npos) << file << ": " << text;
  }
  const std::string& script = strings::tablet_script();
  const auto served = nlohmann::json::parse(script.substr(script.find('{'), script.rfind('}') - script.find('{') + 1));
  for (const std::string& lang : strings::languages()) EXPECT_EQ(served[lang], section(lang, strings::kTablet)) << lang;
}

}  // namespace
