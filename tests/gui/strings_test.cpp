// Every UI string exists in Danish and English, and every key the app asks for
// is in the files (a missing one would show its key on the projector).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace {

nlohmann::json load(const std::string& lang) {
  // The app's section of the one catalog per language (strings/catalog.hpp).
  std::ifstream in(std::string(TAVLE_SOURCE_DIR) + "/assets/strings/" + lang + ".json");
  return nlohmann::json::parse(in, nullptr, false).value("app", nlohmann::json());
}

std::set<std::string> keys_of(const nlohmann::json& j) {
  std::set<std::string> out;
  for (auto& [k, v] : j.items()) out.insert(k);
  return out;
}

TEST(Strings, DanishAndEnglishHaveTheSameKeys) {
  const auto da = load("da"), en = load("en");
  ASSERT_TRUE(da.is_object());
  ASSERT_TRUE(en.is_object());
  EXPECT_EQ(keys_of(da), keys_of(en));
}

TEST(Strings, EveryKeyTheAppUsesIsTranslated) {
  const auto da = keys_of(load("da"));
  const std::regex use(R"re(tr\("([a-z_.]+)"\))re");
  std::size_t uses = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TAVLE_SOURCE_DIR) + "/app/gui")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), use), end; it != end; ++it, ++uses)
      EXPECT_TRUE(da.count((*it)[1].str())) << (*it)[1].str() << " used in " << entry.path().filename();
  }
  EXPECT_GT(uses, 50u);
}

}  // namespace
