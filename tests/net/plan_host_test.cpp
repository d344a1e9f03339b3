// issue 14: attacks on the family plan from raw clients against a real host: a
// family connection agreeing in someone else's name, a facilitator signing "on
// the parent's own device", and a family connection reading professional-only
// interventions.
#include <gtest/gtest.h>

#include "board/sample.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

Board board_of(Host& host) {
  Board b;
  host.inspect([&](const Meeting& m) { b = m.board(); });
  return b;
}

// A family connection's welcome: its participant id, all it received in `seen`.
std::string join_family(Host& host, RawWs& ws, const std::string& client, std::string& seen) {
  ws.send(hello_json(host.join_code(), "family", client));
  auto welcome = read_message(ws, "welcome", seen);
  return welcome ? welcome->value("participant_id", "") : "";
}

std::optional<json> answer_to(RawWs& ws, const std::string& op_id, std::string& seen) {
  for (int i = 0; i < 20; ++i) {
    auto frame = ws.read(std::chrono::milliseconds(3000));
    if (!frame) return std::nullopt;
    seen += *frame;
    for (const json& m : messages_in(*frame)) {
      if (m.value("type", "") == "reject" && m.value("op_id", "") == op_id) return m;
      if (m.value("type", "") == "op" && m.contains("op") && m["op"].value("id", "") == op_id) return m;
      if (m.value("type", "") == "ack" && m.value("op_id", "") == op_id) return m;
    }
  }
  return std::nullopt;
}

TEST(PlanOnARealHost, AFamilyConnectionCannotAgreeForAnotherParticipant) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  RawWs mother(host.port()), father(host.port());
  std::string seen;
  const std::string me = join_family(host, mother, "tablet-mor", seen);
  const std::string other = join_family(host, father, "tablet-far", seen);
  ASSERT_FALSE(me.empty());
  ASSERT_FALSE(other.empty());
  for (const std::string& victim : {other, std::string("p-kasper")}) {
    const std::string id = "tablet-mor:" + victim;
    mother.send(op_message(id, me, "sign_off", victim, true));
    auto answer = answer_to(mother, id, seen);
    ASSERT_TRUE(answer) << "no answer for signing as " << victim;
    EXPECT_EQ(answer->value("type", ""), "reject") << answer->dump();
    EXPECT_EQ(answer->value("code", ""), "forbidden");
    EXPECT_EQ(board_of(host).meeting.signoffs.count(victim), victim == "p-kasper" ? 1u : 0u)
        << "the sample's earlier record stays as it was, no new one";
  }
  // Claiming to be the other as author does not help either.
  mother.send(op_message("tablet-mor:as-other", other, "sign_off", other, true));
  auto spoofed = answer_to(mother, "tablet-mor:as-other", seen);
  ASSERT_TRUE(spoofed);
  EXPECT_EQ(spoofed->value("type", ""), "reject");
  EXPECT_EQ(board_of(host).meeting.signoffs.count(other), 0u);
  // Her own agreement is taken, as given on her own device.
  mother.send(op_message("tablet-mor:self", me, "sign_off", me, true));
  auto own = answer_to(mother, "tablet-mor:self", seen);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->value("type", ""), "op") << own->dump();
  const Board board = board_of(host);
  ASSERT_EQ(board.meeting.signoff_forms.count(me), 1u);
  EXPECT_EQ(board.meeting.signoff_forms.at(me).form, SignoffForm::OwnDevice);
  EXPECT_EQ(board.meeting.signoff_forms.at(me).recorded_by, me);
}

TEST(PlanOnARealHost, TheFacilitatorCannotSignOnAParentsBehalf) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string seen;
  json welcome;
  auto fac = facilitator(host, seen, &welcome);
  const std::string me = welcome.value("participant_id", "");
  ASSERT_FALSE(me.empty());
  fac->send(op_message("fac-raw:1", me, "sign_off", "p-emma", true));
  auto answer = answer_to(*fac, "fac-raw:1", seen);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->value("code", ""), "forbidden") << answer->dump();
  fac->send(op_message("fac-raw:2", me, "sign_off", "p-emma", {{"form", "oral"}}));
  answer = answer_to(*fac, "fac-raw:2", seen);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->value("type", ""), "op") << answer->dump();
  EXPECT_EQ(board_of(host).meeting.signoff_forms.at("p-emma").form, SignoffForm::Oral);
}

TEST(PlanOnARealHost, AFamilyConnectionNeverReadsAProfessionalOnlyIntervention) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string fac_seen, family_seen;
  json welcome;
  auto fac = facilitator(host, fac_seen, &welcome);
  const std::string me = welcome.value("participant_id", "");
  RawWs tablet(host.port());
  ASSERT_FALSE(join_family(host, tablet, "tablet", family_seen).empty());
  fac->send(op_message("fac-raw:1", me, "add_intervention", "i-hemmelig",
                       {{"text", "FORTROLIG udredning"}, {"organisation", "Børnepsykiatrien"}, {"professional_only", true}}));
  ASSERT_TRUE(answer_to(*fac, "fac-raw:1", fac_seen));
  fac->send(op_message("fac-raw:2", me, "set_intervention_field", "i-hemmelig", "FORTROLIG 2", {{"field", "text"}}));
  ASSERT_TRUE(answer_to(*fac, "fac-raw:2", fac_seen));
  tablet.send(json{{"type", "resync"}}.dump());
  read_for(tablet, family_seen, std::chrono::milliseconds(500));
  EXPECT_EQ(family_seen.find("FORTROLIG"), std::string::npos);
  EXPECT_EQ(family_seen.find("i-hemmelig"), std::string::npos);
  EXPECT_NE(fac_seen.find("FORTROLIG 2"), std::string::npos) << "the facilitator sees it";
}

}  // namespace
}  // namespace tavle::net::testing
