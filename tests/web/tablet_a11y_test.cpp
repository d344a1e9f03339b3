// The tablet page at WCAG 2.1 AA: axe-core (npm, tests/web/axe, installed by
// .ci/install with `npm ci`) is injected over DevTools into every state of the page
// (join, board as parent, child and viewer, scale, suggestions, a picked rating, the
// leave question, English) at tablet landscape and portrait, phone, 200 % zoom and
// 320 px reflow, and must report no violation of the wcag2a/2aa/21a/21aa rules.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

struct Screen {
  const char* name;
  int width, height;
  double zoom;
};

// Tablet landscape and portrait, a phone, the landscape tablet at 200 % and 320 px reflow.
const std::vector<Screen> kScreens = {
    {"tablet landscape", 1180, 820, 1.0}, {"tablet portrait", 820, 1180, 1.0}, {"phone", 390, 844, 1.0},
    {"tablet at 200 %", 1180, 820, 2.0},  {"320 px reflow", 320, 640, 1.0},
};

std::string axe_source() {
  std::ifstream in(TAVLE_AXE_JS, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class TabletA11y : public TabletPage {
 protected:
  void SetUp() override {
    TabletPage::SetUp();
    if (IsSkipped()) return;
    axe_ = axe_source();
    ASSERT_FALSE(axe_.empty()) << "axe-core is missing: run `npm ci` in tests/web/axe (.ci/install does)";
  }

  // axe-core's WCAG 2.1 A/AA violations of the page as it is now ("" when none).
  std::string violations() {
    if (browser_->evaluate("typeof window.axe") != "object") browser_->evaluate(axe_ + "\n;true");
    const json found = browser_->evaluate(R"JS(axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
      .then((r) => r.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + " at " +
        v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " [" + (n.failureSummary || "").replace(/\s+/g, " ") + "]").join("; "))))JS");
    std::string out;
    for (const auto& v : found) out += v.get<std::string>() + "\n";
    return out;
  }

  // Every screen size: no violation, and no sideways scrolling (1.4.10 Reflow).
  void check_every_screen(const std::string& state) {
    for (const Screen& s : kScreens) {
      browser_->set_viewport(s.width, s.height, s.zoom);
      browser_->evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
      EXPECT_EQ(violations(), "") << state << ", " << s.name;
      EXPECT_EQ(browser_->evaluate("document.documentElement.scrollWidth <= window.innerWidth"), true)
          << state << ", " << s.name << ": the page scrolls sideways";
    }
    browser_->set_viewport(1180, 820);
  }

  void switch_language() { browser_->evaluate("document.querySelector('.topbar [data-action=switch-language]').click(); true"); }

  // A board with every kind of card, marks, ratings and suggestions.
  void fill_board(const std::string& family) {
    facilitator_->propose("set_meeting_field", "", "scale_question",
                          "Hvor trygt er det for Emma at bo hjemme, hvor 10 er helt trygt?");
    facilitator_->propose("add_card", "c-styrke", "", {{"column", "working_well"}, {"text", "Mormor henter Emma tirsdag og torsdag."}, {"category", "strength"}});
    facilitator_->propose("add_card", "c-tryg", "", {{"column", "working_well"}, {"text", "Emma har en fast voksen i skolen."}, {"category", "existing_safety"}});
    facilitator_->propose("add_card", "c-skade", "", {{"column", "worries"}, {"text", "Emma har været alene hjemme om aftenen."}, {"category", "harm"}});
    facilitator_->propose("add_card", "c-fare", "", {{"column", "worries"}, {"text", "Vi er bange for, at det sker igen."}, {"category", "danger_statement"}});
    facilitator_->propose("add_card", "c-svaert", "", {{"column", "worries"}, {"text", "Far arbejder om natten."}, {"category", "complicating_factor"}});
    facilitator_->propose("add_card", "c-maal", "", {{"column", "next_steps"}, {"text", "Emma er aldrig alene om aftenen."}, {"category", "safety_goal"}});
    facilitator_->add_card("c-skridt", "next_steps", "Mor ringer til mormor, når hun har en dårlig dag.");
    facilitator_->propose("set_card_field", "c-skridt", "owners", json::array({family, facilitator_->participant_id()}));
    facilitator_->propose("set_card_field", "c-skridt", "due", "2026-12-15");
    facilitator_->add_card("c-gjort", "next_steps", "Skolen taler med Emma hver mandag.");
    facilitator_->propose("set_card_field", "c-gjort", "status", "done");
    facilitator_->propose("set_card_field", "c-gjort", "due", "2026-12-01");
    facilitator_->propose("set_agreement", "c-styrke", facilitator_->participant_id(), "agree");
    facilitator_->propose("set_agreement", "c-fare", facilitator_->participant_id(), "disagree");
    facilitator_->propose("set_rating", facilitator_->participant_id(), "", {{"value", 6}, {"reason", ""}});
    facilitator_->propose("set_meeting_field", "", "next_meeting", "2027-01-12T14:00");
    ASSERT_TRUE(card_shown("c-gjort"));
  }

  std::string axe_;
};

TEST_F(TabletA11y, JoinScreenMeetsWcag21AaInDanishAndEnglishOnEveryScreen) {
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  EXPECT_EQ(browser_->evaluate("document.title"), "Gå med i mødet – Tavle");
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('main h1').length"), 1);
  const std::string digits = std::to_string(std::string(kCode).size());  // the hint says the code's real length
  EXPECT_EQ(browser_->evaluate("document.querySelector('#code-hint').textContent.includes('Den har " + digits + " tal')"), true);
  check_every_screen("join, Danish");
  // A typed code with the error showing, then English.
  browser_->evaluate("document.querySelector('[data-action=type-code]').click();"
                     "document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-error').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#join-error').textContent"), "Skriv mødekoden. Den har " + digits + " tal.");
  browser_->evaluate("document.querySelector('.join-top [data-action=switch-language]').click(); true");
  EXPECT_EQ(browser_->evaluate("document.title"), "Join the meeting – Tavle");
  check_every_screen("join with an error, English");
}

TEST_F(TabletA11y, BoardAsParentMeetsWcag21AaInEveryStateOnEveryScreen) {
  const std::string family = join_as_family();
  fill_board(family);
  // A suggestion sent and taken up, one waiting; the family's own agreement mark.
  browser_->evaluate("document.querySelector('#suggest-text').value = 'Vi spiser sammen hver dag.';"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  auto suggestion = facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion);
  facilitator_->propose("resolve_suggestion", (*suggestion)["op"].value("target", ""), "", {{"decision", "accept"}, {"card_id", "c-spiser"}});
  ASSERT_TRUE(card_shown("c-spiser"));
  browser_->evaluate("document.querySelector('#suggest-text').value = 'Mormor skal med næste gang.';"
                     "document.querySelector('#suggest-form button[type=submit]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelectorAll('#my-suggestions .suggestion').length === 2"));
  browser_->evaluate("document.querySelector('[data-card-id=c-styrke] .mark-agree').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-styrke] .mark-agree').getAttribute('aria-pressed') === 'true'"));
  // Sent 7, then picked 3: the page shows both, differently.
  browser_->evaluate("document.querySelector('#rating-buttons [data-value=\"7\"]').click();"
                     "document.querySelector('#rating-form button[type=submit]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#rating-buttons [data-value=\"7\"]').classList.contains('is-sent')"));
  browser_->evaluate("document.querySelector('#rating-buttons [data-value=\"3\"]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#rating-buttons [data-value=\"3\"]').classList.contains('is-picked')"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#rating-current').textContent"),
            "Du har valgt 3. Det er ikke sendt endnu. Du sendte 7 før.");
  EXPECT_NE(browser_->evaluate("getComputedStyle(document.querySelector('[data-value=\"3\"]')).borderStyle"),
            browser_->evaluate("getComputedStyle(document.querySelector('[data-value=\"7\"]')).borderStyle"));
  // The facilitator is pointing at a card.
  facilitator_->focus("c-fare", "");
  ASSERT_TRUE(browser_->wait_for("!!document.querySelector('.focus-highlight')"));

  // <main>, one h1, a title naming the meeting, the meeting's words in its language.
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#meeting-screen main').length"), 1);
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#meeting-screen h1').length"), 1);
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-styrke] .card-text').lang"), "da");
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('[aria-live]').length"), 1) << "one small status region, not the board";
  check_every_screen("board as parent, Danish");

  switch_language();
  ASSERT_TRUE(browser_->wait_for("document.querySelector('[data-column=working_well] h2').textContent === \"What's working well?\""));
  EXPECT_EQ(browser_->evaluate("document.documentElement.lang"), "en");
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-styrke] .card-text').lang"), "da")
      << "Danish cards are read as Danish on an English page";
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-card-id=c-styrke] .mark-agree').textContent.replace(/\\s+/g, ' ')"),
            "✓ Agree with: Mormor henter Emma tirsdag og torsdag.");
  check_every_screen("board as parent, English");

  // Leaving asks first.
  browser_->evaluate("document.querySelector('[data-action=leave]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#leave-dialog').open"));
  EXPECT_EQ(violations(), "") << "the leave question";
  EXPECT_EQ(browser_->evaluate("document.activeElement.dataset.action"), "stay");
  browser_->evaluate("document.querySelector('[data-action=stay]').click(); true");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#meeting-screen').hidden"), false);
}

TEST_F(TabletA11y, ChildAndViewerBoardsMeetWcag21AaWithBlindRatings) {
  facilitator_->propose("set_meeting_field", "", "scale_blind", true);
  facilitator_->propose("set_rating", facilitator_->participant_id(), "", {{"value", 4}, {"reason", ""}});
  facilitator_->add_card("c-skole", "working_well", "Emma kommer i skole hver dag.");
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  browser_->evaluate("document.querySelector('input[name=family_role][value=child]').click();"
                     "document.querySelector('#join-name').value = 'Emma';"
                     "document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  ASSERT_TRUE(card_shown("c-skole"));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#scale-status').hidden"));
  check_every_screen("board as child, blind scale");
  // issue 15: the child's mode with a house open (words, pictures, send).
  browser_->evaluate("document.querySelector('.house[data-house=worries]').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#house-form').hidden"));
  check_every_screen("board as child, the house of worries open");

  browser_->evaluate("document.querySelector('[data-action=leave]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#leave-dialog').open"));
  browser_->evaluate("document.querySelector('[data-action=leave-now]').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
  browser_->evaluate("document.querySelector('#join-name').value = 'Naboen';"
                     "document.querySelector('input[name=role][value=viewer]').click();"
                     "document.querySelector('#join-button').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  ASSERT_TRUE(card_shown("c-skole"));
  check_every_screen("board as viewer");
}

// The top bar stays on screen only where there is room: at 200 % on a landscape
// tablet it scrolls away with the page instead of covering half of it.
TEST_F(TabletA11y, TopBarIsStickyOnlyWhereItLeavesRoomForThePage) {
  join_as_family();
  facilitator_->propose("set_meeting_field", "", "family_label", "Familien Jensen-Andersen");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#family-label').textContent === 'Familien Jensen-Andersen'"));
  EXPECT_EQ(browser_->evaluate("document.title"), "Familien Jensen-Andersen – Tavle");
  EXPECT_EQ(browser_->evaluate("getComputedStyle(document.querySelector('.topbar')).position"), "sticky");
  for (const Screen& s : {kScreens[2], kScreens[3], kScreens[4]}) {
    browser_->set_viewport(s.width, s.height, s.zoom);
    EXPECT_NE(browser_->evaluate("getComputedStyle(document.querySelector('.topbar')).position"), "sticky") << s.name;
    // The family's name is never cut short.
    EXPECT_EQ(browser_->evaluate("(() => { const l = document.querySelector('#family-label');"
                                 " return l.scrollWidth <= l.clientWidth + 1; })()"), true) << s.name;
  }
}

// Windows High Contrast replaces backgrounds with the system's colours, so a state
// shown by background alone would vanish: pressed, sent and picked must still differ.
TEST_F(TabletA11y, InForcedColoursPressedSentAndPickedStatesStillShow) {
  join_as_family();
  facilitator_->add_card("c-plan", "next_steps", "Mor ringer til mormor.");
  ASSERT_TRUE(card_shown("c-plan"));
  browser_->evaluate("document.querySelector('[data-card-id=c-plan] .mark-agree').click();"
                     "document.querySelector('#rating-buttons [data-value=\"7\"]').click();"
                     "document.querySelector('#rating-form button[type=submit]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#rating-buttons [data-value=\"7\"]').classList.contains('is-sent')"));
  browser_->evaluate("document.querySelector('#rating-buttons [data-value=\"3\"]').click(); true");
  ASSERT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-plan] .mark-agree').getAttribute('aria-pressed') === 'true'"));
  browser_->emulate_media_feature("forced-colors", "active");
  ASSERT_EQ(browser_->evaluate("matchMedia('(forced-colors: active)').matches"), true);
  const std::string style = "((selector, property) => getComputedStyle(document.querySelector(selector))[property])";
  // The system's highlight colour, as this browser resolves it.
  const json highlight = browser_->evaluate(R"JS((() => { const p = document.createElement("span");
      p.style.forcedColorAdjust = "none"; p.style.backgroundColor = "Highlight"; document.body.appendChild(p);
      const c = getComputedStyle(p).backgroundColor; p.remove(); return c; })())JS");
  EXPECT_EQ(browser_->evaluate(style + "('[data-card-id=c-plan] .mark-agree', 'backgroundColor')"), highlight);
  EXPECT_NE(browser_->evaluate(style + "('[data-card-id=c-plan] .mark-disagree', 'backgroundColor')"), highlight);
  EXPECT_EQ(browser_->evaluate(style + "('#rating-buttons [data-value=\"7\"]', 'backgroundColor')"), highlight);
  EXPECT_EQ(browser_->evaluate(style + "('#rating-buttons [data-value=\"3\"]', 'borderTopStyle')"), "dashed");
  EXPECT_EQ(browser_->evaluate(style + "('#rating-buttons [data-value=\"5\"]', 'borderTopStyle')"), "solid");
  EXPECT_EQ(violations(), "") << "forced colours";
}

}  // namespace
}  // namespace tavle::webtest
