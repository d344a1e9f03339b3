// The app offline (docs/reliability.md, "The app offline"): a professional's app
// joins a durable `tavle host` through a TCP relay that the test cuts, like the
// meeting room's Wi-Fi dropping. While it is cut the professional writes cards and
// undoes one, a colleague on the host's side writes one too, and the host is killed
// and started again on its data. When the relay is back everyone has everything,
// once. The second test closes the app while offline and opens it again: its
// outbox (session/outbox.hpp) brings the unsent cards back, and they arrive once.
// The outage lasts TAVLE_APP_OFFLINE_SECONDS (default 5 s in CI; the client's
// reconnect backoff tops out at 5 s, so the code path is the one a 2-minute outage
// takes: docs/reliability.md has the run with 120).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "board/hash.hpp"
#include "net/client.hpp"
#include "session/outbox.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"
#include "tests/gui/app_driver.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "probe/host_process.hpp"
#include "tests/web/tcp_relay.hpp"

namespace tavle::gui_test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kCode = "6161616161";
constexpr const char* kProfessionalCode = "616161616161";

std::chrono::seconds outage() {
  const char* s = std::getenv("TAVLE_APP_OFFLINE_SECONDS");
  return std::chrono::seconds(s ? std::max(1, std::atoi(s)) : 5);
}

int cards_with_text(const Board& board, const std::string& text) {
  int n = 0;
  for (const auto& [id, card] : board.cards) n += !card.deleted && card.text == text;
  return n;
}

int cards_in_file(const std::string& path, const std::string& text) {
  Board board;
  return read_board_file(path, board) ? -1 : cards_with_text(board, text);
}

// A durable host, its data and the relay the app goes through; what the journal
// holds once the host has stopped.
struct Meeting {
  std::filesystem::path dir = scratch_dir() / ("offline-" + std::to_string(Clock::now().time_since_epoch().count()));
  std::string data = (dir / "host-data").string();
  // Encrypted, as every professional's app joins (the host's own certificate, kept
  // in its data, so a restarted host has the fingerprint the app pinned).
  std::vector<std::string> args{"--data", data, "--tls", "--professional-code", kProfessionalCode, "--no-announce"};
  std::unique_ptr<probe::HostProcess> host;
  std::unique_ptr<webtest::TcpRelay> wifi;

  Meeting() {
    std::filesystem::create_directories(dir);
    // The sample meeting, imported into the store at the first start only (a
    // restarted host continues the stored meeting).
    const std::string sample = (dir / "sample.json").string();
    if (std::system((std::string(TAVLE_BIN) + " sample -o " + sample + " >/dev/null").c_str()) != 0)
      throw std::runtime_error("tavle sample failed");
    std::vector<std::string> first = args;
    first.insert(first.end(), {"--file", sample});
    host = std::make_unique<probe::HostProcess>(TAVLE_BIN, kCode, TAVLE_SOURCE_DIR "/assets/web", first);
    wifi = std::make_unique<webtest::TcpRelay>(host->port());
  }
  ~Meeting() {
    host.reset();
    wifi.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  void restart_host_hard() {
    const unsigned short port = host->port();
    host->kill_hard();
    host = std::make_unique<probe::HostProcess>(TAVLE_BIN, kCode, TAVLE_SOURCE_DIR "/assets/web", args, port);
  }
  // The app's own environment: its data directory (where the outbox lives) and settings.
  std::vector<std::string> app_env() const {
    return {"XDG_DATA_HOME=" + (dir / "app-data").string(), "XDG_CONFIG_HOME=" + (dir / "app-config").string()};
  }
  std::vector<std::string> join_args(const std::string& state) const {
    return {"join", "127.0.0.1:" + std::to_string(wifi->port()), "--code", kCode, "--professional-code", kProfessionalCode,
            "--name", "Anne Holm", "--role", "professional", "--state-out", state, "--fingerprint", host->fingerprint()};
  }
  std::filesystem::path outbox_dir() const { return dir / "app-data" / "tavle" / "unsent"; }
  // The app's database key (its outbox is sealed with it): the key file in its
  // config directory, or the desktop keyring where one runs.
  std::string app_key() const {
    std::string hex;
    const auto file = dir / "app-config" / "tavle" / store::kKeyFileName;
    bool found = false;
    if (std::filesystem::exists(file)) store::read_key_file(file.string(), "", hex);
    else if (store::keyring_running()) store::keyring_lookup(hex, found);
    return hex;
  }
  // Every op id the journal holds, with how often.
  std::map<std::string, int> journaled_ids() {
    host->stop();
    std::map<std::string, int> ids;
    std::unique_ptr<store::Store> s;
    std::vector<store::MeetingInfo> meetings;
    std::vector<store::JournaledOp> journal;
    if (store::open_private_store(store::data_directory(data), "", s) || s->list_meetings("", meetings) || meetings.empty()) return ids;
    s->ops_since(meetings.back().id, 0, journal);
    for (const auto& j : journal) ++ids[j.op.id];
    return ids;
  }
};

net::JoinParams colleague_params(const probe::HostProcess& host) {
  net::JoinParams p;
  p.port = host.port();
  p.fingerprint = host.fingerprint();
  p.code = kCode;
  p.professional_code = kProfessionalCode;
  p.name = "Mette Lund";
  p.role = net::Role::Professional;
  p.client_id = "colleague";
  return p;
}

int ids_twice(const std::map<std::string, int>& ids) {
  int n = 0;
  for (const auto& [id, count] : ids) n += count > 1;
  return n;
}

TEST(AppOffline, CardsWrittenOfflineAcrossAHostRestartArriveOnceAndEveryoneAgrees) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  Meeting meeting;
  net::Client colleague;
  colleague.connect(colleague_params(*meeting.host));
  const std::string state = (meeting.dir / "app-state.json").string();
  App app(meeting.join_args(state), TAVLE_GUI_BIN, "", meeting.app_env());
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app.window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); })) << "the app never joined";
  ASSERT_TRUE(eventually([&] { return !colleague.participant_id().empty(); }));

  meeting.wifi->cut();
  const auto cut_at = Clock::now();
  for (const char* text : {"Offline kort et", "Offline kort to", "Offline kort tre"})
    ASSERT_TRUE(type_card(window, text, state)) << text;
  ASSERT_TRUE(press(window, "Escape") && press(window, "ctrl+z"));  // the last card is taken back, still offline
  ASSERT_TRUE(eventually([&] { return cards_in_file(state, "Offline kort tre") == 0; }));
  // Meanwhile the colleague writes a card, and the host dies and comes back.
  Op op{colleague.next_op_id(), colleague.participant_id(), 1, OpKind::AddCard, "c-colleague", "", {}, {}};
  op.value = {{"column", "worries"}, {"text", "Mettes kort under udfaldet"}, {"order", "m"}};
  ASSERT_FALSE(colleague.submit(op));
  ASSERT_TRUE(eventually([&] { return colleague.status().unsent == 0; }));
  meeting.restart_host_hard();
  std::this_thread::sleep_for(std::max(std::chrono::seconds(0), std::chrono::duration_cast<std::chrono::seconds>(
                                                                     outage() - (Clock::now() - cut_at))));
  meeting.wifi->restore();

  // Everyone converges: the colleague has the app's cards, the app the colleague's.
  auto everyone_has_everything = [&] {
    const Board seen = colleague.confirmed();
    return cards_with_text(seen, "Offline kort et") == 1 && cards_with_text(seen, "Offline kort to") == 1 &&
           cards_in_file(state, "Mettes kort under udfaldet") == 1 && colleague.status().unsent == 0;
  };
  ASSERT_TRUE(eventually(everyone_has_everything, 90));
  auto same_board = [&] {
    Board mine;
    return !read_board_file(state, mine) && state_hash_hex(mine) == state_hash_hex(colleague.confirmed());
  };
  EXPECT_TRUE(eventually(same_board, 30)) << "the app and the colleague see different boards";
  EXPECT_EQ(cards_with_text(colleague.confirmed(), "Offline kort tre"), 0) << "the undo, made offline, arrived too";
  auto nothing_kept = [&] {
    return !std::filesystem::exists(meeting.outbox_dir()) || std::filesystem::is_empty(meeting.outbox_dir());
  };
  EXPECT_TRUE(eventually(nothing_kept, 20)) << "everything was answered, so nothing is kept; left: "
                                            << file_text(std::filesystem::directory_iterator(meeting.outbox_dir())->path());
  colleague.disconnect();
  const auto ids = meeting.journaled_ids();
  EXPECT_EQ(ids_twice(ids), 0) << "an op was applied twice";
  int from_app = 0;
  for (const auto& [id, count] : ids) from_app += id.rfind("app-", 0) == 0;
  EXPECT_EQ(from_app, 4) << "three cards and the undo, each once";
}

TEST(AppOffline, UnsentCardsSurviveClosingTheAppOfflineAndArriveOnceWhenItIsBack) {
  if (skip_without_xdotool()) GTEST_SKIP() << "xdotool is not installed";
  Meeting meeting;
  const std::string state = (meeting.dir / "app-state.json").string();
  auto app = std::make_unique<App>(meeting.join_args(state), TAVLE_GUI_BIN, "", meeting.app_env());
  std::string window;
  ASSERT_TRUE(eventually([&] { return !(window = app->window()).empty(); }));
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Far bestiller tid hos egen læge."); })) << "the app never joined";

  meeting.wifi->cut();
  for (const char* text : {"Skrevet foer lukning et", "Skrevet foer lukning to"}) ASSERT_TRUE(type_card(window, text, state)) << text;
  // The outbox holds both, sealed with the app's database key, readable by this user only.
  std::filesystem::path kept;
  const std::string key = meeting.app_key();
  auto outbox_holds_two = [&] {
    if (!std::filesystem::exists(meeting.outbox_dir())) return false;
    for (const auto& f : std::filesystem::directory_iterator(meeting.outbox_dir())) {
      const auto work = session::read_outbox(session::OutboxPlace{f.path().string(), key, ""});
      if (work && work->ops.size() == 2) return kept = f.path(), true;
    }
    return false;
  };
  ASSERT_TRUE(eventually(outbox_holds_two, 20));
  EXPECT_EQ(file_text(kept.string()).find("Skrevet foer lukning"), std::string::npos) << "a card's text is on disk in the clear";
  struct stat file {}, dir {};
  ASSERT_EQ(::stat(kept.c_str(), &file), 0);
  ASSERT_EQ(::stat(meeting.outbox_dir().c_str(), &dir), 0);
  EXPECT_EQ(file.st_mode & 0777, 0600u);
  EXPECT_EQ(dir.st_mode & 0777, 0700u);

  app.reset();  // closed while offline (SIGTERM: the outbox was written as each card was made)
  std::filesystem::remove(state);
  app = std::make_unique<App>(meeting.join_args(state), TAVLE_GUI_BIN, "", meeting.app_env());
  // Opened again, still offline: the unsent cards are on the board at once.
  ASSERT_TRUE(eventually([&] { return board_has_text(state, "Skrevet foer lukning to"); })) << "the outbox was not taken up";
  meeting.wifi->restore();

  net::Client checker;
  checker.connect(colleague_params(*meeting.host));
  auto arrived = [&] {
    const Board seen = checker.confirmed();
    return cards_with_text(seen, "Skrevet foer lukning et") == 1 && cards_with_text(seen, "Skrevet foer lukning to") == 1;
  };
  ASSERT_TRUE(eventually(arrived, 60));
  EXPECT_TRUE(eventually([&] { return !std::filesystem::exists(kept); }, 30)) << "the outbox stayed after the host answered";
  checker.disconnect();
  app.reset();
  const auto ids = meeting.journaled_ids();
  EXPECT_EQ(ids_twice(ids), 0);
  int from_app = 0;
  for (const auto& [id, count] : ids) from_app += id.rfind("app-", 0) == 0;
  EXPECT_EQ(from_app, 2) << "the two cards, each once";
}

}  // namespace
}  // namespace tavle::gui_test
