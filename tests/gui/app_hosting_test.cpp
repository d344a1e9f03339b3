// The app's own hosting (app/gui/net_session.cpp, host_meeting), without a window:
// a stored meeting the app hosts keeps its devices' rejoin tokens beside the data
// (0600), so after the app is closed or crashed and hosts the meeting again, a
// tablet rejoins as the participant it was and its unsent ops still count
// (docs/security.md, "Identities are the host's").
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "app/cli/host_files.hpp"
#include "app/gui/net_session.hpp"
#include "board/sample.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;
using net::testing::hello_json;
using net::testing::RawWs;
using net::testing::read_message;

constexpr const char* kCode = "5150515051";

std::optional<Error> host(const fs::path& data_dir, Board board, std::unique_ptr<gui::Session>& out) {
  gui::HostedMeeting meeting;
  meeting.board = std::move(board);
  meeting.listen_address = "127.0.0.1";
  meeting.tokens_dir = data_dir.string();
  return gui::host_meeting(std::move(meeting), 0, kCode, "", out);
}

unsigned short port_of(const gui::Session& session) {
  const std::string address = session.connection().address;
  return static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
}

int mode_of(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

TEST(AppHosting, AStoredMeetingsTabletsRejoinAsThemselvesAfterTheAppHostsItAgain) {
  const fs::path dir = scratch_dir() / "app-hosting-tokens";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::unique_ptr<gui::Session> app;
  ASSERT_FALSE(host(dir, sample_board(), app));
  std::string seen, token, participant;
  {
    RawWs tablet(port_of(*app));
    tablet.send(hello_json(kCode, "family", "tablet-line"));
    const auto welcome = read_message(tablet, "welcome", seen);
    ASSERT_TRUE(welcome);
    token = welcome->value("token", "");
    participant = welcome->value("participant_id", "");
    ASSERT_EQ(token.size(), 32u);
    ASSERT_FALSE(participant.empty());
  }
  // Kept where only this user can read it, beside the meeting's data.
  const fs::path kept = cli::rejoin_tokens_path(dir.string(), "m-sample");
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_EQ(mode_of(kept), 0600);
  EXPECT_EQ(mode_of(kept.parent_path()), 0700);

  // The board as the store keeps it (with the tablet's participant); then the app is
  // closed, and its host and its memory are gone.
  ASSERT_TRUE(net::testing::eventually([&] {
    app->poll();
    return app->board().find_participant(participant) != nullptr;
  }));
  Board kept_board = app->board();
  app.reset();
  ASSERT_FALSE(host(dir, std::move(kept_board), app));
  RawWs back(port_of(*app));
  back.send(hello_json(kCode, "family", "tablet-line", {{"token", token}}));
  const auto again = read_message(back, "welcome", seen);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->value("participant_id", ""), participant) << "the tablet came back as someone new";
  // A token the host never gave is still nobody's.
  RawWs stranger(port_of(*app));
  stranger.send(hello_json(kCode, "family", "tablet-other", {{"token", std::string(32, 'a')}}));
  const auto other = read_message(stranger, "welcome", seen);
  ASSERT_TRUE(other);
  EXPECT_NE(other->value("participant_id", ""), participant);
  app.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tavle::gui_test
