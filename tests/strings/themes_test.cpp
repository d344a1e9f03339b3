// issue 14: the plan's themes come from a short list a municipality can change
// (assets/plan_themes.json as shipped; /etc/tavle or the user's config replaces it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "strings/themes.hpp"

namespace tavle::strings {
namespace {

namespace fs = std::filesystem;

class PlanThemes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tavle-themes-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "tavle");
    const char* old = std::getenv("XDG_CONFIG_HOME");
    saved_ = old ? old : "";
    had_ = old != nullptr;
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  void TearDown() override {
    if (had_) ::setenv("XDG_CONFIG_HOME", saved_.c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
    fs::remove_all(dir_);
  }
  void write_user_list(const std::string& text) { std::ofstream(dir_ / "tavle" / "plan_themes.json") << text; }
  fs::path dir_;
  std::string saved_;
  bool had_ = false;
};

TEST_F(PlanThemes, TheShippedListHasTheMunicipalModelsThemesInBothLanguages) {
  std::vector<PlanTheme> themes;
  ASSERT_FALSE(read_plan_themes(TAVLE_SOURCE_DIR "/assets/plan_themes.json", themes));
  ASSERT_GE(themes.size(), 7u);
  EXPECT_EQ(theme_label(themes, "school", "da"), "Skole og dagtilbud");
  EXPECT_EQ(theme_label(themes, "housing", "en"), "Housing and money");
  for (const PlanTheme& t : themes) EXPECT_EQ(t.words.size(), 2u) << t.id;
}

TEST_F(PlanThemes, TheMunicipalitysOwnListReplacesTheShippedOne) {
  write_user_list(R"({"themes": [{"id": "sprog", "da": "Sprog og tolk"}]})");
  std::string warning;
  const auto themes = load_plan_themes(TAVLE_SOURCE_DIR "/assets", warning);
  ASSERT_EQ(themes.size(), 1u);
  EXPECT_EQ(themes[0].id, "sprog");
  EXPECT_EQ(theme_label(themes, "sprog", "en"), "Sprog og tolk") << "Danish when there is no English";
  EXPECT_EQ(theme_label(themes, "unknown", "da"), "unknown") << "a tag no longer on the list shows its id";
  EXPECT_TRUE(warning.empty());
}

TEST_F(PlanThemes, ABrokenListIsSkippedAndSaidNeverACrash) {
  for (const char* broken : {"{not json", R"({"themes": [{"id": "a b", "da": "x"}]})", R"({"themes": [{"id": "a"}]})",
                             R"({"themes": [{"id": "a", "da": "x"}, {"id": "a", "da": "y"}]})"}) {
    write_user_list(broken);
    std::string warning;
    const auto themes = load_plan_themes(TAVLE_SOURCE_DIR "/assets", warning);
    EXPECT_NE(warning.find("plan_themes.json"), std::string::npos) << broken;
    EXPECT_GE(themes.size(), 7u) << "the next list in line is used";
  }
  std::string many = R"({"themes": [)";
  for (int i = 0; i < 31; ++i) many += std::string(i ? "," : "") + R"({"id": "t)" + std::to_string(i) + R"(", "da": "x"})";
  write_user_list(many + "]}");
  std::vector<PlanTheme> themes;
  EXPECT_TRUE(read_plan_themes((dir_ / "tavle" / "plan_themes.json").string(), themes));
  EXPECT_TRUE(themes.empty());
}

}  // namespace
}  // namespace tavle::strings
