// "Bring everyone to my view": the facilitator's focus message, socketless and
// over loopback. Only the facilitator may send it; it reaches every other
// connection, never the sender, and never names a card an audience may not see.
#include <gtest/gtest.h>

#include "board/sample.hpp"
#include "tests/net/loopback_support.hpp"
#include "tests/net/sim_support.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

struct FocusRoom {
  Meeting meeting{sim_config(), sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {}};
  std::vector<SimClient> clients;

  FocusRoom() {
    clients.emplace_back("fac", Role::Facilitator);
    clients.emplace_back("fac2", Role::Facilitator);
    clients.emplace_back("pro", Role::Professional);
    clients.emplace_back("fam", Role::Family);
    clients.emplace_back("view", Role::Viewer);
    for (SimClient& c : clients) join(meeting, c);
    drain(meeting, clients);
    for (SimClient& c : clients) c.events.clear();
  }
  SimClient& by_id(const std::string& id) {
    for (SimClient& c : clients)
      if (c.client_id == id) return c;
    throw std::logic_error("no client " + id);
  }
  // Sends `message` from client `id` and delivers everything.
  void send(const std::string& id, const json& message) {
    by_id(id).peer->to_host.push_back(wire_text(message));
    drain(meeting, clients);
  }
  std::vector<ClientEvent> focus_events(const std::string& id) {
    std::vector<ClientEvent> out;
    for (const ClientEvent& e : by_id(id).events)
      if (e.kind == ClientEvent::Kind::Focus) out.push_back(e);
    return out;
  }
  std::string last_error(const std::string& id) {
    for (auto it = by_id(id).events.rbegin(); it != by_id(id).events.rend(); ++it)
      if (it->kind == ClientEvent::Kind::Error) return it->code;
    return "";
  }
};

json focus_on(const std::string& card_id, json column = nullptr) {
  return json{{"type", "focus"}, {"card_id", card_id.empty() ? json(nullptr) : json(card_id)}, {"column", column}};
}

TEST(MeetingFocus, FacilitatorFocusReachesEveryOtherConnectionButNotTheSender) {
  FocusRoom room;
  room.send("fac", focus_on("c-job"));
  EXPECT_TRUE(room.focus_events("fac").empty());
  for (const char* id : {"fac2", "pro", "fam", "view"}) {
    const auto events = room.focus_events(id);
    ASSERT_EQ(events.size(), 1u) << id;
    EXPECT_EQ(events[0].card_id, "c-job") << id;
    EXPECT_EQ(events[0].column, "next_steps") << id;  // filled in by the host
    EXPECT_EQ(events[0].message, room.by_id("fac").replica.participant_id()) << id;
  }
}

TEST(MeetingFocus, AColumnAloneCanBeFocused) {
  FocusRoom room;
  room.send("fac", focus_on("", "worries"));
  const auto events = room.focus_events("fam");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].card_id, "");
  EXPECT_EQ(events[0].column, "worries");
}

TEST(MeetingFocus, FocusFromAProfessionalIsRefusedAsForbiddenAndReachesNobody) {
  FocusRoom room;
  room.send("pro", focus_on("c-job"));
  room.send("fam", focus_on("", "worries"));
  room.send("view", focus_on("", "worries"));
  EXPECT_EQ(room.last_error("pro"), "forbidden");
  EXPECT_EQ(room.last_error("fam"), "forbidden");
  EXPECT_EQ(room.last_error("view"), "forbidden");
  for (SimClient& c : room.clients) {
    EXPECT_TRUE(room.focus_events(c.client_id).empty()) << c.client_id;
    EXPECT_FALSE(c.peer->closing) << c.client_id;  // not fatal
  }
  EXPECT_EQ(room.meeting.connections(), room.clients.size());
}

TEST(MeetingFocus, FamilyAndViewersNeverReceiveTheIdOfAProfessionalOnlyCard) {
  FocusRoom room;
  for (SimClient& c : room.clients) c.peer->received.clear();
  room.send("fac", focus_on("c-psyk"));
  for (const char* id : {"fam", "view"}) {
    EXPECT_TRUE(room.focus_events(id).empty()) << id;
    for (const std::string& text : room.by_id(id).peer->received) EXPECT_EQ(text.find("c-psyk"), std::string::npos) << id;
  }
  for (const char* id : {"fac2", "pro"}) {
    const auto events = room.focus_events(id);
    ASSERT_EQ(events.size(), 1u) << id;
    EXPECT_EQ(events[0].card_id, "c-psyk") << id;
  }
}

TEST(MeetingFocus, MalformedOrUnknownFocusGetsANonFatalError) {
  FocusRoom room;
  const std::pair<json, const char*> cases[] = {
      {json{{"type", "focus"}}, "bad_message"},
      {json{{"type", "focus"}, {"card_id", 5}}, "bad_message"},
      {json{{"type", "focus"}, {"card_id", std::string(200, 'x')}}, "bad_message"},
      {json{{"type", "focus"}, {"column", "kitchen"}}, "bad_message"},
      {json{{"type", "focus"}, {"card_id", "no-such-card"}}, "not_found"},
  };
  for (const auto& [message, code] : cases) {
    room.send("fac", message);
    EXPECT_EQ(room.last_error("fac"), code) << message.dump();
  }
  for (SimClient& c : room.clients) EXPECT_TRUE(room.focus_events(c.client_id).empty()) << c.client_id;
  EXPECT_FALSE(room.by_id("fac").peer->closing);
}

TEST(LoopbackFocus, AFacilitatorsClientBringsAnotherClientToACard) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  Client facilitator, follower;
  ASSERT_TRUE(join_and_wait(facilitator, host, "fac", Role::Facilitator));
  ASSERT_TRUE(join_and_wait(follower, host, "pro", Role::Professional));
  facilitator.bring_everyone_to("c-laege", std::nullopt);
  std::vector<ClientEvent> seen;
  auto focused = [&] {
    for (const ClientEvent& e : follower.take_events()) seen.push_back(e);
    for (const ClientEvent& e : seen)
      if (e.kind == ClientEvent::Kind::Focus) return true;
    return false;
  };
  ASSERT_TRUE(eventually(focused));
  const auto focus = std::find_if(seen.begin(), seen.end(), [](const ClientEvent& e) { return e.kind == ClientEvent::Kind::Focus; });
  EXPECT_EQ(focus->card_id, "c-laege");
  EXPECT_EQ(focus->column, "next_steps");
  for (const ClientEvent& e : facilitator.take_events()) EXPECT_NE(e.kind, ClientEvent::Kind::Focus);
}

}  // namespace
}  // namespace tavle::net::testing
