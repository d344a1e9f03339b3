// issue 18: the tablet page of a meeting on a `tavle server` (docs/protocol.md, "One
// server, many meetings"). A real server process hosts two meetings of its store,
// each with its own codes; headless Chromium opens meeting A's page under /m/ID/ as
// the family's QR code does. The page must connect to A (its WebSocket is /m/ID/ws),
// show A's board, send what the family adds to A only, and refuse A's code on B's
// page in plain words. What the page keeps on the tablet (the rejoin token, a
// reload's "go straight back in") belongs to one meeting: the server serves every
// meeting's page from one origin, so one localStorage holds them all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "board/sample.hpp"
#include "session/server_meetings.hpp"
#include "strings/catalog.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/web/headless_chromium.hpp"
#include "tests/web/protocol_client.hpp"
#include "tests/web/tablet_page_fixture.hpp"  // js(), is_op()
#include "probe/host_process.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
constexpr Millis kNow = 1795593600000;

// The tablet's words for a key of the string catalog's tablet section.
std::string tablet_words(const std::string& lang, const std::string& key) {
  json words;
  std::string error;
  if (!strings::read_section(lang, strings::kTablet, words, error)) return "(" + error + ")";
  return words.value(key, "(no " + key + ")");
}

class TabletOnServer : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "chromium is not installed (CI installs it through .ci/install)";
    // Meeting A is the sample family's (cards on the board); B is another family's, empty.
    open();
    ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
    store::FamilyInfo hansen;
    ASSERT_FALSE(store->create_family("Familien Hansen", kNow, hansen));
    Board b;
    ASSERT_FALSE(store->create_meeting(hansen.id, kB, kNow + 1, false, b));
    store.reset();
    a_ = codes(kA);
    b_ = codes(kB);
    ASSERT_NE(a_.join_code, b_.join_code);
    server_ = std::make_unique<probe::HostProcess>(TAVLE_BINARY, "", TAVLE_WEB_ROOT,
                                                   std::vector<std::string>{"--server", "--data", dir.string()});
    facilitator_a_ = std::make_unique<ProtocolClient>(server_->port(), "fac-a", std::string("/m/") + kA);
    facilitator_a_->join_as_facilitator("", a_.facilitator_key);
    facilitator_b_ = std::make_unique<ProtocolClient>(server_->port(), "fac-b", std::string("/m/") + kB);
    facilitator_b_->join_as_facilitator("", b_.facilitator_key);
    browser_ = std::make_unique<HeadlessChromium>(chromium_, 1180, 820);  // a tablet on its side
  }
  void TearDown() override {
    browser_.reset();
    facilitator_a_.reset();
    facilitator_b_.reset();
    server_.reset();
    StoreTest::TearDown();
  }

  session::MeetingCodes codes(const std::string& meeting) {
    session::MeetingCodes c;
    auto e = session::meeting_codes(session::StorePlace{dir.string(), "", ""}, meeting, c);
    EXPECT_FALSE(e.has_value()) << e->message;
    return c;
  }

  // The page of `meeting` as the family's link names it: https://HOST:PORT/m/ID/#code=...
  std::string page(const std::string& meeting) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/m/" + meeting + "/";
  }

  // Opens `url`, types a name and joins as family; true once the join was sent.
  bool join(const std::string& url, const std::string& name) {
    browser_->navigate("about:blank");  // a new load even where only the #fragment differs
    browser_->navigate(url);
    if (!browser_->wait_for("!document.querySelector('#join-screen').hidden")) return false;
    browser_->evaluate("document.querySelector('#join-name').value = " + js(name) +
                       "; document.querySelector('#join-button').click(); true");
    return true;
  }

  bool connected() {
    return browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')");
  }

  void picture(const std::string& name) {
    if (const char* folder = std::getenv("TAVLE_WEB_SCREENSHOTS"))
      browser_->screenshot(std::filesystem::path(folder) / name);
  }

  static constexpr const char* kA = "m-sample";
  static constexpr const char* kB = "m-hansen";
  std::string chromium_;
  session::MeetingCodes a_, b_;
  std::unique_ptr<probe::HostProcess> server_;
  std::unique_ptr<ProtocolClient> facilitator_a_, facilitator_b_;
  std::unique_ptr<HeadlessChromium> browser_;
};

TEST_F(TabletOnServer, MeetingAsPageShowsAsBoardAndSendsWhatTheFamilyAddsToAOnly) {
  ASSERT_TRUE(join(page(kA) + "#code=" + a_.join_code, "Line (mor)"));
  ASSERT_TRUE(connected()) << server_->output();
  auto added = facilitator_a_->wait_for([](const json& m) {
    return is_op(m, "add_participant") && m["op"]["value"].value("name", "") == "Line (mor)";
  });
  ASSERT_TRUE(added) << "meeting A never got the tablet's participant";
  const std::string family = (*added)["op"].value("target", "");

  // A's board, as the family may see it: the sample's cards in their columns, and
  // not the professionals-only one.
  ASSERT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-skole]')"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-skole]').closest('.column').dataset.column"),
            "working_well");
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-mormor] .card-text').textContent.length > 10"), true);
  EXPECT_GE(browser_->evaluate("document.querySelectorAll('.card').length").get<int>(), 5);
  EXPECT_EQ(browser_->evaluate("document.documentElement.scrollWidth <= window.innerWidth"), true) << "no sideways scrolling";
  EXPECT_EQ(browser_->evaluate("location.pathname"), "/m/m-sample/");
  // The style sheet and scripts came from under /m/ID/ too: the page is styled.
  EXPECT_NE(browser_->evaluate("getComputedStyle(document.querySelector('#meeting-screen')).display"), "inline");
  EXPECT_EQ(browser_->evaluate("[...document.styleSheets].some((s) => s.href && s.href.endsWith('/m/m-sample/style.css'))"),
            true);
  picture("tablet-server-meeting.png");

  // What the family adds (a suggestion for a card) reaches A, and B sees nothing of it.
  const std::string words = "Vi vil gerne have, at mormor er med til næste møde.";
  browser_->evaluate("document.querySelector('input[name=column][value=working_well]').checked = true;"
                     "document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  auto suggestion = facilitator_a_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion) << "meeting A never got the family's suggestion";
  EXPECT_EQ((*suggestion)["op"]["value"].value("text", ""), words);
  EXPECT_EQ((*suggestion)["op"].value("author", ""), family);
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-pending')"));
  // Accepted in A, it is a card on the tablet.
  facilitator_a_->propose("resolve_suggestion", (*suggestion)["op"].value("target", ""), "",
                          {{"decision", "accept"}, {"card_id", "c-mormor-med"}});
  EXPECT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-mormor-med]')"));
  EXPECT_FALSE(facilitator_b_->wait_for([](const json& m) { return m.value("type", "") == "op"; }, 1s))
      << "meeting B saw something of meeting A's tablet";
}

// [attack] A's room code typed on B's page opens nothing: B refuses it, and the page
// says so in the family's words (not a silent retry, not A's board).
TEST_F(TabletOnServer, AsCodeTypedOnBsPageIsRefusedInPlainWords) {
  browser_->navigate(page(kB));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  browser_->evaluate("document.querySelector('#join-code').value = " + js(a_.join_code) + ";"
                     "document.querySelector('#join-name').value = 'Kasper';"
                     "document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden && "
                                 "!document.querySelector('#join-error').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-error').textContent"), tablet_words("da", "error_bad_code"));
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('.card').length"), 0);
  // Where the person looks: the message is on the screen, not below it.
  EXPECT_TRUE(browser_->wait_for("(() => { const r = document.querySelector('#join-error').getBoundingClientRect();"
                                 " return r.top >= 0 && r.bottom <= window.innerHeight; })()", 3s))
      << browser_->evaluate("JSON.stringify(document.querySelector('#join-error').getBoundingClientRect()) + ' ' + window.scrollY");
  picture("tablet-server-wrong-meeting.png");
  EXPECT_FALSE(facilitator_a_->wait_for([](const json& m) { return is_op(m, "add_participant"); }, 500ms));
  EXPECT_FALSE(facilitator_b_->wait_for([](const json& m) { return is_op(m, "add_participant"); }, 500ms));
}

// A tablet that was in meeting A, then opens B's page in the same tab without a code
// in the link, is not taken into B with A's code; and back on A it is still A's
// participant (its rejoin token was A's, not overwritten by B's).
TEST_F(TabletOnServer, WhatTheTabletKeepsBelongsToOneMeeting) {
  ASSERT_TRUE(join(page(kA) + "#code=" + a_.join_code, "Line (mor)"));
  ASSERT_TRUE(connected());
  auto added = facilitator_a_->wait_for([](const json& m) { return is_op(m, "add_participant"); });
  ASSERT_TRUE(added);
  const std::string in_a = (*added)["op"].value("target", "");

  browser_->navigate(page(kB));  // same tab: sessionStorage holds A's join
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"))
      << "B's page went on with what the tablet kept for A";
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-error').hidden"), true);
  ASSERT_TRUE(join(page(kB) + "#code=" + b_.join_code, "Line (mor)"));
  ASSERT_TRUE(connected());
  ASSERT_TRUE(facilitator_b_->wait_for([](const json& m) { return is_op(m, "add_participant"); }));

  // Back to A: the same participant as before, not a second "Line (mor)".
  ASSERT_TRUE(join(page(kA) + "#code=" + a_.join_code, "Line (mor)"));
  ASSERT_TRUE(connected());
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#join-screen:not([hidden])').length"), 0);
  EXPECT_FALSE(facilitator_a_->wait_for([](const json& m) { return is_op(m, "add_participant"); }, 1s))
      << "meeting A got the tablet as someone new";
  // What it sends now is the old participant's.
  browser_->evaluate("document.querySelector('#suggest-text').value = 'Tilbage igen.';"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  auto suggestion = facilitator_a_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion);
  EXPECT_EQ((*suggestion)["op"].value("author", ""), in_a);
}

// [attack] A link to a meeting the server does not have: the page says so and stops
// asking, instead of trying again for ever.
TEST_F(TabletOnServer, ALinkToAMeetingTheServerDoesNotHaveSaysSo) {
  ASSERT_TRUE(join(page("m-none") + "#code=" + a_.join_code, "Kasper"));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden && "
                                 "!document.querySelector('#join-error').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-error').textContent"),
            tablet_words("da", "error_unknown_meeting"));
}

// [attack] meeting_elsewhere's location takes the page to another address: only a
// plain HOST:PORT (or [IPV6]:PORT) is followed; a path, a scheme, user@ or a script
// stops the page with a message and goes nowhere.
TEST_F(TabletOnServer, AnElsewhereThatIsNotAPlainHostAndPortIsNotFollowed) {
  browser_->navigate(page(kA));
  ASSERT_TRUE(browser_->wait_for("window.TavleConnection"));
  const json followed = browser_->evaluate(R"JS((() => {
    const where = [];
    const handlers = {onElsewhere: (l) => where.push("went:" + l), onFatal: (c) => where.push("stopped:" + c),
                      onState: () => {}, onError: () => {}, onPendingChanged: () => {}};
    for (const location of ["evil.example/x", "javascript:alert(1)", "https://evil.example:443", "pia@evil.example:443",
                            "evil.example", "evil.example:443/m/x", "a b:1", "", "tavle-2.kommune.dk:8443", "[fe80::1]:8443"]) {
      const c = new TavleConnection.Connection({code: "1234", name: "x", role: "family"}, handlers);
      c.handle({type: "error", code: "meeting_elsewhere", location: location, fatal: true});
    }
    return where;
  })())JS");
  EXPECT_EQ(followed, json::array({"stopped:meeting_elsewhere", "stopped:meeting_elsewhere", "stopped:meeting_elsewhere",
                                   "stopped:meeting_elsewhere", "stopped:meeting_elsewhere", "stopped:meeting_elsewhere",
                                   "stopped:meeting_elsewhere", "stopped:meeting_elsewhere", "went:tavle-2.kommune.dk:8443",
                                   "went:[fe80::1]:8443"}));
  EXPECT_EQ(browser_->evaluate("location.pathname"), "/m/m-sample/");
}

// issue 18, more than one server (docs/server.md): two `tavle server` processes on
// one PostgreSQL database. Meeting A is hosted by server 1 (its facilitator is
// there); the family's link names server 2. Server 2 says meeting_elsewhere, and the
// page goes to the same meeting's page on server 1, with the code and the name the
// person gave, and joins there.
class TabletOnTwoServers : public testing::StoreBackendTest {};

TEST_P(TabletOnTwoServers, ATabletSentToTheServerHostingTheMeetingFollowsAndJoinsThere) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (CI installs it through .ci/install)";
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  store.reset();
  session::MeetingCodes a;
  ASSERT_FALSE(session::meeting_codes(session::StorePlace{dir.string(), "", url}, "m-sample", a));
  const std::vector<std::string> args = {"--server", "--data", dir.string(), "--db", url};
  probe::HostProcess one(TAVLE_BINARY, "", TAVLE_WEB_ROOT, args), two(TAVLE_BINARY, "", TAVLE_WEB_ROOT, args);
  ProtocolClient facilitator(one.port(), "fac-a", "/m/m-sample");  // server 1 loads A and holds its lease
  facilitator.join_as_facilitator("", a.facilitator_key);

  HeadlessChromium browser(chromium, 1180, 820);
  browser.navigate("http://127.0.0.1:" + std::to_string(two.port()) + "/m/m-sample/#code=" + a.join_code);
  ASSERT_TRUE(browser.wait_for("!document.querySelector('#join-screen').hidden"));
  browser.evaluate("document.querySelector('#join-name').value = 'Line (mor)';"
                   "document.querySelector('#join-button').click(); true");
  // The page goes there by itself (location.replace): wait for the new page to be up.
  ASSERT_TRUE(browser.wait_for("(() => { const name = document.querySelector('#join-name');"
                               " return location.port === " + js(std::to_string(one.port())) +
                               " && document.readyState === 'complete' && name !== null && name.value !== ''"
                               " && !document.querySelector('#join-screen').hidden; })()"))
      << "the page did not go to server 1: " << browser.evaluate("location.href") << "\n" << two.output();
  EXPECT_EQ(browser.evaluate("location.pathname"), "/m/m-sample/");
  EXPECT_EQ(browser.evaluate("document.querySelector('#join-name').value"), "Line (mor)");
  EXPECT_EQ(browser.evaluate("document.querySelector('#join-code').value"), a.join_code);
  browser.evaluate("document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser.wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  EXPECT_TRUE(facilitator.wait_for([](const json& m) {
    return is_op(m, "add_participant") && m["op"]["value"].value("name", "") == "Line (mor)";
  }));
  EXPECT_TRUE(browser.wait_for("document.querySelector('[data-card-id=c-skole]')"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TabletOnTwoServers, ::testing::Values(testing::Backend::Postgresql),
                         testing::backend_name);

}  // namespace
}  // namespace tavle::webtest
