// issue 14: a parent agrees to the plan on their own tablet ("Jeg er enig i
// planen", docs/tablet.md): the page shows the plan's goals first, the button sends
// a sign-off for that parent only, and the facilitator's board (a replica kept from
// the host's welcome and the ops after it, as the app keeps one) records it as an
// agreement given on the parent's own device.
#include <cstdlib>
#include <filesystem>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/op.hpp"
#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

// A facilitator connection that only listens and keeps the board as the app does:
// the welcome's snapshot, then every op the host sequences, applied in order.
class FacilitatorBoard {
 public:
  FacilitatorBoard(HostProcess& host) : client_(host.port(), "facilitator-board") {
    const json welcome = client_.join_as_facilitator(kCode, host.facilitator_key());
    if (auto e = board_from_json(welcome.at("snapshot"), board_)) throw std::runtime_error(e->message);
  }
  // Applies what the host sends until `done(board)` holds (or 20 s pass).
  bool until(const std::function<bool(const Board&)>& done) {
    if (done(board_)) return true;
    return client_
        .wait_for([&](const json& m) {
          if (m.value("type", "") != "op" || !m.contains("op")) return false;
          Op op;
          if (op_from_json(m["op"], op) || !apply(board_, op).ok()) return false;
          return done(board_);
        })
        .has_value();
  }
  const Board& board() const { return board_; }

 private:
  ProtocolClient client_;
  Board board_;
};

TEST_F(TabletPage, AParentAgreesOnTheTabletAndTheFacilitatorsBoardRecordsItAsTheirOwn) {
  facilitator_->propose("add_goal", "g-aften", "",
                        {{"text", "Emma er aldrig alene om aftenen."}, {"for", json::array()},
                         {"how_we_know", "Planen på køleskabet bliver fulgt."}});
  facilitator_->add_card("c-plan", "next_steps", "Mormor henter Emma tirsdag og torsdag.");
  FacilitatorBoard pia(*host_);
  const std::string line = join_as_family();
  ASSERT_FALSE(line.empty());

  // The plan's summary comes before the button: the goal in the family's words.
  ASSERT_TRUE(browser_->wait_for("document.querySelector('#plan-goals').textContent.includes('Emma er aldrig alene om aftenen.')"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#plan-steps').textContent.includes('Mormor henter Emma')"));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#agree-button').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#agree-button').textContent"), "Jeg er enig i planen");
  EXPECT_FALSE(pia.board().meeting.signoffs.count(line)) << "nobody agreed yet";

  browser_->evaluate("document.querySelector('#agree-button').click(); true");
  ASSERT_TRUE(pia.until([&](const Board& b) { return b.meeting.signoffs.count(line) > 0; }))
      << "the facilitator's board never showed the parent's agreement";
  const SignoffRecord& how = pia.board().meeting.signoff_forms.at(line);
  EXPECT_EQ(how.form, SignoffForm::OwnDevice);
  EXPECT_EQ(how.recorded_by, line) << "the parent agreed themself, nobody for them";
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#agree-status').textContent === 'Du har sagt, at du er enig i planen.'"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#agree-button').hidden && !document.querySelector('#agree-take-back').hidden"));

  // Taking it back is the parent's own, too, and reaches the facilitator.
  browser_->evaluate("document.querySelector('#agree-take-back').click(); true");
  EXPECT_TRUE(pia.until([&](const Board& b) { return b.meeting.signoffs.count(line) == 0; }));
}

TEST_F(TabletPage, TheTabletShowsTheCoordinatorAndWhatTheFacilitatorRecordedForAnotherParent) {
  facilitator_->propose("add_participant", "p-mette", "",
                        {{"name", "Mette Lund"}, {"role", "professional"}, {"organisation", "Sundhedsplejen"}});
  facilitator_->propose("update_participant", "p-mette", "phone", "22 33 44 55");
  facilitator_->propose("set_meeting_field", "", "coordinator", "p-mette");
  facilitator_->propose("add_participant", "p-kasper", "", {{"name", "Kasper"}, {"role", "parent"}});
  facilitator_->propose("sign_off", "p-kasper", "", {{"form", "oral"}});
  join_as_family();
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#plan-coordinator').textContent === "
                                 "'Din kontaktperson er Mette Lund (Sundhedsplejen) · 22 33 44 55.'"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#agree-others').textContent === 'Kasper sagde ja højt.'"));
}

// The plan and its sign-off on a tablet held either way, in Danish and English: the
// goals read first, "Jeg er enig i planen" is a big button the width of the screen,
// and nothing runs off the side. With TAVLE_WEB_SCREENSHOTS set, each is a picture.
TEST_F(TabletPage, ThePlanAndItsAgreeButtonFitATabletHeldEitherWay) {
  facilitator_->propose("add_goal", "g-aften", "",
                        {{"text", "Emma er aldrig alene om aftenen."}, {"for", json::array()},
                         {"how_we_know", "Planen på køleskabet bliver fulgt."}});
  facilitator_->add_card("c-plan", "next_steps", "Mormor henter Emma tirsdag og torsdag.");
  ASSERT_FALSE(join_as_family().empty());
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#agree-button').hidden"));
  for (const std::string lang : {"da", "en"}) {
    if (browser_->evaluate("document.documentElement.lang") != lang)
      browser_->evaluate("document.querySelector('[data-action=switch-language]').click(); true");
    ASSERT_TRUE(browser_->wait_for("document.documentElement.lang === " + js(lang)));
    EXPECT_EQ(browser_->evaluate("document.querySelector('#agree-button').textContent"),
              std::string(lang == "da" ? "Jeg er enig i planen" : "I agree with the plan"));
    for (const auto& [width, height] : {std::pair{1024, 768}, std::pair{768, 1024}}) {
      const std::string what = lang + " " + std::to_string(width) + "x" + std::to_string(height);
      browser_->set_viewport(width, height);
      browser_->evaluate("document.querySelector('#plan').scrollIntoView({behavior: 'instant'}); true");
      EXPECT_EQ(browser_->evaluate("document.documentElement.scrollWidth <= window.innerWidth"), true) << what;
      const json button = browser_->evaluate(
          "(() => { const r = document.querySelector('#agree-button').getBoundingClientRect();"
          " const g = document.querySelector('#plan-goals').getBoundingClientRect();"
          " return {height: r.height, left: r.left, right: r.right, below_goals: r.top >= g.bottom}; })()");
      EXPECT_GE(button["height"].get<double>(), 56) << what;
      EXPECT_GE(button["left"].get<double>(), 0) << what;
      EXPECT_LE(button["right"].get<double>(), width) << what;
      EXPECT_TRUE(button["below_goals"].get<bool>()) << what << ": the plan is read before it is agreed to";
      if (const char* folder = std::getenv("TAVLE_WEB_SCREENSHOTS"))
        browser_->screenshot(std::filesystem::path(folder) /
                             ("tablet-plan-" + lang + "-" + std::to_string(width) + "x" + std::to_string(height) + ".png"));
    }
  }
}

}  // namespace
}  // namespace tavle::webtest
