// A family tablet that the facilitator puts out, or does not let back in, says so
// in plain words on its first screen (docs/security.md, "Putting someone out";
// docs/tablet.md): never a silent spinner or a board that stops changing.
#include "tests/web/tablet_page_fixture.hpp"

namespace tavle::webtest {
namespace {

using nlohmann::json;

// The host's number for the connection acting as `participant` (from presence).
std::optional<std::uint64_t> connection_of(ProtocolClient& facilitator, const std::string& participant) {
  std::optional<std::uint64_t> found;
  facilitator.wait_for([&](const json& m) {
    if (m.value("type", "") != "presence" || !m.contains("clients")) return false;
    for (const json& c : m["clients"])
      if (c.value("participant_id", "") == participant && c.value("connection", 0ull) > 0) found = c["connection"].get<std::uint64_t>();
    return found.has_value();
  });
  return found;
}

bool shows_error(HeadlessChromium& browser, const std::string& text) {
  return browser.wait_for("!document.querySelector('#join-screen').hidden && !document.querySelector('#join-error').hidden && "
                          "document.querySelector('#join-error').textContent === " + js(text));
}

TEST_F(TabletPage, ATabletPutOutAndThenRefusedSaysSoPlainly) {
  const std::string participant = join_as_family();
  ASSERT_FALSE(participant.empty());
  const auto connection = connection_of(*facilitator_, participant);
  ASSERT_TRUE(connection) << "the tablet never showed up in presence";
  facilitator_->send_message(json{{"type", "remove"}, {"connection", *connection}});
  EXPECT_TRUE(shows_error(*browser_, "Mødelederen har taget denne tablet ud af mødet."));

  // Asking again with the room's code: it waits for the facilitator, and sees nothing meanwhile.
  browser_->evaluate("document.querySelector('#join-name').value = " + js(kFamilyName) +
                     "; document.querySelector('#join-button').click(); true");
  EXPECT_TRUE(browser_->wait_for("document.querySelector('#connection').classList.contains('state-waiting')"));
  const auto asking = facilitator_->wait_for([](const json& m) {
    return m.value("type", "") == "admission" && m.contains("requests") && !m["requests"].empty();
  });
  ASSERT_TRUE(asking);
  EXPECT_TRUE(browser_->evaluate("document.querySelectorAll('[data-card-id]').length === 0").get<bool>());
  facilitator_->send_message(json{{"type", "refuse"}, {"request_id", (*asking)["requests"][0]["request_id"]}});
  EXPECT_TRUE(shows_error(*browser_, "Mødelederen lukkede ikke denne tablet ind."));
}

}  // namespace
}  // namespace tavle::webtest
