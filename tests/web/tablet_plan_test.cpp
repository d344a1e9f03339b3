// issue 14: a parent agrees to the plan on their own tablet ("Jeg er enig i planen")
// after seeing its summary, and the facilitator's board gets it as the parent's own
// agreement; headless Chromium against a real `tavle host`.
#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

TEST_F(TabletPage, AParentAgreesToThePlanOnTheTabletAndTheFacilitatorsBoardShowsIt) {
  const std::string family = join_as_family();
  ASSERT_FALSE(family.empty());
  facilitator_->propose("add_goal", "g-aften", "",
                        {{"text", "Emma er aldrig alene om aftenen"}, {"for", json::array({family})},
                         {"how_we_know", "Emma siger, hun er tryg"}});
  facilitator_->propose("set_meeting_field", "", "coordinator", facilitator_->participant_id());
  // The summary comes first: the goal in the family's words, then the button.
  ASSERT_TRUE(browser_->wait_for(
      "document.querySelector('#plan-goals').textContent.includes('Emma er aldrig alene om aftenen')"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#plan-coordinator').textContent.includes('Din kontaktperson')"));
  ASSERT_TRUE(browser_->wait_for("!document.querySelector('#agree-button').hidden"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#agree-button').textContent"), "Jeg er enig i planen");
  browser_->evaluate("document.querySelector('#agree-button').click(); true");
  auto signed_op = facilitator_->wait_for([&](const json& m) { return is_op(m, "sign_off"); });
  ASSERT_TRUE(signed_op) << "the agreement never reached the facilitator";
  EXPECT_EQ((*signed_op)["op"].value("target", ""), family) << "the tablet agreed for someone else";
  EXPECT_EQ((*signed_op)["op"].value("author", ""), family);
  EXPECT_EQ((*signed_op)["op"]["value"], true);
  EXPECT_TRUE(browser_->wait_for(
      "document.querySelector('#agree-status').textContent === 'Du har sagt, at du er enig i planen.'"));
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#agree-button').hidden"));
  browser_->screenshot(::testing::TempDir() + "tablet_plan_agreed.png");
  // Taking it back works the same way, and only for herself.
  browser_->evaluate("document.querySelector('#agree-take-back').click(); true");
  auto taken_back = facilitator_->wait_for([&](const json& m) { return is_op(m, "sign_off") && m["op"]["value"] == false; });
  ASSERT_TRUE(taken_back);
  EXPECT_EQ((*taken_back)["op"].value("target", ""), family);
}

TEST_F(TabletPage, WhatTheFacilitatorRecordedIsShownAsWhatItWas) {
  const std::string family = join_as_family();
  facilitator_->propose("sign_off", family, "", {{"form", "oral"}});
  EXPECT_TRUE(browser_->wait_for(
      "document.querySelector('#agree-status').textContent === 'Mødelederen har skrevet, at du sagde ja højt.'"));
}

}  // namespace
}  // namespace tavle::webtest
