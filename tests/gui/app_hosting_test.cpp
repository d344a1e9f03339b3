// The app's own hosting (session/net_session.cpp host_meeting over
// session/hosting.cpp attach_stored_meeting, as the home screen does), without a window:
// a stored meeting the app hosts keeps its devices' rejoin tokens beside the data
// (0600), so after the app is closed or crashed and hosts the meeting again, a
// tablet rejoins as the participant it was and its unsent ops still count
// (docs/security.md, "Identities are the host's").
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "board/sample.hpp"
#include "session/hosting.hpp"
#include "session/net_session.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;
using net::testing::hello_json;
using net::testing::RawWs;
using net::testing::read_message;

constexpr const char* kCode = "5150515051";

// Hosts the stored meeting "m-sample" of `data_dir` as the home screen does.
std::optional<Error> host(const fs::path& data_dir, std::unique_ptr<session::Session>& out) {
  session::HostedMeeting meeting;
  if (auto e = session::attach_stored_meeting(data_dir.string(), "m-sample", meeting.setup)) return e;
  meeting.listen_address = "127.0.0.1";
  meeting.allow_plain_family = true;  // the raw test tablet speaks plain ws:// (a family view only)
  return session::host_meeting(std::move(meeting), 0, kCode, "", out);
}

unsigned short port_of(const session::Session& session) {
  const std::string address = session.connection().address;
  return static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
}

int mode_of(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

TEST(AppHosting, AStoredMeetingsTabletsRejoinAsThemselvesAfterTheAppHostsItAgain) {
  const fs::path root = scratch_dir() / "app-hosting-tokens";
  const fs::path dir = root / "data";
  fs::remove_all(root);
  fs::create_directories(root / "config");
  ::setenv("XDG_CONFIG_HOME", (root / "config").c_str(), 1);  // the database key, never beside the data
  ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
  {
    std::unique_ptr<store::Store> s;
    ASSERT_FALSE(store::open_private_store(dir.string(), "", s));
    ASSERT_FALSE(s->import_meeting(sample_board(), 1795593600000));
  }
  std::unique_ptr<session::Session> app;
  ASSERT_FALSE(host(dir, app));
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
  // Kept in the meeting's encrypted store (issue 13): in no file in clear.
  EXPECT_EQ(mode_of(dir), 0700);
  for (const auto& file : fs::recursive_directory_iterator(dir))
    if (file.is_regular_file()) {
      std::ifstream in(file.path(), std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      EXPECT_EQ(bytes.find(token), std::string::npos) << file.path();
    }

  // The tablet's participant is in the store; then the app is closed, and its host
  // and its memory are gone.
  ASSERT_TRUE(net::testing::eventually([&] {
    app->poll();
    return app->board().find_participant(participant) != nullptr;
  }));
  app.reset();
  ASSERT_FALSE(host(dir, app));
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
  fs::remove_all(root);
}

}  // namespace
}  // namespace tavle::gui_test
