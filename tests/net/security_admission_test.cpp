// Who gets in, and as what (docs/security.md, "Admission" and "Identities"):
// each test is an attack from a raw client against a real host, and checks the
// bytes the attacker received.
#include <gtest/gtest.h>

#include <mutex>

#include "board/sample.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

TEST(SecurityAdmission, TheRoomsCodeNeverMakesAProfessional) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  RawWs tablet(host.port());
  tablet.send(hello_json(host.join_code(), "professional", "tablet-1"));
  std::string seen;
  ASSERT_TRUE(read_message(tablet, "waiting", seen));
  read_for(tablet, seen);
  EXPECT_EQ(seen.find("welcome"), std::string::npos);
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
  EXPECT_EQ(seen.find(kHiddenCard), std::string::npos);
  EXPECT_EQ(host.status().connections, 0u);  // waiting is not joined
}

TEST(SecurityAdmission, TheFacilitatorAdmitsOrRefusesFromTheWaitingList) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string fac_seen;
  auto fac = facilitator(host, fac_seen);
  RawWs jens(host.port()), other(host.port());
  jens.send(hello_json(host.join_code(), "professional", "jens"));
  std::string jens_seen, other_seen;
  ASSERT_TRUE(read_message(jens, "waiting", jens_seen));
  json request;
  for (int i = 0; i < 10 && request.is_null(); ++i) {
    auto list = read_message(*fac, "admission", fac_seen);
    ASSERT_TRUE(list);
    for (const json& r : (*list)["requests"])
      if (r["name"] == "Raw jens" && r["role"] == "professional") request = r;
  }
  ASSERT_FALSE(request.is_null());
  fac->send(json{{"type", "admit"}, {"request_id", request["request_id"]}, {"as", "professional"}}.dump());
  auto welcome = read_message(jens, "welcome", jens_seen);
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["role"], "professional");
  EXPECT_NE(welcome->dump().find(kHiddenText), std::string::npos);  // admitted: now it may see it

  other.send(hello_json(host.join_code(), "professional", "other"));
  ASSERT_TRUE(read_message(other, "waiting", other_seen));
  json second;
  for (int i = 0; i < 10 && second.is_null(); ++i) {
    auto list = read_message(*fac, "admission", fac_seen);
    ASSERT_TRUE(list);
    for (const json& r : (*list)["requests"])
      if (r["name"] == "Raw other") second = r;
  }
  fac->send(json{{"type", "refuse"}, {"request_id", second["request_id"]}}.dump());
  auto refused = read_message(other, "error", other_seen);
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "refused");
  EXPECT_TRUE((*refused)["fatal"].get<bool>());
  EXPECT_FALSE(other.read());  // closed
  EXPECT_EQ(other_seen.find(kHiddenText), std::string::npos);
}

TEST(SecurityAdmission, AdmittedAsFamilyGetsTheFamilyViewOnly) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string fac_seen, seen;
  auto fac = facilitator(host, fac_seen);
  RawWs asker(host.port());
  asker.send(hello_json(host.join_code(), "professional", "asker"));
  auto waiting = read_message(asker, "waiting", seen);
  ASSERT_TRUE(waiting);
  fac->send(json{{"type", "admit"}, {"request_id", (*waiting)["request_id"]}, {"as", "family"}}.dump());
  auto welcome = read_message(asker, "welcome", seen);
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["audience"], "family");
  read_for(asker, seen);
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
}

TEST(SecurityAdmission, TheProfessionalCodeLetsInAtOnceAndAWrongOneCounts) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  RawWs pro(host.port());
  std::string seen;
  pro.send(hello_json("", "professional", "pro", {{"professional_code", host.professional_code()}}));
  auto welcome = read_message(pro, "welcome", seen);
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["role"], "professional");

  RawWs guess(host.port());
  std::string guess_seen;
  guess.send(hello_json(host.join_code(), "professional", "guess", {{"professional_code", "000000000000"}}));
  auto refused = read_message(guess, "error", guess_seen);
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "wrong_code");
  EXPECT_EQ(guess_seen.find(kHiddenText), std::string::npos);
  EXPECT_NE(host.join_code(), host.professional_code());
}

TEST(SecurityAdmission, AProfessionalsClientIdDoesNotMakeATabletThatProfessional) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  RawWs pro(host.port());
  std::string pro_seen;
  pro.send(hello_json("", "professional", "jens", {{"professional_code", host.professional_code()}}));
  auto pro_welcome = read_message(pro, "welcome", pro_seen);
  ASSERT_TRUE(pro_welcome);
  const std::string jens = (*pro_welcome)["participant_id"];

  RawWs tablet(host.port());
  std::string seen;
  tablet.send(hello_json(host.join_code(), "family", "jens", {{"participant_id", jens}}));
  auto welcome = read_message(tablet, "welcome", seen);
  ASSERT_TRUE(welcome);
  EXPECT_NE((*welcome)["participant_id"], jens);
  EXPECT_NE((*welcome)["participant_id"], "p-jens");
  // Signing off in Jens's name is refused.
  tablet.send(op_message("t:1", jens, "sign_off", jens, true));
  auto reject = read_message(tablet, "reject", seen);
  ASSERT_TRUE(reject);
  EXPECT_EQ((*reject)["code"], "forbidden");
  read_for(tablet, seen);
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
  EXPECT_TRUE(host.status().seq > 0);
  host.inspect([&](const Meeting& m) { EXPECT_EQ(m.board().meeting.signoffs.count(jens), 0u); });
}

TEST(SecurityAdmission, ActingAsAnExistingParticipantNeedsItsToken) {
  Host host(loopback_config(), sample_board());  // p-pia is the facilitator, a professional
  ASSERT_FALSE(host.start());
  RawWs pro(host.port());
  std::string seen;
  pro.send(hello_json("", "professional", "pia-2",
                      {{"professional_code", host.professional_code()}, {"participant_id", "p-pia"}}));
  auto welcome = read_message(pro, "welcome", seen);
  ASSERT_TRUE(welcome);
  EXPECT_NE((*welcome)["participant_id"], "p-pia");
  pro.send(op_message("x:1", "p-pia", "sign_off", "p-pia", true));
  auto reject = read_message(pro, "reject", seen);
  ASSERT_TRUE(reject);
  EXPECT_EQ((*reject)["code"], "forbidden");
}

TEST(SecurityAdmission, ARejoinTokenGivesBackWhatItHadAndNoMore) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string token, participant;
  {
    RawWs tablet(host.port());
    std::string seen;
    tablet.send(hello_json(host.join_code(), "family", "tab"));
    auto welcome = read_message(tablet, "welcome", seen);
    ASSERT_TRUE(welcome);
    token = (*welcome)["token"];
    participant = (*welcome)["participant_id"];
    EXPECT_GE(token.size(), 32u);
  }
  RawWs again(host.port());
  std::string seen;
  again.send(hello_json("", "professional", "tab", {{"token", token}, {"participant_id", "p-pia"}}));
  auto welcome = read_message(again, "welcome", seen);
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["participant_id"], participant);
  EXPECT_EQ((*welcome)["role"], "family");
  EXPECT_EQ((*welcome)["audience"], "family");
  read_for(again, seen);
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
}

TEST(SecurityAdmission, OpIdsBelongToTheirSender) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string fac_seen, viewer_seen;
  json fac_welcome;
  auto fac = facilitator(host, fac_seen, &fac_welcome);
  const std::string me = fac_welcome["participant_id"];
  RawWs viewer(host.port());
  viewer.send(hello_json(host.join_code(), "viewer", "v"));
  ASSERT_TRUE(read_message(viewer, "welcome", viewer_seen));
  // The viewer spends the facilitator's next op ids first: refused, and remembered for the viewer only.
  viewer.send(op_message("fac-raw:1", me, "add_card", "c-ny", {{"column", "worries"}, {"text", "fra viewer"}}));
  ASSERT_TRUE(read_message(viewer, "reject", viewer_seen));
  fac->send(op_message("fac-raw:1", me, "add_card", "c-ny", {{"column", "worries"}, {"text", "fra mødelederen"}}));
  std::string answer;
  for (int i = 0; i < 20; ++i) {
    auto frame = fac->read();
    ASSERT_TRUE(frame);
    if (frame->find("fac-raw:1") != std::string::npos) {
      answer = *frame;
      break;
    }
  }
  EXPECT_EQ(answer.find("reject"), std::string::npos) << answer;
  EXPECT_NE(answer.find("fra mødelederen"), std::string::npos) << answer;
  host.inspect([&](const Meeting& m) {
    const Card* card = m.board().find_card("c-ny");
    ASSERT_NE(card, nullptr);
    EXPECT_EQ(card->text, "fra mødelederen");
  });
}

TEST(SecurityAdmission, ARemovedDeviceIsPutOutAndMustAskAgain) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  std::string fac_seen;
  auto fac = facilitator(host, fac_seen);
  auto tablet = std::make_unique<RawWs>(host.port());
  std::string seen;
  tablet->send(hello_json(host.join_code(), "family", "tab"));
  auto welcome = read_message(*tablet, "welcome", seen);
  ASSERT_TRUE(welcome);
  const std::string token = (*welcome)["token"];
  const std::string participant = (*welcome)["participant_id"];
  std::uint64_t connection = 0;
  for (const json& c : (*welcome)["presence"]["clients"])
    if (c["participant_id"] == participant) connection = c["connection"];
  ASSERT_NE(connection, 0u);
  fac->send(json{{"type", "remove"}, {"connection", connection}, {"participant", true}}.dump());
  auto removed = read_message(*tablet, "error", seen);
  ASSERT_TRUE(removed);
  EXPECT_EQ((*removed)["code"], "removed");
  EXPECT_FALSE(tablet->read());
  EXPECT_TRUE(eventually([&] {
    bool gone = false;
    host.inspect([&](const Meeting& m) {
      const Participant* p = m.board().find_participant(participant);
      gone = p && p->removed;
    });
    return gone;
  }));
  // Its token is dead, and the room's code alone no longer lets this device in.
  RawWs back(host.port());
  std::string back_seen;
  back.send(hello_json(host.join_code(), "family", "tab", {{"token", token}}));
  ASSERT_TRUE(read_message(back, "waiting", back_seen));
  EXPECT_EQ(back_seen.find("welcome"), std::string::npos);
}

TEST(SecurityAdmission, TheSecurityLogSaysWhoTriedWithoutSecrets) {
  HostConfig config = loopback_config();
  auto lines = std::make_shared<std::vector<std::string>>();
  auto mutex = std::make_shared<std::mutex>();
  config.meeting.security_log = [lines, mutex](const std::string& line) {
    std::lock_guard lock(*mutex);
    lines->push_back(line);
  };
  Host host(config, sample_board());
  ASSERT_FALSE(host.start());
  {
    RawWs wrong(host.port());
    std::string seen;
    wrong.send(hello_json("9999999999", "family", "w"));
    ASSERT_TRUE(read_message(wrong, "error", seen));
  }
  RawWs tablet(host.port());
  std::string seen;
  tablet.send(hello_json(host.join_code(), "family", "Emma"));
  ASSERT_TRUE(read_message(tablet, "welcome", seen));
  std::lock_guard lock(*mutex);
  std::string all;
  for (const std::string& l : *lines) all += l + "\n";
  EXPECT_NE(all.find("refused address=127.0.0.1 reason=wrong_code"), std::string::npos) << all;
  EXPECT_NE(all.find("join address=127.0.0.1 role=family"), std::string::npos) << all;
  EXPECT_EQ(all.find("9999999999"), std::string::npos);
  EXPECT_EQ(all.find(host.join_code()), std::string::npos);
  EXPECT_EQ(all.find("Emma"), std::string::npos);
}

}  // namespace
}  // namespace tavle::net::testing
