#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "board/board_json.hpp"
#include "files/safe_file.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"

namespace tavle {
namespace {

std::optional<Error> read_text(const std::string& text, Board& out) {
  nlohmann::json j;
  if (auto e = parse_json(text, j)) return e;
  return board_from_json(j, out);
}

TEST(MeetingFile, SampleRoundTripsWithIdenticalHash) {
  Board sample = sample_board();
  Board back;
  ASSERT_FALSE(board_from_json(to_json(sample), back));
  EXPECT_EQ(state_hash(back), state_hash(sample));
  EXPECT_EQ(canonical_text(to_json(back)), canonical_text(to_json(sample)));
}

TEST(MeetingFile, SampleHasEveryKindOfContent) {
  Board b = sample_board();
  std::set<Category> categories;
  for (const auto& [id, c] : b.cards) categories.insert(c.category);
  for (Category c : {Category::Harm, Category::DangerStatement, Category::ComplicatingFactor, Category::Strength,
                     Category::ExistingSafety, Category::SafetyGoal, Category::NextStep})
    EXPECT_TRUE(categories.count(c)) << name_of(c);
  EXPECT_FALSE(b.meeting.coordinator.empty());
  EXPECT_FALSE(consent_missing(b));  // issue 14: structured consent records
  EXPECT_FALSE(b.meeting.informed.empty());
  EXPECT_FALSE(b.goals.empty());
  EXPECT_FALSE(intervention_overlaps(b).empty());
  EXPECT_TRUE(std::any_of(b.meeting.signoff_forms.begin(), b.meeting.signoff_forms.end(),
                          [](auto& kv) { return kv.second.form == SignoffForm::Oral; }));
  EXPECT_FALSE(b.meeting.approval.by.empty());
  EXPECT_FALSE(b.meeting.signoffs.empty());
  EXPECT_TRUE(b.scale.blind && b.scale.revealed);
  EXPECT_GE(b.scale.ratings.size(), 5u);
  EXPECT_GE(b.suggestions.size(), 2u);
  EXPECT_TRUE(std::any_of(b.cards.begin(), b.cards.end(), [](auto& kv) { return kv.second.professional_only; }));
  EXPECT_TRUE(std::any_of(b.cards.begin(), b.cards.end(), [](auto& kv) { return !kv.second.paired_with.empty(); }));
  EXPECT_TRUE(std::any_of(b.participants.begin(), b.participants.end(), [](auto& kv) { return !kv.second.present; }));
}

TEST(MeetingFile, WritesAndReadsAFile) {
  const auto path = std::filesystem::temp_directory_path() / "tavle_json_test.json";
  Board sample = sample_board();
  ASSERT_FALSE(write_board_file(path.string(), sample));
  Board back;
  ASSERT_FALSE(read_board_file(path.string(), back));
  EXPECT_EQ(state_hash(back), state_hash(sample));
  std::filesystem::remove(path);
}

TEST(MeetingFile, MissingFieldsTakeDefaults) {
  Board b;
  ASSERT_FALSE(read_text(R"({"schema":1,"cards":[{"id":"c1","column":"worries","text":"x"}]})", b));
  EXPECT_EQ(b.meeting.language, "da");
  ASSERT_NE(b.find_card("c1"), nullptr);
  EXPECT_FALSE(b.find_card("c1")->order.empty());
}

TEST(MeetingFile, FutureSchemaIsRefusedWithAClearError) {
  Board b;
  auto e = read_text(R"({"schema":2,"cards":[]})", b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "future_schema");
  EXPECT_NE(e->message.find("update Tavle"), std::string::npos);
}

struct BadFile {
  const char* text;
  const char* names;  // what the error message must mention
};

class MalformedFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(MalformedFile, GivesAClearErrorNamingTheField) {
  Board b = sample_board();
  const auto before = state_hash(b);
  auto e = read_text(GetParam().text, b);
  ASSERT_TRUE(e) << GetParam().text;
  EXPECT_NE(e->message.find(GetParam().names), std::string::npos) << e->message;
  EXPECT_EQ(state_hash(b), before) << "a failed read must not change the target";
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, MalformedFile,
    ::testing::Values(
        BadFile{"", "not valid JSON"}, BadFile{"{\"schema\":1,\"cards\":[", "not valid JSON"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"text\":\"x\"}", "not valid JSON"},
        BadFile{"[]", "Tavle meeting"}, BadFile{"{}", "schema"}, BadFile{"{\"schema\":\"1\"}", "schema"},
        BadFile{"{\"schema\":0}", "schema"}, BadFile{"{\"schema\":1,\"cards\":{}}", "cards"},
        BadFile{"{\"schema\":1,\"cards\":[42]}", "cards[0]"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"text\":7}]}", "cards[0].text"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"column\":\"up\"}]}", "cards[0].column"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\"},{\"id\":\"c1\"}]}", "twice"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"order\":\"V0\"}]}", "cards[0].order"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c 1\"}]}", "cards[0].id"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"column\":\"worries\",\"category\":\"strength\"}]}", "category"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"due\":\"next week\"}]}", "cards[0].due"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"owners\":[1]}]}", "owners"},
        BadFile{"{\"schema\":1,\"meeting\":{\"language\":\"fr\"}}", "meeting.language"},
        BadFile{"{\"schema\":1,\"meeting\":{\"consent\":{\"at\":5}}}", "meeting.consent.at"},
        BadFile{"{\"schema\":1,\"meeting\":[]}", "meeting"},
        BadFile{"{\"schema\":1,\"participants\":[{\"id\":\"p1\",\"role\":\"king\"}]}", "participants[0].role"},
        BadFile{"{\"schema\":1,\"scale\":{\"ratings\":[{\"participant\":\"p1\",\"value\":12}]}}", "scale.ratings[0].value"},
        BadFile{"{\"schema\":1,\"suggestions\":[{\"id\":\"s1\",\"state\":\"lost\"}]}", "suggestions[0].state"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"text\":\"\\ud800\"}]}", "not valid JSON"},
        // Numbers beyond a double: nlohmann/json throws out_of_range, not parse_error.
        BadFile{"1e309", "number overflow"}, BadFile{"{\"schema\":1e309}", "number overflow"},
        BadFile{"{\"schema\":1,\"cards\":[{\"id\":\"c1\",\"at\":-1e309}]}", "number overflow"},
        BadFile{"{\"schema\":1,\"scale\":{\"ratings\":[{\"participant\":\"p1\",\"value\":1e400}]}}", "number overflow"}));

TEST(MeetingFile, HugeStringsAreRefusedByLimit) {
  Board b;
  std::string text = R"({"schema":1,"cards":[{"id":"c1","column":"worries","text":")" + std::string(100000, 'x') + "\"}]}";
  auto e = read_text(text, b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "too_long");
  EXPECT_NE(e->message.find("cards[0].text"), std::string::npos);
}

TEST(MeetingFile, TooManyCardsAreRefusedByLimit) {
  nlohmann::json j{{"schema", 1}, {"cards", nlohmann::json::array()}};
  for (int i = 0; i < 2001; ++i) j["cards"].push_back({{"id", "c" + std::to_string(i)}, {"text", "x"}});
  Board b;
  auto e = board_from_json(j, b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "limit");
  EXPECT_NE(e->message.find("2000"), std::string::npos);
}

TEST(MeetingFile, DeepNestingIsRefusedWithoutCrashing) {
  Board b;
  auto e = read_text(std::string(100000, '[') + std::string(100000, ']'), b);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("nested deeper"), std::string::npos);
  std::string deep_value = R"({"schema":1,"cards":[{"id":"c1","text":)" + std::string(50000, '[') + std::string(50000, ']') + "}]}";
  EXPECT_TRUE(read_text(deep_value, b));
}

TEST(MeetingFile, MissingFileGivesAClearError) {
  Board b;
  auto e = read_board_file("/nonexistent/tavle.json", b);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("/nonexistent/tavle.json"), std::string::npos);
}

}  // namespace
}  // namespace tavle
