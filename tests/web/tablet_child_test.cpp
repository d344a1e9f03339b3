// issue 15: the child's mode on a tablet joined as the child. The Three Houses
// (good things, worries, dreams) with big touch targets and a scale of faces over
// the same 0-10; an entry reaches the facilitator as the child's own suggestion,
// and accepted it is a card in the child's name, quoted under "Barnets stemme".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

class TabletChild : public TabletPage {
 protected:
  // Joins as the child, as Emma would on her tablet; returns her participant id.
  std::string join_as_child() {
    browser_->navigate(host_->url() + "#code=" + kCode);
    EXPECT_TRUE(browser_->wait_for("!document.querySelector('#join-screen').hidden"));
    browser_->evaluate("document.querySelector('input[name=family_role][value=child]').click();"
                       "document.querySelector('#join-name').value = 'Emma';"
                       "document.querySelector('#join-button').click(); true");
    EXPECT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')"));
    auto added = facilitator_->wait_for([](const json& m) {
      return is_op(m, "add_participant") && m["op"]["value"].value("name", "") == "Emma";
    });
    if (!added) ADD_FAILURE() << "the host never added Emma";
    EXPECT_EQ((*added)["op"]["value"].value("role", ""), "child");
    return added ? (*added)["op"].value("target", "") : std::string();
  }
};

TEST_F(TabletChild, TheChildSeesThreeHousesWithBigTargetsAndAScaleOfFaces) {
  join_as_child();
  ASSERT_TRUE(browser_->wait_for("getComputedStyle(document.querySelector('#three-houses')).display !== 'none'"));
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('.house').length"), 3);
  // Big touch targets: every house at least 9 rem (144 px) tall and 100 px wide.
  EXPECT_EQ(browser_->evaluate("[...document.querySelectorAll('.house')].every((b) => { const r = b.getBoundingClientRect();"
                               " return r.height >= 120 && r.width >= 100; })"),
            true);
  EXPECT_EQ(browser_->evaluate("document.querySelector('.house[data-house=dreams] .house-name').textContent"), "Mine drømme");
  // The faces sit over the numbers 0-10, which are still there.
  EXPECT_EQ(browser_->evaluate("getComputedStyle(document.querySelector('.rating-face')).display"), "block");
  EXPECT_EQ(browser_->evaluate("document.querySelector('.rating-value[data-value=\"10\"] .rating-number').textContent"), "10");
  // A parent's tablet has no houses.
  EXPECT_EQ(browser_->evaluate("document.body.classList.contains('child-mode')"), true);
}

TEST_F(TabletChild, AnEntryReachesTheFacilitatorAsTheChildsOwnSuggestionAndAcceptedItIsQuoted) {
  const std::string emma = join_as_child();
  ASSERT_TRUE(browser_->wait_for("getComputedStyle(document.querySelector('#three-houses')).display !== 'none'"));
  browser_->evaluate("document.querySelector('.house[data-house=dreams]').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#house-form').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#house-label').textContent"), "Hvad drømmer du om?");
  browser_->evaluate("document.querySelector('#house-text').value = 'At mormor spiser med os';"
                     "document.querySelector('.emoji[data-emoji=\"❤️\"]').click();"
                     "document.querySelector('#house-form button[type=submit]').click(); true");
  auto suggestion = facilitator_->wait_for([](const json& m) { return is_op(m, "add_suggestion"); });
  ASSERT_TRUE(suggestion) << "the facilitator never saw Emma's words";
  const json& op = (*suggestion)["op"];
  EXPECT_EQ(op.value("author", ""), emma) << "the suggestion is the child's own";
  EXPECT_EQ(op["value"].value("column", ""), "next_steps") << "the house of dreams: what needs to happen";
  EXPECT_EQ(op["value"].value("text", ""), "At mormor spiser med os ❤️");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#house-feedback').textContent.includes('Tak')"));

  // Accepted, it is a card in Emma's name, and "Barnets stemme" quotes it.
  facilitator_->propose("resolve_suggestion", op.value("target", ""), "", {{"decision", "accept"}, {"card_id", "c-emma"}});
  ASSERT_TRUE(card_shown("c-emma"));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#child-voice').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#child-voice .child-text').textContent"), "At mormor spiser med os ❤️");
  EXPECT_EQ(browser_->evaluate("document.querySelector('#child-voice .child-about').textContent.startsWith('Emma')"), true);
}

TEST_F(TabletChild, TheChildsFacesRecordToTheSameScale) {
  const std::string emma = join_as_child();
  ASSERT_TRUE(browser_->wait_for("document.querySelectorAll('.rating-value').length === 11"));
  browser_->evaluate("document.querySelector('.rating-value[data-value=\"8\"] input').click();"
                     "document.querySelector('#rating-form button[type=submit]').click(); true");
  auto rating = facilitator_->wait_for([&](const json& m) { return is_op(m, "set_rating") && m["op"].value("target", "") == emma; });
  ASSERT_TRUE(rating);
  EXPECT_EQ((*rating)["op"]["value"].value("value", -1), 8);
}

// A tablet held either way (1024x768 and 768x1024), in Danish and English: the three
// houses, the faces and the house's form all fit the screen's width, the houses are
// big enough for a child's finger, and nothing runs off the side. With
// TAVLE_WEB_SCREENSHOTS set to a folder, each is saved as a picture to look at.
TEST_F(TabletChild, TheThreeHousesFitATabletHeldEitherWayInBothLanguages) {
  join_as_child();
  ASSERT_TRUE(browser_->wait_for("getComputedStyle(document.querySelector('#three-houses')).display !== 'none'"));
  browser_->evaluate("document.querySelector('.house[data-house=good]').click(); true");
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#house-form').hidden"));
  for (const std::string lang : {"da", "en"}) {
    if (browser_->evaluate("document.documentElement.lang") != lang)
      browser_->evaluate("document.querySelector('[data-action=switch-language]').click(); true");
    ASSERT_TRUE(browser_->wait_for("document.documentElement.lang === " + js(lang)));
    // The open house asks in the language the child switched to (it stayed Danish).
    EXPECT_EQ(browser_->evaluate("document.querySelector('#house-label').textContent"),
              std::string(lang == "da" ? "Hvad er godt for dig?" : "What is good for you?"));
    for (const auto& [width, height] : {std::pair{1024, 768}, std::pair{768, 1024}}) {
      const std::string what = lang + " " + std::to_string(width) + "x" + std::to_string(height);
      browser_->set_viewport(width, height);
      browser_->evaluate("document.querySelector('#three-houses').scrollIntoView({behavior: 'instant'}); true");
      EXPECT_EQ(browser_->evaluate("document.documentElement.scrollWidth <= window.innerWidth"), true) << what;
      EXPECT_EQ(browser_->evaluate("[...document.querySelectorAll('.house')].every((b) => { const r = b.getBoundingClientRect();"
                                   " return r.height >= 120 && r.width >= 120 && r.left >= 0 && r.right <= window.innerWidth; })"),
                true)
          << what;
      // The send button of the house's form: wide and tall, a big target.
      EXPECT_GE(browser_->evaluate("document.querySelector('#house-form button[type=submit]').getBoundingClientRect().height")
                    .get<double>(),
                56)
          << what;
      // No house name is cut or wraps inside a word.
      EXPECT_EQ(browser_->evaluate("[...document.querySelectorAll('.house-name')].every((n) => n.scrollWidth <= n.clientWidth + 1)"),
                true)
          << what;
      if (const char* folder = std::getenv("TAVLE_WEB_SCREENSHOTS"))
        browser_->screenshot(std::filesystem::path(folder) /
                             ("tablet-child-" + lang + "-" + std::to_string(width) + "x" + std::to_string(height) + ".png"));
    }
  }
}

}  // namespace
}  // namespace tavle::webtest
