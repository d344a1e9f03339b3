// A family's tablet that loses the network while its person rates and suggests,
// with the host killed and restarted on its data meanwhile, and the page closed and
// opened again while offline: everything arrives, once. The outage lasts
// TAVLE_OFFLINE_SECONDS (default 3 s in CI; docs/reliability.md runs it with 30):
// the page's code path is the same, its reconnect backoff tops out well below 3 s.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "tests/web/tablet_page_fixture.hpp"
#include "tests/web/tcp_relay.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

std::chrono::seconds outage() {
  const char* s = std::getenv("TAVLE_OFFLINE_SECONDS");
  return std::chrono::seconds(s ? std::max(1, std::atoi(s)) : 3);
}

int count_suggestions(const json& board, const std::string& text) {
  int n = 0;
  for (const json& s : board.value("suggestions", json::array())) n += s.value("text", "") == text;
  return n;
}

TEST_F(TabletPage, RatingAndSuggestionMadeOfflineAcrossAHostKillAndAPageReopenArriveOnce) {
  const std::filesystem::path data = std::filesystem::temp_directory_path() / ("tavle-offline-" + std::to_string(getpid()));
  std::filesystem::create_directories(data);
  auto durable = std::make_unique<HostProcess>(TAVLE_BINARY, kCode, TAVLE_WEB_ROOT, std::vector<std::string>{"--data", data.string()});
  const unsigned short port = durable->port();
  facilitator_ = std::make_unique<ProtocolClient>(port, "facilitator");
  facilitator_->join_as_facilitator(kCode, durable->facilitator_key());
  TcpRelay wifi(port);
  const std::string page = "http://127.0.0.1:" + std::to_string(wifi.port()) + "/";
  const std::string family = join_as_family(page);
  ASSERT_FALSE(family.empty());

  wifi.cut();
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#connection').classList.contains('state-connected')"));
  const std::string words = "Vi vil gerne have, at skolen ringer, hvis Emma er ked af det.";
  browser_->evaluate("document.querySelector('#rating-buttons [data-value=\"6\"]').click();"
                     "document.querySelector('#rating-reason').value = 'Det går bedre hjemme';"
                     "document.querySelector('#rating-form button[type=submit]').click();"
                     "document.querySelector('input[name=column][value=next_steps]').checked = true;"
                     "document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  ASSERT_TRUE(browser_->wait_for("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length === 2"));
  browser_->navigate("about:blank");  // the page is closed while offline: only localStorage holds the work

  // Meanwhile the host dies without warning and comes back on its data.
  facilitator_.reset();
  durable->kill_hard();
  durable = std::make_unique<HostProcess>(TAVLE_BINARY, kCode, TAVLE_WEB_ROOT, std::vector<std::string>{"--data", data.string()}, port);
  std::this_thread::sleep_for(outage());

  wifi.restore();
  browser_->navigate(page + "#code=" + kCode);  // opened again: back in by itself
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  ASSERT_TRUE(browser_->wait_for("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length === 0"))
      << "the outbox never emptied";
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a second copy would have arrived by now

  // What the restarted host holds: the suggestion once, the rating as given, by the same participant.
  ProtocolClient check(port, "checker");
  const json welcome = check.join_as_facilitator(kCode, durable->facilitator_key());
  const json board = welcome.value("snapshot", json::object());
  EXPECT_EQ(count_suggestions(board, words), 1) << board.dump();
  bool rated = false;
  for (const json& r : board["scale"].value("ratings", json::array()))
    if (r.value("participant", "") == family) rated = r.value("value", -1) == 6;
  EXPECT_TRUE(rated) << board["scale"].dump();
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-screen').hidden"), true);
  durable.reset();
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace tavle::webtest
