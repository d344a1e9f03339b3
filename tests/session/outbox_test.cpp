// The app's outbox on disk (session/outbox.hpp): child-protection notes written
// offline on a laptop that can be lost or stolen. The attack: read the file.
#include "session/outbox.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "board/sample.hpp"
#include "store/database_key.hpp"

namespace tavle::testing {
namespace {

namespace fs = std::filesystem;
constexpr const char* kSecret = "Mor fortalte om vold i hjemmet den 3. marts";

net::UnsentWork offline_work() {
  net::UnsentWork work;
  work.confirmed = sample_board();
  work.meeting_id = work.confirmed.meeting.id;
  work.participant_id = "p-anne";
  work.token = "rejoin-token-0123456789abcdef";
  work.seq = 12;
  Op op{"app-1:1", "p-anne", 1795593600000, OpKind::AddCard, "c-secret", "", {}, {}};
  op.value = {{"column", "worries"}, {"text", kSecret}, {"order", "m"}};
  work.ops.push_back(op);
  return work;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Outbox : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("tavle-outbox-" + std::to_string(::getpid()));
  std::string path = (dir / "unsent" / "0123456789abcdef.sealed").string();
  session::OutboxPlace place{path, std::string(64, 'a'), ""};
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(Outbox, TheFileOnDiskHoldsNoCardTextTokenOrBoard) {
  ASSERT_FALSE(session::write_outbox(place, offline_work()));
  const std::string on_disk = bytes_of(path);
  ASSERT_FALSE(on_disk.empty());
  EXPECT_EQ(on_disk.find(kSecret), std::string::npos) << "the card's text is readable on disk";
  EXPECT_EQ(on_disk.find("vold"), std::string::npos);
  EXPECT_EQ(on_disk.find("rejoin-token-0123456789abcdef"), std::string::npos) << "the rejoin token is readable";
  EXPECT_EQ(on_disk.find("Far bestiller tid hos egen"), std::string::npos) << "the family's board is readable";
}

TEST_F(Outbox, SealedWorkReadsBackWholeWithTheKey) {
  const net::UnsentWork work = offline_work();
  ASSERT_FALSE(session::write_outbox(place, work));
  const auto back = session::read_outbox(place);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->meeting_id, work.meeting_id);
  EXPECT_EQ(back->token, work.token);
  EXPECT_EQ(back->seq, 12u);
  ASSERT_EQ(back->ops.size(), 1u);
  EXPECT_EQ(back->ops[0].value["text"], kSecret);
  // Empty work: the file goes.
  ASSERT_FALSE(session::write_outbox(place, net::UnsentWork{}));
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(Outbox, AnotherKeyOrAChangedByteIsRefusedAndTheFileIsKeptAside) {
  ASSERT_FALSE(session::write_outbox(place, offline_work()));
  session::OutboxPlace other = place;
  other.key_hex = std::string(64, 'b');
  std::optional<Error> problem;
  EXPECT_FALSE(session::read_outbox(other, &problem));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->code, "wrong_key") << problem->message;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::exists(path + ".unreadable")) << "kept for a run with the right key, never deleted";

  ASSERT_FALSE(session::write_outbox(place, offline_work()));
  std::string bytes = bytes_of(path);
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  problem.reset();
  EXPECT_FALSE(session::read_outbox(place, &problem)) << "a changed byte was taken as work";
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->code, "wrong_key");
}

TEST(OutboxPlaceTest, TheFileIsNamedWithoutTheFamilyAndSealedWithTheStoresKey) {
  const fs::path dir = fs::temp_directory_path() / ("tavle-outbox-place-" + std::to_string(::getpid()));
  ::setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
  ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
  const session::OutboxPlace place = session::outbox_place("10.0.0.5:7300", "Anne Holm", "professional");
  EXPECT_TRUE(place.problem.empty()) << place.problem;
  EXPECT_EQ(place.path.rfind((dir / "data" / "tavle" / "unsent").string() + "/", 0), 0u) << place.path;
  EXPECT_EQ(place.path.find("Anne"), std::string::npos);
  EXPECT_EQ(place.key_hex.size(), 64u);
  store::DatabaseKey key;
  ASSERT_FALSE(store::find_database_key(store::KeySource{"", (dir / "data" / "tavle").string(), true}, key));
  EXPECT_EQ(place.key_hex, key.hex) << "the outbox and the store share one key";
  ::unsetenv("XDG_DATA_HOME");
  ::unsetenv("XDG_CONFIG_HOME");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tavle::testing
