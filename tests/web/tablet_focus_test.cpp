// "Bring everyone to my view" on the family's tablet: the facilitator (over the
// protocol, with the host's facilitator key) points at a card, and the page scrolls
// it into view and outlines it, unless "Follow the facilitator" is off.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

// JavaScript: whether the card is wholly inside the viewport (below the sticky top bar).
std::string card_in_view(const std::string& card_id) {
  return "(() => { const c = document.querySelector('[data-card-id=' + CSS.escape(" + js(card_id) + ") + ']');"
         " if (!c) return false; const r = c.getBoundingClientRect();"
         " const bar = document.querySelector('.topbar').getBoundingClientRect().bottom;"
         " return r.top >= bar && r.bottom <= window.innerHeight; })()";
}

// JavaScript: whether the card sits in the middle of what the top bar leaves visible.
std::string card_centred(const std::string& card_id) {
  return "(() => { const r = document.querySelector('[data-card-id=' + CSS.escape(" + js(card_id) + ") + ']').getBoundingClientRect();"
         " const bar = document.querySelector('.topbar').getBoundingClientRect().bottom;"
         " return Math.abs((r.top + r.bottom) / 2 - (bar + window.innerHeight) / 2) < 50; })()";
}

std::string highlighted(const std::string& card_id) {
  return "!!document.querySelector('[data-card-id=' + CSS.escape(" + js(card_id) + ") + '].focus-highlight')";
}

// Records every focus message the page's connection handles, without changing what it does.
constexpr const char* kRecordFocusMessages = R"JS((() => {
  window.focusSeen = [];
  const handle = TavleConnection.Connection.prototype.handle;
  TavleConnection.Connection.prototype.handle = function (m) {
    if (m && m.type === "focus") window.focusSeen.push(m);
    return handle.call(this, m);
  };
  return true;
})())JS";

class TabletFocus : public TabletPage {
 protected:
  // A worries column long enough that its last card starts below the fold.
  void fill_worries_column(const std::string& last_card) {
    for (int i = 1; i <= 14; ++i)
      facilitator_->add_card("c-bekymring-" + std::to_string(i), "worries",
                             "Bekymring nummer " + std::to_string(i) + ": vi taler om, hvad der sker om aftenen, "
                             "når mor er træt, og hvem Emma kan ringe til.");
    facilitator_->add_card(last_card, "worries", "Emma må ikke være alene hjemme om aftenen.");
    ASSERT_TRUE(card_shown(last_card));
    ASSERT_EQ(browser_->evaluate("window.scrollY"), 0);
    ASSERT_EQ(browser_->evaluate(card_in_view(last_card)), false) << "the column is not long enough for this test";
  }

  // Saves a picture of the page when TAVLE_WEB_SCREENSHOTS names a folder (for docs/).
  void picture(const std::string& name) {
    if (const char* folder = std::getenv("TAVLE_WEB_SCREENSHOTS"))
      browser_->screenshot(std::filesystem::path(folder) / name);
  }
};

TEST_F(TabletFocus, FacilitatorsFocusScrollsTheCardIntoViewAndOutlinesItBriefly) {
  join_as_family();
  fill_worries_column("c-alene");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#follow-toggle').getAttribute('aria-checked')"), "true");

  facilitator_->focus("c-alene", "");
  ASSERT_TRUE(browser_->wait_for(highlighted("c-alene")));
  EXPECT_TRUE(browser_->wait_for(card_in_view("c-alene")));
  EXPECT_TRUE(browser_->wait_for(card_centred("c-alene")));
  EXPECT_GT(browser_->evaluate("window.scrollY").get<double>(), 0);
  EXPECT_EQ(browser_->evaluate("document.querySelector('.focus-highlight').dataset.focusLabel"), "Mødelederen viser det her");
  picture("tablet-focus-da.png");
  // The outline is a moment's pointer, not a permanent mark.
  EXPECT_TRUE(browser_->wait_for("!document.querySelector('.focus-highlight')"));

  // The same in English, and a whole column shows from its heading.
  browser_->evaluate("document.querySelector('.topbar [data-action=switch-language]').click(); true");
  facilitator_->focus("c-alene", "");
  ASSERT_TRUE(browser_->wait_for(highlighted("c-alene")));
  EXPECT_EQ(browser_->evaluate("document.querySelector('.focus-highlight').dataset.focusLabel"), "The facilitator is showing this");
  EXPECT_TRUE(browser_->wait_for(card_centred("c-alene")));
  picture("tablet-focus-en.png");
  facilitator_->focus("", "next_steps");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('.column[data-column=next_steps]').classList.contains('focus-highlight')"));
  EXPECT_TRUE(browser_->wait_for("(() => { const top = document.querySelector('[data-column=next_steps] h2').getBoundingClientRect().top;"
                                 " return top >= document.querySelector('.topbar').getBoundingClientRect().bottom && top < window.innerHeight; })()"));

  // Turned to portrait, the columns stack and the card is far down the page.
  browser_->set_viewport(820, 1180);
  facilitator_->focus("c-alene", "");
  ASSERT_TRUE(browser_->wait_for(highlighted("c-alene")));
  EXPECT_TRUE(browser_->wait_for(card_centred("c-alene")));
  picture("tablet-focus-portrait-en.png");
}

TEST_F(TabletFocus, WithFollowSwitchedOffThePageStaysWhereItIsAndRemembersTheChoice) {
  join_as_family();
  fill_worries_column("c-alene");
  browser_->evaluate("document.querySelector('#follow-toggle').click(); true");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#follow-toggle').getAttribute('aria-checked')"), "false");
  EXPECT_EQ(browser_->evaluate("localStorage.getItem('tavle.follow')"), "off");

  ASSERT_TRUE(browser_->evaluate(kRecordFocusMessages).get<bool>());
  facilitator_->focus("c-alene", "");
  // The focus arrived (messages keep their order); the page did not move or mark anything.
  ASSERT_TRUE(browser_->wait_for("window.focusSeen.length === 1"));
  facilitator_->add_card("c-efter", "working_well", "Et kort efter fokus.");
  ASSERT_TRUE(card_shown("c-efter"));
  EXPECT_EQ(browser_->evaluate("window.scrollY"), 0);
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('.focus-highlight').length"), 0);

  // Coming back to the page in the middle of the meeting keeps the person's choice.
  browser_->navigate("about:blank");
  browser_->navigate(host_->url() + "#code=" + kCode);
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#follow-toggle').getAttribute('aria-checked')"), "false");
}

TEST_F(TabletFocus, FocusOnAProfessionalOnlyCardNeverReachesThePage) {
  join_as_family();
  facilitator_->add_card("c-fortroligt", "worries", "Fortroligt: oplysning fra politiet.", true);
  fill_worries_column("c-alene");
  ASSERT_TRUE(browser_->evaluate(kRecordFocusMessages).get<bool>());

  facilitator_->focus("c-fortroligt", "");
  // The host passes a focus on at once but an op only once durable: when this card
  // is on the page, a focus sent before it would have arrived.
  facilitator_->add_card("c-efter", "working_well", "Et kort efter fokus.");
  ASSERT_TRUE(card_shown("c-efter"));
  EXPECT_EQ(browser_->evaluate("window.focusSeen.length"), 0);
  EXPECT_EQ(browser_->evaluate("window.scrollY"), 0);
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('.focus-highlight').length"), 0);
  EXPECT_EQ(browser_->evaluate("document.body.textContent.includes('politiet')"), false);
}

// Someone writing a suggestion is not scrolled away from the field; the page goes to
// the card once they leave it. The label is said in the status region too.
TEST_F(TabletFocus, FollowingWaitsWhileSomeoneIsTypingAndIsAnnounced) {
  join_as_family();
  fill_worries_column("c-alene");
  browser_->evaluate("const f = document.querySelector('#suggest-text'); f.scrollIntoView({block: 'center', behavior: 'instant'}); f.focus();"
                     "f.value = 'Jeg skriver lige nu'; true");
  const double typing_at = browser_->evaluate("window.scrollY").get<double>();
  ASSERT_GT(typing_at, 0);
  facilitator_->focus("c-alene", "");
  ASSERT_TRUE(browser_->wait_for(highlighted("c-alene")));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#announcer').textContent.includes(" +
                                 js("Mødelederen viser: Emma må ikke være alene hjemme om aftenen.") + ")"))
      << browser_->evaluate("document.querySelector('#announcer').textContent");
  EXPECT_EQ(browser_->evaluate("window.scrollY").get<double>(), typing_at) << "the page moved away from the field";
  EXPECT_EQ(browser_->evaluate("document.activeElement.id"), "suggest-text");
  EXPECT_EQ(browser_->evaluate(card_in_view("c-alene")), false);
  // Done typing (Tab to the send button): now the page goes to the card.
  browser_->press_key("Tab");
  EXPECT_TRUE(browser_->wait_for(card_in_view("c-alene")))  // in view: where exactly a smooth scroll ends varies
      << browser_->evaluate("window.scrollY");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#suggest-text').value"), "Jeg skriver lige nu");
}

// The host broadcasts an op once it is durable, so the focus on a new card can come
// first: the page keeps the latest such focus and applies it when the card arrives.
TEST_F(TabletFocus, FocusThatArrivesBeforeItsCardIsAppliedWhenTheCardComes) {
  browser_->navigate(host_->url());
  ASSERT_TRUE(browser_->wait_for("window.TavleBoard && window.TavleView && window.TavleFocus"));
  const json marked = browser_->evaluate(R"JS((() => {
    const draw = (cards) => TavleView.render(document, TavleBoard.fromSnapshot({schema: 1, meeting: {}, cards: cards}),
        {t: (k) => k, me: "", canWrite: false, language: "da", pendingIds: new Set(), onAgree: () => {}});
    const early = {id: "c-tidlig", column: "worries", text: "Et kort", order: "A"};
    document.querySelector("#meeting-screen").hidden = false;
    draw([early]);
    const follower = new TavleFocus.Follower(document, () => "label");
    follower.receive({cardId: "c-ny", column: "worries"});
    follower.receive({cardId: "c-nyere", column: "worries"});  // only the latest waits
    const before = document.querySelectorAll(".focus-highlight").length;
    draw([early, {id: "c-ny", column: "worries", text: "Nyt", order: "B"},
          {id: "c-nyere", column: "worries", text: "Nyere", order: "C"}]);
    follower.afterRender();
    return {before: before, after: Array.from(document.querySelectorAll(".focus-highlight"), (e) => e.dataset.cardId)};
  })())JS");
  EXPECT_EQ(marked["before"], 0);
  EXPECT_EQ(marked["after"], json::array({"c-nyere"}));
}

// Smooth scrolling moves the page over the next frames; for people who asked the
// tablet for reduced motion the page jumps at once, within the same task.
TEST_F(TabletFocus, ReducedMotionJumpsToTheCardInsteadOfScrollingSmoothly) {
  const std::string scroll_right_after_focus = R"JS((() => {
    const cards = [];
    for (let i = 0; i < 30; i++) cards.push({id: "c-" + i, column: "worries", text: "Kort " + i, order: "k" + String(i).padStart(2, "0")});
    document.querySelector("#meeting-screen").hidden = false;
    TavleView.render(document, TavleBoard.fromSnapshot({schema: 1, meeting: {}, cards: cards}),
        {t: (k) => k, me: "", canWrite: false, language: "da", pendingIds: new Set(), onAgree: () => {}});
    new TavleFocus.Follower(document, () => "label").receive({cardId: "c-29", column: "worries"});
    return window.scrollY;
  })())JS";
  const std::string page_ready = "window.TavleBoard && window.TavleView && window.TavleFocus && window.scrollY === 0";
  browser_->navigate(host_->url());
  ASSERT_TRUE(browser_->wait_for(page_ready));
  EXPECT_EQ(browser_->evaluate(scroll_right_after_focus), 0) << "smooth scrolling has not moved yet";

  browser_->emulate_media_feature("prefers-reduced-motion", "reduce");
  browser_->navigate("about:blank");
  browser_->navigate(host_->url());
  ASSERT_TRUE(browser_->wait_for(page_ready));
  EXPECT_GT(browser_->evaluate(scroll_right_after_focus).get<double>(), 0);
}

}  // namespace
}  // namespace tavle::webtest
