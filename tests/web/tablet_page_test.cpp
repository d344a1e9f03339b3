// The family's tablet page end to end: a real `tavle host` serves assets/web,
// headless Chromium loads the page and joins as family, and a second client (the
// facilitator, over the protocol) changes the board and watches what the tablet sends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/web/tablet_page_fixture.hpp"
#include "strings/catalog.hpp"
#include "tests/web/tcp_relay.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

TEST_F(TabletPage, CardAddedThroughTheProtocolAppearsInItsColumn) {
  join_as_family();
  facilitator_->add_card("c-mormor", "working_well", "Mormor henter Emma tirsdag og torsdag.");
  ASSERT_TRUE(card_shown("c-mormor"));
  EXPECT_EQ(card_text("c-mormor"), "Mormor henter Emma tirsdag og torsdag.");
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-mormor]').closest('.column').dataset.column"),
            "working_well");
  facilitator_->propose("edit_text", "c-mormor", "", "Mormor henter Emma hver tirsdag.");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-mormor] .card-text').textContent === " +
                                 js("Mormor henter Emma hver tirsdag.")));
  // Who is here: the facilitator (by the name given in hello) and the family.
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#presence').textContent.includes('Pia (mødeleder)') && "
                                 "document.querySelector('#presence').textContent.includes(" + js(kFamilyName) + ")"));
}

TEST_F(TabletPage, SuggestionFromThePageArrivesAsPendingSuggestionForTheFacilitator) {
  const std::string family = join_as_family();
  const std::string words = "Vi spiser aftensmad sammen hver dag nu.";
  browser_->evaluate("document.querySelector('input[name=column][value=working_well]').checked = true;"
                     "document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  auto suggestion = facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion) << "the facilitator never saw the suggestion";
  const json& op = (*suggestion)["op"];
  EXPECT_EQ(op.value("author", ""), family);
  EXPECT_EQ(op["value"].value("text", ""), words);
  EXPECT_EQ(op["value"].value("column", ""), "working_well");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-pending')"));

  // Accepted in the app, it becomes a card in the family's column and their list says so.
  facilitator_->propose("resolve_suggestion", op.value("target", ""), "", {{"decision", "accept"}, {"card_id", "c-aftensmad"}});
  ASSERT_TRUE(card_shown("c-aftensmad"));
  EXPECT_EQ(card_text("c-aftensmad"), words);
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-accepted')"));
}

TEST_F(TabletPage, ScriptInCardTextIsShownAsLiteralTextAndNeverRuns) {
  join_as_family();
  const std::string hostile = "<script>window.pwned=1</script><b>x</b><img src=x onerror=\"window.pwned=2\">";
  facilitator_->add_card("c-html", "worries", hostile);
  facilitator_->add_card("c-after", "worries", "Et almindeligt kort bagefter.");
  ASSERT_TRUE(card_shown("c-after"));
  ASSERT_TRUE(card_shown("c-html"));
  EXPECT_EQ(card_text("c-html"), hostile);
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-html] .card-text').children.length"), 0);
  EXPECT_EQ(browser_->evaluate("typeof window.pwned"), "undefined");
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('script').length"),
            browser_->evaluate("document.querySelectorAll('script[src]').length"));
}

TEST_F(TabletPage, ProfessionalOnlyCardNeverAppears) {
  join_as_family();
  facilitator_->add_card("c-fortroligt", "worries", "Fortroligt: oplysning fra politiet.", true);
  facilitator_->add_card("c-synligt", "worries", "Vi er bekymrede for aftenerne.");
  ASSERT_TRUE(card_shown("c-synligt"));
  EXPECT_EQ(card_text("c-fortroligt"), nullptr);
  EXPECT_EQ(browser_->evaluate("document.body.textContent.includes('politiet')"), false);

  // A public card that is made professional-only disappears from the tablet.
  facilitator_->propose("set_card_field", "c-synligt", "professional_only", true);
  EXPECT_TRUE(browser_->wait_for("!document.querySelector('[data-card-id=c-synligt]')"));
}

TEST_F(TabletPage, RatingStaysBlindUntilRevealedAndReachesTheHost) {
  const std::string family = join_as_family();
  facilitator_->propose("set_meeting_field", "", "scale_blind", true);
  facilitator_->propose("set_rating", facilitator_->participant_id(), "", {{"value", 3}, {"reason", ""}});
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#scale-status').textContent.length > 0"));
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#scale-marks .slot-name').length"), 0);

  browser_->evaluate("document.querySelector('#rating-buttons [data-value=\"7\"]').click();"
                     "document.querySelector('#rating-reason').value = 'Far er stoppet med at drikke';"
                     "document.querySelector('#rating-form button[type=submit]').click(); true");
  auto rating = facilitator_->wait_for([](const json& m) { return is_op(m, "set_rating") && m["op"].value("author", "") != "host"; });
  ASSERT_TRUE(rating);
  EXPECT_EQ((*rating)["op"].value("target", ""), family);
  EXPECT_EQ((*rating)["op"]["value"].value("value", -1), 7);
  // Only the family's own mark is visible before the reveal.
  EXPECT_TRUE(browser_->wait_for("document.querySelectorAll('#scale-marks .slot-name').length === 1"));

  facilitator_->propose("reveal_ratings", "", "", nullptr);
  EXPECT_TRUE(browser_->wait_for("document.querySelectorAll('#scale-marks .slot-name').length === 2"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#scale-marks .slot:nth-child(4) .slot-name') !== null"), true);
}

TEST_F(TabletPage, AgreementMarkFromThePageReachesTheHost) {
  const std::string family = join_as_family();
  facilitator_->add_card("c-plan", "next_steps", "Mor ringer til mormor, når hun har en dårlig dag.");
  ASSERT_TRUE(card_shown("c-plan"));
  browser_->evaluate("document.querySelector('[data-card-id=c-plan] .mark-agree').click(); true");
  auto mark = facilitator_->wait_for([](const json& m) { return is_op(m, "set_agreement"); });
  ASSERT_TRUE(mark);
  EXPECT_EQ((*mark)["op"].value("field", ""), family);
  EXPECT_EQ((*mark)["op"].value("value", ""), "agree");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-plan] .mark-agree').getAttribute('aria-pressed') === 'true'"));
}

TEST_F(TabletPage, SuggestionWrittenWhileOfflineIsKeptAndSentOnceWhenBackOnline) {
  TcpRelay wifi(host_->port());
  const std::string family = join_as_family("http://127.0.0.1:" + std::to_string(wifi.port()) + "/");
  wifi.cut();
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#connection').classList.contains('state-connected')"));
  const std::string words = "Jeg vil gerne have, at mormor er med til næste møde.";
  browser_->evaluate("document.querySelector('input[name=column][value=next_steps]').checked = true;"
                     "document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  // Kept on the tablet (memory and localStorage) and shown as not sent yet.
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-unsent')"));
  EXPECT_EQ(browser_->evaluate("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length"), 1);
  EXPECT_EQ(browser_->evaluate("document.querySelector('#connection').textContent.includes('1')"), true);

  wifi.restore();  // the page finds its way back by itself
  auto suggestion = facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion) << "the queued suggestion never arrived";
  EXPECT_EQ((*suggestion)["op"]["value"].value("text", ""), words);
  EXPECT_EQ((*suggestion)["op"].value("author", ""), family);
  EXPECT_TRUE(browser_->wait_for("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length === 0"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-pending')"));
  // Sent once: no second copy follows.
  EXPECT_FALSE(facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); }, std::chrono::seconds(1)));
}

TEST_F(TabletPage, SuggestionQueuedOfflineSurvivesLeavingThePageAndIsSentOnceOnReturn) {
  TcpRelay wifi(host_->port());
  const std::string page = "http://127.0.0.1:" + std::to_string(wifi.port()) + "/";
  const std::string family = join_as_family(page);
  wifi.cut();
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#connection').classList.contains('state-connected')"));
  const std::string words = "Vi vil gerne have en fast aftale om weekenderne.";
  browser_->evaluate("document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-unsent')"));
  // The page is gone (tab reloaded, browser closed): only localStorage holds the words.
  browser_->navigate("about:blank");
  wifi.restore();
  browser_->navigate(page + "#code=" + kCode);  // back in by itself: no first screen
  auto suggestion = facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion) << "the suggestion kept in localStorage never arrived";
  EXPECT_EQ((*suggestion)["op"]["value"].value("text", ""), words);
  EXPECT_EQ((*suggestion)["op"].value("author", ""), family);
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-pending')"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-screen').hidden"), true);
  EXPECT_FALSE(facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); }, std::chrono::seconds(1)));
}

// A host whose queue for a slow tablet fell behind drops the queue, confirmations
// included, and sends one snapshot naming the tablet's ops it already holds (`acked`).
// The page must take those ops out of its outbox, not keep them as "not sent".
TEST_F(TabletPage, SnapshotThatNamesAPendingOpAsAckedTakesItOutOfTheOutbox) {
  TcpRelay wifi(host_->port());
  join_as_family("http://127.0.0.1:" + std::to_string(wifi.port()) + "/");
  facilitator_->add_card("c-synligt", "worries", "Vi er bekymrede for aftenerne.");
  ASSERT_TRUE(card_shown("c-synligt"));

  const std::string words = "Vi vil gerne have, at moster er med næste gang.";
  wifi.drop_messages_to_browser_until(words);  // the host's "op" that confirms the suggestion is lost
  browser_->evaluate("document.querySelector('#suggest-text').value = " + js(words) + ";"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  ASSERT_TRUE(facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); }));
  ASSERT_TRUE(wifi.wait_until_dropped()) << "the host never sent the tablet its own suggestion";
  EXPECT_EQ(browser_->evaluate("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length"), 1);

  // A card vanishing from the family's view reaches the tablet as a snapshot (with `acked`).
  facilitator_->propose("set_card_field", "c-synligt", "professional_only", true);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('[data-card-id=c-synligt]')"));
  EXPECT_EQ(browser_->evaluate("JSON.parse(localStorage.getItem('tavle.outbox')).ops.length"), 0);
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#my-suggestions .state-pending')"));
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#my-suggestions .state-unsent').length"), 0);
}

TEST_F(TabletPage, AChildWhoJoinsSaysSoAndIsOnTheBoardAsTheChild) {
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#family-who').hidden"), false);
  browser_->evaluate("document.querySelector('input[name=role][value=viewer]').click(); true");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#family-who').hidden"), true) << "someone following along is not asked";
  browser_->evaluate("document.querySelector('input[name=role][value=family]').click();"
                     "document.querySelector('input[name=family_role][value=child]').click();"
                     "document.querySelector('#join-name').value = 'Emma';"
                     "document.querySelector('#join-button').click(); true");
  auto added = facilitator_->wait_for([](const nlohmann::json& m) {
    return is_op(m, "add_participant") && m["op"]["value"].value("name", "") == "Emma";
  });
  ASSERT_TRUE(added);
  EXPECT_EQ((*added)["op"]["value"].value("role", ""), "child");
  EXPECT_EQ(browser_->evaluate("localStorage.getItem('tavle.family_role')"), "child") << "asked once per tablet";
}

TEST_F(TabletPage, ViewerSeesTheBoardButNoWaysToWrite) {
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  browser_->evaluate("document.querySelector('#join-name').value = 'Naboen';"
                     "document.querySelector('input[name=role][value=viewer]').checked = true;"
                     "document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  facilitator_->add_card("c-skole", "working_well", "Emma kommer i skole hver dag.");
  ASSERT_TRUE(card_shown("c-skole"));
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('.mark').length"), 0);
  EXPECT_EQ(browser_->evaluate("getComputedStyle(document.querySelector('#suggest')).display"), "none");
  EXPECT_EQ(browser_->evaluate("getComputedStyle(document.querySelector('#rating-form')).display"), "none");
}

// The host never sends professional-only cards to a family; the page does not trust
// that alone. Ids come from people, so "__proto__" must be an ordinary card.
TEST_F(TabletPage, PageDropsProfessionalOnlyCardsEvenWhenASnapshotCarriesThem) {
  browser_->navigate(host_->url());
  ASSERT_TRUE(browser_->wait_for("window.TavleBoard && window.TavleView"));
  const json shown = browser_->evaluate(R"JS((() => {
    const board = TavleBoard.fromSnapshot({schema: 1, meeting: {family_label: "Familien Test"}, cards: [
      {id: "c-pro", column: "worries", text: "Kun for fagfolk", professional_only: true, order: "A"},
      {id: "__proto__", column: "worries", text: "Et kort med et mærkeligt id", order: "B"}]});
    document.querySelector("#meeting-screen").hidden = false;
    TavleView.render(document, board, {t: (k) => k, me: "", canWrite: false, language: "da",
                                       pendingIds: new Set(), onAgree: () => {}});
    return Array.from(document.querySelectorAll("[data-column=worries] .card"), (c) => c.dataset.cardId);
  })())JS");
  EXPECT_EQ(shown, json::array({"__proto__"}));
  EXPECT_EQ(browser_->evaluate("document.body.textContent.includes('Kun for fagfolk')"), false);
}

// On a blind scale the host may tell a tablet only that someone rated: a set_rating
// whose value is {"hidden": true}. The page counts it and shows no name or number.
TEST_F(TabletPage, HiddenRatingOpIsCountedButShowsNoNameOrNumber) {
  browser_->navigate(host_->url());
  ASSERT_TRUE(browser_->wait_for("window.TavleBoard && window.TavleView"));
  const json shown = browser_->evaluate(R"JS((() => {
    const board = TavleBoard.fromSnapshot({schema: 1, meeting: {}, scale: {blind: true},
        participants: [{id: "p-pia", name: "Pia", role: "professional"}]});
    TavleBoard.applyOp(board, {kind: "set_rating", target: "p-pia", value: {hidden: true}, at: 5});
    document.querySelector("#meeting-screen").hidden = false;
    TavleView.render(document, board, {t: (k, v) => k + (v && v.n !== undefined ? ":" + v.n : ""), me: "", canWrite: false,
                                       language: "da", pendingIds: new Set(), onAgree: () => {}});
    const r = board.scale.ratings.get("p-pia");
    return {hidden: r.hidden, value: r.value, names: document.querySelectorAll("#scale-marks .slot-name").length,
            status: document.querySelector("#scale-status").textContent};
  })())JS");
  EXPECT_EQ(shown["hidden"], true);
  EXPECT_EQ(shown["value"], nullptr);
  EXPECT_EQ(shown["names"], 0);
  EXPECT_EQ(shown["status"], "scale_hidden scale_hidden_count:1");
}

TEST_F(TabletPage, PageFollowsTheMeetingsLanguageUntilThePersonChooses) {
  join_as_family();
  const std::string heading = "document.querySelector('[data-column=working_well] h2').textContent";
  EXPECT_TRUE(browser_->wait_for(heading + " === " + js("Hvad går godt?")));
  facilitator_->propose("set_meeting_field", "", "language", "en");
  EXPECT_TRUE(browser_->wait_for(heading + " === " + js("What's working well?")));
  EXPECT_EQ(browser_->evaluate("document.documentElement.lang"), "en");
  // The person's own choice wins over the meeting's from then on.
  browser_->evaluate("document.querySelector('.topbar [data-action=switch-language]').click(); true");
  EXPECT_TRUE(browser_->wait_for(heading + " === " + js("Hvad går godt?")));
  facilitator_->add_card("c-efter", "worries", "Et kort, så siden tegnes igen.");
  ASSERT_TRUE(card_shown("c-efter"));
  EXPECT_EQ(browser_->evaluate(heading), "Hvad går godt?");
}

// The page has no words of its own: the host serves the tablet's section of the one
// string catalog (assets/strings/<lang>.json) as strings.js, and the page shows those.
TEST_F(TabletPage, WordsComeFromTheStringCatalogTheHostServes) {
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  const json served = json::parse(browser_->evaluate("JSON.stringify(window.TAVLE_STRINGS)").get<std::string>());
  for (const std::string& lang : strings::languages()) {
    json words;
    std::string error;
    ASSERT_TRUE(strings::read_section(lang, strings::kTablet, words, error)) << error;
    EXPECT_EQ(served[lang], words) << lang;
    if (lang == "da") {
      EXPECT_EQ(browser_->evaluate("document.querySelector('#join-title').textContent"), words["welcome_title"]);
    }
  }
}

TEST_F(TabletPage, WrongCodeSendsThePersonBackToTheFirstScreenWithAnError) {
  browser_->navigate(host_->url() + "#code=000000");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  browser_->evaluate("document.querySelector('#join-name').value = 'Kasper'; document.querySelector('#join-button').click(); true");
  EXPECT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden && !document.querySelector('#join-error').hidden"));
}

}  // namespace
}  // namespace tavle::webtest
