// `tavle inspect` (and `tavle host --data` refusing a bad file), run as a user would.
#include <cstdio>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

class InspectTest : public StoreTest {
 protected:
  std::string tavle(const std::string& args) { return std::string(TAVLE_BIN) + " inspect --data '" + dir.string() + "' " + args; }
};

TEST_F(InspectTest, ListsFamiliesAndMeetingsAndPrintsAMeetingAsJson) {
  open();
  Board board = sample_board();
  ASSERT_FALSE(store->import_meeting(board, 1795593600000));
  Op rate;
  rate.id = "t:1";
  rate.author = "p-pia";
  rate.at = 1795593600001;
  rate.kind = OpKind::SetRating;
  rate.target = "p-pia";
  rate.value = {{"value", 5}};
  ASSERT_TRUE(apply(board, rate).ok());
  ASSERT_FALSE(store->append_ops("m-sample", {{1, rate}}));
  Board next;
  ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", 1795593600002, true, next));

  CommandResult list = run(tavle(""));
  ASSERT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("Familien Jensen"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("m-sample"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("m-next"), std::string::npos) << list.out;

  CommandResult shown = run(tavle("--meeting m-sample"));
  ASSERT_EQ(shown.status, 0) << shown.out;
  nlohmann::json j = nlohmann::json::parse(shown.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << shown.out;
  EXPECT_EQ(j["op_count"], 1);
  EXPECT_EQ(j["state_hash"], state_hash_hex(board));
  EXPECT_EQ(j["summary"]["family_label"], "Familien Jensen");
  EXPECT_EQ(j["summary"]["cards"]["next_steps"], board.column(Column::NextSteps).size());

  CommandResult carried = run(tavle("--meeting m-next -o '" + (dir / "next.json").string() + "'"));
  ASSERT_EQ(carried.status, 0) << carried.out;
  j = nlohmann::json::parse(carried.out, nullptr, false);
  EXPECT_EQ(j["previous_meeting"], "m-sample");
  EXPECT_EQ(j["summary"]["steps_to_review"], 6);
  EXPECT_TRUE(j.contains("changes_since_previous")) << carried.out;
  Board saved;
  ASSERT_FALSE(read_board_file((dir / "next.json").string(), saved));
  EXPECT_EQ(state_hash_hex(saved), state_hash_hex(next));
}

TEST_F(InspectTest, UnknownMeetingAndMissingDatabaseAreClearErrors) {
  CommandResult missing = run(tavle(""));
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.out.find("no Tavle database"), std::string::npos) << missing.out;
  EXPECT_FALSE(std::filesystem::exists(db_path())) << "inspect created a database";
  open();
  CommandResult unknown = run(tavle("--meeting m-nope"));
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.out.find("no meeting \"m-nope\""), std::string::npos) << unknown.out;
}

TEST_F(InspectTest, ForeignFileIsReportedAndLeftUntouched) {
  std::filesystem::create_directories(dir);
  std::ofstream(db_path()) << "not a database at all, just words\n" << std::string(200, 'w');
  const std::string before = read_bytes(db_path());
  CommandResult r = run(tavle(""));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("not a Tavle database"), std::string::npos) << r.out;
  EXPECT_EQ(read_bytes(db_path()), before);
}

TEST_F(InspectTest, HostRefusesAForeignDatabaseAtStartAndLeavesItUntouched) {
  std::filesystem::create_directories(dir);
  std::ofstream(db_path()) << "SQLite format 3" << std::string(300, '\x01');
  const std::string before = read_bytes(db_path());
  CommandResult r = run(std::string(TAVLE_BIN) + " host --address 127.0.0.1 --port 0 --data '" + dir.string() + "'");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("tavle.db"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("has not changed the file"), std::string::npos) << r.out;
  EXPECT_EQ(read_bytes(db_path()), before);
}

// `tavle move`, as an IT department would run it: the family from one data
// directory to another (the same command takes --from-db/--to-db postgresql://...),
// the source erased after the copy was checked, both access logs whole.
TEST_F(InspectTest, MoveCopiesAFamilyChecksItAndErasesTheSourceOnlyWhenAsked) {
  open();
  Board board = sample_board();
  ASSERT_FALSE(store->import_meeting(board, 1795593600000));
  Board next;
  ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", 1795593600002, true, next));
  store.reset();
  const std::string to = dir.string() + "-server";
  const std::string move = std::string(TAVLE_BIN) + " move --family f-jensen --from-data '" + dir.string() + "' --to-data '" + to + "'";

  CommandResult usage = run(std::string(TAVLE_BIN) + " move --family f-jensen --from-data '" + dir.string() + "'");
  EXPECT_EQ(usage.status >> 8, 2) << usage.out;
  EXPECT_NE(usage.out.find("--to-data DIR or --to-db"), std::string::npos) << usage.out;

  CommandResult kept = run(move + " --erase-source < /dev/null");  // nobody typed yes: copied, not erased
  ASSERT_EQ(kept.status, 0) << kept.out;
  EXPECT_NE(kept.out.find("2 meetings"), std::string::npos) << kept.out;
  EXPECT_NE(kept.out.find("kept in"), std::string::npos) << kept.out;
  CommandResult again = run(move + " --erase-source --yes");
  EXPECT_EQ(again.status >> 8, 1) << again.out;
  EXPECT_NE(again.out.find("already in"), std::string::npos) << again.out;
  CommandResult listed = run(tavle(""));
  EXPECT_NE(listed.out.find("m-next"), std::string::npos) << "a refused move erased the source\n" << listed.out;

  const std::string back = std::string(TAVLE_BIN) + " move --family f-jensen --from-data '" + to + "' --to-data '" + dir.string() + "-home' --erase-source --yes";
  CommandResult moved = run(back);
  ASSERT_EQ(moved.status, 0) << moved.out;
  EXPECT_NE(moved.out.find("erased the family"), std::string::npos) << moved.out;
  CommandResult server = run(std::string(TAVLE_BIN) + " inspect --data '" + to + "'");
  EXPECT_EQ(server.out.find("m-next"), std::string::npos) << server.out;
  CommandResult audit = run(std::string(TAVLE_BIN) + " audit --data '" + to + "'");
  EXPECT_EQ(audit.status, 0) << audit.out;
  EXPECT_NE(audit.out.find("erased"), std::string::npos) << audit.out;
  CommandResult home = run(std::string(TAVLE_BIN) + " inspect --data '" + dir.string() + "-home' --meeting m-next");
  ASSERT_EQ(home.status, 0) << home.out;
  EXPECT_NE(home.out.find(state_hash_hex(next)), std::string::npos) << home.out;
  CommandResult home_audit = run(std::string(TAVLE_BIN) + " audit --data '" + dir.string() + "-home'");
  EXPECT_EQ(home_audit.status, 0) << home_audit.out;
  EXPECT_NE(home_audit.out.find("moved_in"), std::string::npos) << home_audit.out;
  std::filesystem::remove_all(to);
  std::filesystem::remove_all(dir.string() + "-home");
}

}  // namespace
}  // namespace tavle::testing
