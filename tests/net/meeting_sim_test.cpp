// The meeting's logic without sockets: simulated clients, shuffled delivery.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/sample.hpp"
#include "tests/net/sim_support.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

std::vector<SimClient> make_clients() {
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("fac2", Role::Facilitator);
  clients.emplace_back("pro1", Role::Professional);
  clients.emplace_back("pro2", Role::Professional);
  clients.emplace_back("fam", Role::Family);
  clients.emplace_back("view", Role::Viewer);
  return clients;
}

Meeting make_meeting(Board initial = sample_board(), std::shared_ptr<Journal> journal = nullptr) {
  if (!journal) journal = std::make_shared<MemoryJournal>();
  return Meeting(sim_config(), std::move(initial), 0, {}, journal, [](std::function<void()>) {});
}

// Sends a local op from client c: applied on its replica first, as the UI would.
bool local_op(SimClient& c, const Op& op) {
  if (c.replica.submit(op)) return false;
  for (const Op& o : c.replica.take_unsent())
    c.peer->to_host.push_back(wire_text(json{{"type", "op"}, {"op", to_json(o)}}));
  return true;
}

TEST(MeetingSim, ShuffledDeliveryConvergesEveryReplicaToItsView) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    Meeting meeting = make_meeting();
    std::vector<SimClient> clients = make_clients();
    for (SimClient& c : clients) join(meeting, c);
    drain(meeting, clients);
    std::mt19937_64 rng(seed);
    std::vector<tavle::testing::RandomOps> generators;
    for (SimClient& c : clients) generators.emplace_back(seed * 100 + generators.size(), c.client_id);
    for (int step = 0; step < 1500; ++step) {
      const std::size_t i = rng() % clients.size();
      SimClient& c = clients[i];
      switch (rng() % 4) {
        case 0: local_op(c, generators[i].next(c.replica.view(), c.replica.participant_id())); break;
        case 1: pump_to_host(meeting, c); break;
        default: pump_to_client(c); break;
      }
    }
    drain(meeting, clients);
    EXPECT_GT(meeting.seq(), 50u) << "seed " << seed;
    for (SimClient& c : clients) {
      EXPECT_EQ(c.replica.pending_count(), 0u) << c.client_id << " seed " << seed;
      EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(meeting, c)) << c.client_id << " seed " << seed;
    }
  }
}

TEST(MeetingSim, FamilyNeverReceivesAProfessionalOnlyCardOrAHiddenRating) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients = make_clients();
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  SimClient& fac = clients[0];
  const std::string me = fac.replica.participant_id();
  Op secret{"fac:1", me, 1, OpKind::AddCard, "secret-card", "", {}, {}};
  secret.value = {{"column", "worries"}, {"text", "FORTROLIGT-psykiatri"}, {"order", "m"}, {"professional_only", true}};
  ASSERT_TRUE(local_op(fac, secret));
  Op edit{"fac:2", me, 2, OpKind::EditText, "secret-card", "", "FORTROLIGT-2", {}};
  ASSERT_TRUE(local_op(fac, edit));
  Op unreveal{"fac:3", me, 3, OpKind::SetMeetingField, "", "scale_revealed", false, {}};
  ASSERT_TRUE(local_op(fac, unreveal));
  Op rating{"fac:4", me, 4, OpKind::SetRating, me, "", {{"value", 7}, {"reason", "HEMMELIG-grund"}}, {}};
  ASSERT_TRUE(local_op(fac, rating));
  drain(meeting, clients);
  for (SimClient& c : clients) {
    const bool restricted = c.role == Role::Family || c.role == Role::Viewer;
    bool saw_card = false, saw_reason = false;
    for (const std::string& text : c.peer->received) {
      saw_card |= text.find("FORTROLIGT") != std::string::npos || text.find("secret-card") != std::string::npos;
      saw_reason |= text.find("HEMMELIG") != std::string::npos;
    }
    EXPECT_EQ(saw_card, !restricted) << c.client_id;
    EXPECT_EQ(saw_reason, c.role == Role::Facilitator) << c.client_id;
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(meeting, c)) << c.client_id;
  }
  // Revealing shows the rating to everyone through a fresh snapshot.
  Op reveal{"fac:5", me, 5, OpKind::RevealRatings, "", "", {}, {}};
  ASSERT_TRUE(local_op(fac, reveal));
  drain(meeting, clients);
  for (SimClient& c : clients) {
    ASSERT_TRUE(c.replica.confirmed().scale.ratings.count(me)) << c.client_id;
    EXPECT_EQ(c.replica.confirmed().scale.ratings.at(me).value, 7) << c.client_id;
  }
}

TEST(MeetingSim, DuplicateOpIdIsAppliedOnceAndAcknowledged) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients = make_clients();
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  SimClient& pro = clients[2];
  Op add{"pro1:1", pro.replica.participant_id(), 1, OpKind::AddCard, "c-dup", "", {}, {}};
  add.value = {{"column", "working_well"}, {"text", "Emma spiser morgenmad"}, {"order", "m"}};
  const std::string text = wire_text(json{{"type", "op"}, {"op", to_json(add)}});
  meeting.receive(*pro.peer, text);
  const auto seq = meeting.seq();
  meeting.receive(*pro.peer, text);
  EXPECT_EQ(meeting.seq(), seq);
  EXPECT_NE(pro.peer->to_client.back()->find(R"("type":"ack")"), std::string::npos);
}

TEST(MeetingSim, RolesMayOnlyMakeTheirOwnKindsOfChange) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients = make_clients();
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  auto try_op = [&](SimClient& c, OpKind kind, json value, std::string target = "c-x") {
    Op op{c.client_id + ":" + std::to_string(++c.counter), c.replica.participant_id(), 1, kind, target, "", value, {}};
    meeting.receive(*c.peer, wire_text(json{{"type", "op"}, {"op", to_json(op)}}));
    const std::string last = *c.peer->to_client.back();
    drain(meeting, clients);
    return last;
  };
  const json card{{"column", "worries"}, {"text", "tekst"}, {"order", "m"}};
  EXPECT_NE(try_op(clients[5], OpKind::AddCard, card).find(R"("code":"forbidden")"), std::string::npos);
  EXPECT_NE(try_op(clients[4], OpKind::AddCard, card).find(R"("code":"forbidden")"), std::string::npos);
  EXPECT_NE(try_op(clients[2], OpKind::ApprovePlan, nullptr, "").find(R"("code":"forbidden")"), std::string::npos);
  EXPECT_NE(try_op(clients[4], OpKind::AddSuggestion, {{"column", "worries"}, {"text", "vores ord"}}, "s-1")
                .find(R"("type":"op")"),
            std::string::npos);
  EXPECT_NE(try_op(clients[2], OpKind::AddCard, card).find(R"("type":"op")"), std::string::npos);
}

TEST(MeetingSim, AParticipantIdWithoutItsTokenIsNeverTakenUp) {
  Meeting meeting = make_meeting();  // the sample: p-pia is a professional, p-line a parent
  SimClient tablet("tablet", Role::Family);
  Hello h;
  h.protocol = kProtocolVersion;
  h.code = "123456";
  h.name = "Pia?";
  h.role = Role::Family;
  h.client_id = tablet.client_id;
  h.participant_id = "p-pia";
  meeting.receive(*tablet.peer, wire_text(to_json(h)));
  std::vector<SimClient> clients;
  clients.push_back(std::move(tablet));
  drain(meeting, clients);
  EXPECT_NE(clients[0].replica.participant_id(), "p-pia");
  EXPECT_EQ(clients[0].replica.participant_id().rfind("p-", 0), 0u);  // a host-made id

  // Not even a family member of the board: acting as a participant needs its token.
  SimClient line("line-tablet", Role::Family);
  h.client_id = line.client_id;
  h.participant_id = "p-line";
  meeting.receive(*line.peer, wire_text(to_json(h)));
  clients.push_back(std::move(line));
  drain(meeting, clients);
  EXPECT_NE(clients[1].replica.participant_id(), "p-line");
  EXPECT_FALSE(clients[1].replica.participant_id().empty());
}

TEST(MeetingSim, AFamilyConnectionSaysWhoItIsInTheFamily) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients;
  // "" leaves the field out, "null" sends null: both mean parent.
  const std::pair<const char*, ParticipantRole> joins[] = {{"child", ParticipantRole::Child},
                                                           {"private_network", ParticipantRole::PrivateNetwork},
                                                           {"", ParticipantRole::Parent},
                                                           {"null", ParticipantRole::Parent}};
  for (const auto& [family_role, expected] : joins) {
    SimClient c(std::string("tablet-") + (*family_role ? family_role : "absent"), Role::Family);
    json hello = json::parse(hello_text(c));
    if (std::string(family_role) == "null") hello["family_role"] = nullptr;
    else if (*family_role) hello["family_role"] = family_role;
    meeting.receive(*c.peer, hello.dump());
    clients.push_back(std::move(c));
    drain(meeting, clients);
    const Participant* p = meeting.board().find_participant(clients.back().replica.participant_id());
    ASSERT_NE(p, nullptr) << family_role;
    EXPECT_EQ(p->role, expected) << family_role;
  }
  // Only a family connection says it, and only as one of the family's roles.
  const std::size_t participants = meeting.board().participants.size();
  for (const auto& [role, family_role] : {std::pair{Role::Professional, "child"}, std::pair{Role::Family, "professional"},
                                          std::pair{Role::Family, "cousin"}}) {
    SimClient c("odd", role);
    json hello = json::parse(hello_text(c));
    hello["family_role"] = family_role;
    meeting.receive(*c.peer, hello.dump());
    ASSERT_FALSE(c.peer->to_client.empty());
    EXPECT_NE(c.peer->to_client.back()->find("hello.family_role"), std::string::npos) << family_role;
    EXPECT_TRUE(c.peer->closing) << family_role;
  }
  EXPECT_EQ(meeting.board().participants.size(), participants);
}

TEST(MeetingSim, JoinErrorsAreFatalAndRepeatedFailuresAreRefused) {
  Meeting meeting = make_meeting();
  SimClient c("intruder", Role::Family);
  auto attempt = [&](const std::string& text) {
    SimPeer peer("192.0.2.7");
    meeting.receive(peer, text);
    EXPECT_TRUE(peer.closing);
    return peer.to_client.empty() ? std::string() : *peer.to_client.back();
  };
  EXPECT_NE(attempt(hello_text(c, "000000")).find("wrong_code"), std::string::npos);
  SimClient fac("fake", Role::Facilitator);
  json no_key = json::parse(hello_text(fac));
  no_key.erase("facilitator_key");
  EXPECT_NE(attempt(no_key.dump()).find("forbidden_role"), std::string::npos);
  json old = json::parse(hello_text(c));
  old["protocol"] = 99;
  EXPECT_NE(attempt(old.dump()).find("protocol_version"), std::string::npos);
  EXPECT_NE(attempt(R"({"type":"op"})").find("not_joined"), std::string::npos);
  EXPECT_NE(attempt("{nope").find("bad_json"), std::string::npos);
  EXPECT_EQ(meeting.join_delay("192.0.2.7").count(), 0);
  for (int i = 0; i < 3; ++i) attempt(hello_text(c, "000000"));
  EXPECT_GT(meeting.join_delay("192.0.2.7").count(), 0);
  for (int i = 0; i < 5; ++i) attempt(hello_text(c, "000000"));
  EXPECT_NE(attempt(hello_text(c)).find("too_many_attempts"), std::string::npos);
  EXPECT_EQ(meeting.connections(), 0u);
}

TEST(MeetingSim, BadMessagesAfterJoiningGetNonFatalErrors) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients = make_clients();
  SimClient& c = clients[2];
  join(meeting, c);
  for (const char* text : {"{nope", R"({"type":"dance"})", "[1,2]", R"({"type":"op","op":7})",
                           R"({"type":"editing","card_id":5})"}) {
    meeting.receive(*c.peer, text);
    EXPECT_NE(c.peer->to_client.back()->find(R"("fatal":false)"), std::string::npos) << text;
  }
  std::string deep(100, '[');
  meeting.receive(*c.peer, deep + std::string(100, ']'));
  EXPECT_NE(c.peer->to_client.back()->find("bad_json"), std::string::npos);
  EXPECT_FALSE(c.peer->closing);
  EXPECT_EQ(meeting.connections(), 1u);
}

TEST(MeetingSim, ReconnectingClientCatchesUpWithOpsNotASnapshot) {
  Meeting meeting = make_meeting();
  std::vector<SimClient> clients = make_clients();
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  SimClient& pro = clients[2];
  meeting.leave(*pro.peer);
  pro.peer = std::make_unique<SimPeer>();
  tavle::testing::RandomOps gen(5, "fac");
  for (int i = 0; i < 20; ++i) {
    Op op = gen.next(clients[0].replica.view(), clients[0].replica.participant_id());
    if (op.kind == OpKind::SetMeetingField || op.kind == OpKind::SetRating || op.kind == OpKind::RevealRatings) continue;
    local_op(clients[0], op);
  }
  drain(meeting, clients);
  join(meeting, pro, pro.replica.seq());
  const std::string welcome = *pro.peer->to_client.front();
  EXPECT_NE(welcome.find(R"("ops":)"), std::string::npos);
  EXPECT_EQ(welcome.find(R"("snapshot":)"), std::string::npos);
  drain(meeting, clients);
  EXPECT_EQ(state_hash_hex(pro.replica.confirmed()), view_hash(meeting, pro));
}

TEST(MeetingSim, JournalFailureIsNeverBroadcastAndMakesTheMeetingReadOnly) {
  auto journal = std::make_shared<MemoryJournal>(false);
  std::deque<std::function<void()>> posted;
  std::mutex posted_mutex;
  Meeting meeting(sim_config(), sample_board(), 0, {}, journal, [&](std::function<void()> fn) {
    std::lock_guard lock(posted_mutex);
    posted.push_back(std::move(fn));
  });
  auto run_posted = [&] {
    for (int spins = 0; spins < 2000; ++spins) {
      std::function<void()> fn;
      {
        std::lock_guard lock(posted_mutex);
        if (!posted.empty()) {
          fn = std::move(posted.front());
          posted.pop_front();
        }
      }
      if (fn) fn();
      else if (!meeting.seq() || meeting.durable_seq() == meeting.seq()) return;
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  std::vector<SimClient> clients = make_clients();
  for (SimClient& c : clients) join(meeting, c);
  run_posted();
  drain(meeting, clients);
  const Board before = meeting.board();
  journal->fail_from_seq(meeting.seq() + 1);
  SimClient& pro = clients[2];
  Op add{"pro1:9", pro.replica.participant_id(), 1, OpKind::AddCard, "c-lost", "", {}, {}};
  add.value = {{"column", "worries"}, {"text", "ALDRIG-GEMT"}, {"order", "m"}};
  ASSERT_TRUE(local_op(pro, add));
  pump_to_host(meeting, pro);
  run_posted();
  drain(meeting, clients);
  EXPECT_TRUE(meeting.read_only());
  EXPECT_EQ(state_hash_hex(meeting.board()), state_hash_hex(before));
  for (SimClient& c : clients) {
    for (const std::string& text : c.peer->received)
      EXPECT_EQ(text.find(R"("type":"op","seq")") != std::string::npos && text.find("c-lost") != std::string::npos, false);
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(meeting, c)) << c.client_id;
  }
  bool told = false;
  for (const ClientEvent& e : pro.events) told |= e.kind == ClientEvent::Kind::Rejected && e.code == "journal_failed";
  EXPECT_TRUE(told);
  EXPECT_EQ(pro.replica.pending_count(), 0u);
}

}  // namespace
}  // namespace tavle::net::testing

namespace tavle::net::testing {
namespace {

TEST(MeetingSimLimits, OpsBeyondTheRateAreReadLaterWithANotice) {
  MeetingConfig config = sim_config();
  config.messages_per_second = 1;
  config.message_burst = 2;
  Meeting meeting(config, sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  SimClient pro("pro", Role::Professional);
  join(meeting, pro);
  while (pump_to_client(pro)) {
  }
  ASSERT_FALSE(pro.replica.participant_id().empty());
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 3; ++i) {
    Op op{"pro:" + std::to_string(i), pro.replica.participant_id(), 1, OpKind::AddCard, "r-" + std::to_string(i), "",
          {{"column", "worries"}, {"text", "tekst"}}, {}};
    waits.push_back(meeting.receive(*pro.peer, wire_text(nlohmann::json{{"type", "op"}, {"op", to_json(op)}})));
  }
  EXPECT_EQ(waits[0].count(), 0);
  EXPECT_EQ(waits[1].count(), 0);
  EXPECT_GT(waits[2].count(), 0);
  bool noticed = false;
  for (const Frame& f : pro.peer->to_client) noticed |= f->find("rate_limited") != std::string::npos;
  EXPECT_TRUE(noticed);
  EXPECT_TRUE(meeting.board().find_card("r-2"));  // slowed down, not dropped
}

TEST(MeetingSimLimits, MeetingFullRefusesTheNextConnection) {
  MeetingConfig config = sim_config();
  config.max_clients = 2;
  config.reserved_slots = 0;
  Meeting meeting(config, sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  std::vector<SimClient> clients;
  for (const char* id : {"a", "b", "c"}) clients.emplace_back(id, Role::Viewer);
  for (SimClient& c : clients) join(meeting, c);
  EXPECT_EQ(meeting.connections(), 2u);
  EXPECT_TRUE(clients[2].peer->closing);
  EXPECT_NE(clients[2].peer->to_client.back()->find("meeting_full"), std::string::npos);
}

TEST(MeetingSimLimits, OverlongCardTextIsRejectedWithTheLimit) {
  Meeting meeting(sim_config(), sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  SimClient pro("pro", Role::Professional);
  join(meeting, pro);
  while (pump_to_client(pro)) {
  }
  ASSERT_FALSE(pro.replica.participant_id().empty());
  Op op{"pro:1", pro.replica.participant_id(), 1, OpKind::AddCard, "long", "",
        {{"column", "worries"}, {"text", std::string(5000, 'a')}}, {}};
  meeting.receive(*pro.peer, wire_text(nlohmann::json{{"type", "op"}, {"op", to_json(op)}}));
  const std::string& answer = *pro.peer->to_client.back();
  EXPECT_NE(answer.find(R"("type":"reject")"), std::string::npos);
  EXPECT_NE(answer.find("too_long"), std::string::npos);
}

}  // namespace
}  // namespace tavle::net::testing
