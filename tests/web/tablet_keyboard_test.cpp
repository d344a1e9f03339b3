// The tablet page by keyboard alone, with keys pressed through Chromium's input
// pipeline (DevTools Input.dispatchKeyEvent): Tab reaches the controls with a
// visible focus ring, Enter and Space press a button and focus stays on it, also
// while other people's changes arrive, the scale's numbers are a radio group the
// arrow keys move through, and the status region says a new card once.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

// JavaScript: whether the focused element is `card`'s agree or disagree button.
std::string focus_on_mark(const std::string& card, const std::string& mark) {
  return "(() => { const a = document.activeElement; const c = a && a.closest('[data-card-id]');"
         " return !!c && c.dataset.cardId === " + js(card) + " && a.dataset.mark === " + js(mark) + "; })()";
}

// JavaScript: the focus ring of `element` is drawn (3 px or more, solid, the dark ring colour).
std::string ring_on(const std::string& element) {
  return "(() => { const s = getComputedStyle(" + element + "); return s.outlineStyle === 'solid' &&"
         " parseFloat(s.outlineWidth) >= 3 && s.outlineColor === 'rgb(29, 37, 48)'; })()";
}

// Keeps every text the status region says in window.said.
constexpr const char* kRecordAnnouncements = R"JS((() => {
  window.said = [];
  new MutationObserver(() => { const t = document.querySelector('#announcer').textContent; if (t) window.said.push(t); })
    .observe(document.querySelector('#announcer'), {childList: true, characterData: true, subtree: true});
  return true;
})())JS";

std::string times_said(const std::string& words) {
  return "window.said.filter((t) => t.includes(" + js(words) + ")).length";
}

class TabletKeyboard : public TabletPage {
 protected:
  // Presses Tab until `expression` is true; false when 60 presses did not get there.
  bool tab_until(const std::string& expression) {
    for (int i = 0; i < 60; ++i) {
      browser_->press_key("Tab");
      if (browser_->evaluate("Boolean(" + expression + ")") == true) return true;
    }
    return false;
  }
};

TEST_F(TabletKeyboard, EnterAndSpaceOnAnAgreeButtonKeepFocusThereWhileOthersChangeTheBoard) {
  facilitator_->add_card("c-foer", "working_well", "Et kort fra før, ikke nyt for tabletten.");
  join_as_family();
  ASSERT_TRUE(card_shown("c-foer"));
  ASSERT_TRUE(browser_->evaluate(kRecordAnnouncements).get<bool>());
  // After joining, focus starts on the meeting's name instead of falling to the page.
  EXPECT_EQ(browser_->evaluate("document.activeElement.id"), "meeting-title");
  facilitator_->add_card("c-mormor", "working_well", "Mormor henter Emma tirsdag og torsdag.");
  facilitator_->add_card("c-aften", "worries", "Emma er alene om aftenen.");
  ASSERT_TRUE(card_shown("c-aften"));

  ASSERT_TRUE(tab_until(focus_on_mark("c-mormor", "agree")));
  EXPECT_TRUE(browser_->wait_for(ring_on("document.activeElement")));
  EXPECT_EQ(browser_->evaluate("document.activeElement.getAttribute('aria-pressed')"), "false");
  browser_->press_key("Enter");
  EXPECT_TRUE(browser_->wait_for("document.activeElement.getAttribute('aria-pressed') === 'true'"));
  EXPECT_EQ(browser_->evaluate(focus_on_mark("c-mormor", "agree")), true) << "focus left the button it pressed";

  // Others' changes arrive: a mark on the same card, a new card above it in the column.
  facilitator_->propose("set_agreement", "c-mormor", facilitator_->participant_id(), "agree");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('[data-card-id=c-mormor] .mark-counts').textContent === '2 enige'"));
  facilitator_->propose("add_card", "c-skole", "", {{"column", "working_well"}, {"text", "Emma går glad i skole."}, {"order", "1"}});
  ASSERT_TRUE(card_shown("c-skole"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('[data-column=working_well] .card').dataset.cardId"), "c-skole");
  EXPECT_EQ(browser_->evaluate(focus_on_mark("c-mormor", "agree")), true) << "focus was lost when the board changed";
  EXPECT_TRUE(browser_->wait_for(ring_on("document.activeElement")));

  // A second press takes the mark back (Space this time) and the host hears it.
  browser_->press_key(" ");
  EXPECT_TRUE(browser_->wait_for("document.activeElement.getAttribute('aria-pressed') === 'false'"));
  auto taken_back = facilitator_->wait_for([](const json& m) { return is_op(m, "set_agreement") && m["op"].value("value", "") == "none"; });
  EXPECT_TRUE(taken_back);
  EXPECT_EQ(browser_->evaluate(focus_on_mark("c-mormor", "agree")), true);

  // The button's name says which card it belongs to.
  EXPECT_EQ(browser_->evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ')"),
            "✓ Enig i: Mormor henter Emma tirsdag og torsdag.");

  // The status region said each new card once, and nothing about the card from before.
  facilitator_->add_card("c-sidst", "next_steps", "Mor ringer til skolen.");
  ASSERT_TRUE(browser_->wait_for(times_said("Mor ringer til skolen.") + " === 1"));
  EXPECT_EQ(browser_->evaluate(times_said("Nyt kort i Hvad går godt?: Emma går glad i skole.")), 1);
  EXPECT_EQ(browser_->evaluate(times_said("Nyt kort i Hvad bekymrer os?: Emma er alene om aftenen.")), 1);
  EXPECT_EQ(browser_->evaluate(times_said("Et kort fra før")), 0);
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#board[aria-live], #board [aria-live]').length"), 0);
}

TEST_F(TabletKeyboard, TheNumbersAreARadioGroupThatTheArrowKeysMoveThrough) {
  join_as_family();
  ASSERT_TRUE(tab_until("document.activeElement.name === 'rating'"));
  EXPECT_EQ(browser_->evaluate("document.activeElement.value"), "0");
  EXPECT_TRUE(browser_->wait_for(ring_on("document.activeElement.closest('label')")));
  browser_->press_key("ArrowRight");
  browser_->press_key("ArrowRight");
  EXPECT_TRUE(browser_->wait_for("document.activeElement.value === '2' && document.activeElement.checked"));
  EXPECT_TRUE(browser_->wait_for(ring_on("document.activeElement.closest('label')")));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#rating-current').textContent"), "Du har valgt 2. Det er ikke sendt endnu.");
  EXPECT_EQ(browser_->evaluate("document.activeElement.closest('label').classList.contains('is-picked')"), true);
  browser_->press_key("ArrowLeft");
  EXPECT_TRUE(browser_->wait_for("document.activeElement.value === '1' && document.activeElement.checked"));

  // Tab on to "Send" and press it: the number is sent, and now shows as sent.
  ASSERT_TRUE(tab_until("document.activeElement.matches('#rating-form button[type=submit]')"));
  browser_->press_key("Enter");
  auto rating = facilitator_->wait_for([](const json& m) { return is_op(m, "set_rating") && m["op"].value("author", "") != "host"; });
  ASSERT_TRUE(rating);
  EXPECT_EQ((*rating)["op"]["value"].value("value", -1), 1);
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#rating-buttons [data-value=\"1\"]').classList.contains('is-sent')"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#rating-current').textContent"), "Du har sendt 1.");
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('#rating-buttons .is-picked').length"), 0);
}

}  // namespace
}  // namespace tavle::webtest
