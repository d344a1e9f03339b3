// issue 18: the app's join form reaches a meeting of a `tavle server` by its address
// (net/meeting_address.hpp): the family's link https://HOST:PORT/m/ID/#code=...
// pasted into "Address" joins meeting ID of that server, with the link's code, and
// what the app then writes reaches that meeting and no other on the server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board/sample.hpp"
#include "net/client.hpp"
#include "net/secrets.hpp"
#include "probe/host_process.hpp"
#include "session/server_meetings.hpp"
#include "store/store.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"

namespace tavle::gui_test {
namespace {

namespace fs = std::filesystem;
constexpr Millis kNow = 1795593600000;
const std::string kKey = "4b1d0c9e77b3f24c8e6a0d13b59f7c2e4a81d6f03c9b5e7a2d4f6081b3c5e7a9";

int cards_with_text(const Board& board, const std::string& text) {
  int n = 0;
  for (const auto& [id, card] : board.cards) n += !card.deleted && card.text == text;
  return n;
}

TEST(ServerJoin, TheFamilysLinkPastedIntoTheJoinFormJoinsThatMeetingOfTheServer) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  const fs::path dir = scratch_dir() / "server-join";
  fs::remove_all(dir);
  const fs::path data = dir / "server";
  fs::create_directories(data);
  // The server's store: meeting A (the sample family's) and B (another family's).
  const std::string key_file = (dir / "server.key").string();
  ASSERT_FALSE(net::write_secret_file(key_file, kKey));
  {
    std::unique_ptr<store::Store> s;
    store::OpenOptions options;
    options.key_hex = kKey;
    ASSERT_FALSE(store::Store::open(data.string(), s, options));
    ASSERT_FALSE(s->import_meeting(sample_board(), kNow));
    store::FamilyInfo hansen;
    ASSERT_FALSE(s->create_family("Familien Hansen", kNow, hansen));
    Board b;
    ASSERT_FALSE(s->create_meeting(hansen.id, "m-hansen", kNow + 1, false, b));
  }
  session::MeetingCodes a, b;
  const session::StorePlace place{data.string(), key_file, ""};
  ASSERT_FALSE(session::meeting_codes(place, "m-sample", a));
  ASSERT_FALSE(session::meeting_codes(place, "m-hansen", b));
  probe::HostProcess server(TAVLE_BIN, "", TAVLE_SOURCE_DIR "/assets/web",
                            {"--server", "--tls", "--data", data.string(), "--key-file", key_file});
  ASSERT_FALSE(server.fingerprint().empty()) << server.output();

  // Each meeting's facilitator, to see what arrives where.
  auto facilitator = [&](net::Client& c, const std::string& meeting, const session::MeetingCodes& codes) {
    net::JoinParams p;
    p.port = server.port();
    p.meeting_id = meeting;
    p.fingerprint = server.fingerprint();
    p.role = net::Role::Facilitator;
    p.facilitator_key = codes.facilitator_key;
    p.name = "Pia";
    p.client_id = "fac-" + meeting;
    c.connect(p);
  };
  net::Client in_a, in_b;
  facilitator(in_a, "m-sample", a);
  facilitator(in_b, "m-hansen", b);
  ASSERT_TRUE(eventually([&] { return !in_a.participant_id().empty() && !in_b.participant_id().empty(); }, 30))
      << server.output();

  const std::string layout = (dir / "layout.json").string(), state = (dir / "state.json").string();
  // Small type so the whole home screen fits Xvfb's default 640x480 screen.
  App home({"--width", "640", "--height", "480", "--font-scale", "60", "--layout-json", layout, "--state-out", state},
           TAVLE_GUI_BIN, "", {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string()});
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = home.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return has_control(layout, "home.address"); }));
  // The link as the family got it (code included); the fingerprint from the
  // facilitator's screen; a name; the professional code to come in without waiting.
  const std::string link = "https://127.0.0.1:" + std::to_string(server.port()) + "/m/m-sample/#code=" + a.join_code;
  for (const auto& [control, text] : std::vector<std::pair<std::string, std::string>>{
           {"home.address", link},
           {"home.fingerprint", server.fingerprint()},
           {"home.your_name", "Anne Holm"},
           {"home.professional_code", a.professional_code}}) {
    ASSERT_TRUE(click_control(window, read_json(layout), control)) << control;
    ASSERT_TRUE(type_text(text)) << control;
  }
  ASSERT_TRUE(click_control(window, read_json(layout), "home.join_button"));
  ASSERT_TRUE(eventually([&] {
    Board board;
    return !read_board_file(state, board) && board.meeting.id == "m-sample" && !board.cards.empty();
  })) << "the app did not join meeting m-sample; the server said:\n" << server.output();
  EXPECT_TRUE(board_has_text(state, sample_board().cards.begin()->second.text));

  // What the app writes reaches A, and B never sees it.
  ASSERT_TRUE(eventually([&] { return !(window = home.window()).empty(); }));
  const std::string words = "Anne ringer til skolen i morgen.";
  ASSERT_TRUE(type_card(window, words, state));
  EXPECT_TRUE(eventually([&] { return cards_with_text(in_a.confirmed(), words) == 1; }, 30));
  EXPECT_EQ(cards_with_text(in_b.confirmed(), words), 0);
  EXPECT_TRUE(in_b.confirmed().cards.empty()) << "meeting B got a card";
  in_a.disconnect();
  in_b.disconnect();
}

}  // namespace
}  // namespace tavle::gui_test
