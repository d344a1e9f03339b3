// issue 14: the family plan through the host's logic without sockets: who may change
// goals, interventions and consent, who may sign for whom, and that professional-only
// interventions never reach a family or viewer connection.
#include <gtest/gtest.h>

#include "board/apply.hpp"
#include "board/sample.hpp"
#include "net/op_schema.hpp"
#include "tests/net/sim_support.hpp"
#include "tests/support/random_ops.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

std::vector<SimClient> plan_clients() {
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("pro", Role::Professional);
  clients.emplace_back("fam", Role::Family);
  clients.emplace_back("fam2", Role::Family);
  clients.emplace_back("view", Role::Viewer);
  return clients;
}

Meeting plan_meeting() {
  return Meeting(sim_config(), sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
}

struct Room {
  Meeting meeting = plan_meeting();
  std::vector<SimClient> clients = plan_clients();
  Room() {
    for (SimClient& c : clients) join(meeting, c);
    drain(meeting, clients);
  }
  SimClient& operator[](std::size_t i) { return clients[i]; }
  // Sends `op` from client `c` straight to the host and returns the host's first answer.
  std::string send(SimClient& c, OpKind kind, const std::string& target, json value, const std::string& field = {}) {
    Op op{c.client_id + ":" + std::to_string(++c.counter), c.replica.participant_id(), 1, kind, target, field,
          std::move(value), {}};
    const std::size_t before = c.peer->to_client.size();
    meeting.receive(*c.peer, wire_text(json{{"type", "op"}, {"op", to_json(op)}}));
    const std::string answer = c.peer->to_client.size() > before ? *c.peer->to_client[before] : std::string();
    drain(meeting, clients);
    return answer;
  }
};

bool refused(const std::string& answer) { return answer.find(R"("code":"forbidden")") != std::string::npos; }
bool accepted(const std::string& answer) { return answer.find(R"("type":"op")") != std::string::npos; }

TEST(PlanSim, ProfessionalsShapeGoalsAndInterventionsOnlyTheFacilitatorRecordsConsent) {
  Room room;
  const json goal{{"text", "Emma kommer i skole"}};
  EXPECT_TRUE(accepted(room.send(room[1], OpKind::AddGoal, "g-pro", goal)));
  EXPECT_TRUE(refused(room.send(room[2], OpKind::AddGoal, "g-fam", goal))) << "the family suggests instead";
  EXPECT_TRUE(refused(room.send(room[4], OpKind::AddGoal, "g-view", goal)));
  const json consent{{"given_by", "p-line"}, {"form", "written"}, {"at", "2026-11-20"}};
  EXPECT_TRUE(refused(room.send(room[1], OpKind::AddConsent, "k-pro", consent)));
  EXPECT_TRUE(refused(room.send(room[2], OpKind::AddConsent, "k-fam", consent)));
  EXPECT_TRUE(accepted(room.send(room[0], OpKind::AddConsent, "k-fac", consent)));
}

TEST(PlanSim, AFamilyConnectionSignsForItselfOnly) {
  Room room;
  const std::string self = room[2].replica.participant_id();
  const std::string other = room[3].replica.participant_id();
  EXPECT_TRUE(refused(room.send(room[2], OpKind::SignOff, other, true))) << "signed for another family member";
  EXPECT_TRUE(refused(room.send(room[2], OpKind::SignOff, "p-line", true)));
  EXPECT_TRUE(refused(room.send(room[2], OpKind::SignOff, self, json{{"form", "paper"}})));
  EXPECT_TRUE(refused(room.send(room[2], OpKind::SignOff, other, json{{"form", "own_device"}, {"at", 1}})));
  EXPECT_EQ(room.meeting.board().meeting.signoffs.count(other), 0u);
  EXPECT_TRUE(accepted(room.send(room[2], OpKind::SignOff, self, true)));
  ASSERT_EQ(room.meeting.board().meeting.signoff_forms.count(self), 1u);
  EXPECT_EQ(room.meeting.board().meeting.signoff_forms.at(self).form, SignoffForm::OwnDevice);
  EXPECT_EQ(room.meeting.board().meeting.signoff_forms.at(self).recorded_by, self);
}

TEST(PlanSim, TheFacilitatorRecordsAnAgreementAsWhatItWasNeverAsSigned) {
  Room room;
  EXPECT_TRUE(refused(room.send(room[0], OpKind::SignOff, "p-line", true)))
      << "the facilitator's device is not Line's";
  EXPECT_TRUE(refused(room.send(room[0], OpKind::SignOff, "p-line", json{{"form", "own_device"}})));
  EXPECT_TRUE(accepted(room.send(room[0], OpKind::SignOff, "p-line", json{{"form", "oral"}})));
  EXPECT_EQ(room.meeting.board().meeting.signoff_forms.at("p-line").form, SignoffForm::Oral);
  EXPECT_TRUE(accepted(room.send(room[0], OpKind::SignOff, "p-line", false))) << "the facilitator can take it back";
  EXPECT_TRUE(refused(room.send(room[1], OpKind::SignOff, "p-kasper", json{{"form", "paper"}})));
}

TEST(PlanSim, FamilyNeverReceivesAProfessionalOnlyIntervention) {
  Room room;
  const json secret{{"text", "HEMMELIG-udredning"}, {"organisation", "Børnepsykiatrien"}, {"professional_only", true}};
  ASSERT_TRUE(accepted(room.send(room[1], OpKind::AddIntervention, "i-secret", secret)));
  ASSERT_TRUE(accepted(room.send(room[1], OpKind::SetInterventionField, "i-secret", "HEMMELIG-2", "text")));
  ASSERT_TRUE(accepted(room.send(room[0], OpKind::AddIntervention, "i-open",
                                 {{"text", "Støttelærer"}, {"organisation", "Skolen"}})));
  for (SimClient& c : room.clients) {
    const bool restricted = c.role == Role::Family || c.role == Role::Viewer;
    bool saw = false;
    for (const std::string& text : c.peer->received) saw |= text.find("HEMMELIG") != std::string::npos ||
                                                            text.find("i-secret") != std::string::npos;
    EXPECT_EQ(saw, !restricted) << c.client_id;
    EXPECT_EQ(c.replica.confirmed().interventions.count("i-open"), 1u) << c.client_id;
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(room.meeting, c)) << c.client_id;
  }
  // Made public, it reaches the family (as a snapshot of their view).
  ASSERT_TRUE(accepted(room.send(room[1], OpKind::SetInterventionField, "i-secret", false, "professional_only")));
  EXPECT_EQ(room[2].replica.confirmed().interventions.count("i-secret"), 1u);
  for (SimClient& c : room.clients)
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(room.meeting, c)) << c.client_id;
}

TEST(PlanSim, RandomPlanOpsConvergeEveryReplicaToItsView) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    Room room;
    tavle::testing::RandomOps gen(seed, "r");
    for (int i = 0; i < 150; ++i) {
      SimClient& c = room.clients[gen.rng()() % 2];  // the facilitator or the professional
      Op op = gen.next_plan(c.replica.view(), c.replica.participant_id());
      op.id = c.client_id + ":" + std::to_string(++c.counter);
      if (!c.replica.submit(op))
        for (const Op& o : c.replica.take_unsent())
          c.peer->to_host.push_back(wire_text(json{{"type", "op"}, {"op", to_json(o)}}));
      if (gen.rng()() % 4 == 0) drain(room.meeting, room.clients);
    }
    drain(room.meeting, room.clients);
    EXPECT_GT(room.meeting.board().goals.size() + room.meeting.board().interventions.size(), 10u);
    for (SimClient& c : room.clients) {
      EXPECT_EQ(c.replica.pending_count(), 0u) << c.client_id << " seed " << seed;
      EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(room.meeting, c)) << c.client_id << " seed " << seed;
    }
  }
}

TEST(PlanSim, EveryPlanOpAndItsUndoPassTheWireSchema) {
  int applied = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    Board board = sample_board();
    tavle::testing::RandomOps gen(seed, "c");
    for (int i = 0; i < 200; ++i) {
      const Op op = gen.next_plan(board, "p-pia");
      ApplyResult r = apply(board, op);
      if (!r.ok()) continue;
      ++applied;
      EXPECT_FALSE(check_wire_op(op)) << to_json(op).dump() << ": " << check_wire_op(op)->message;
      Op inverse = r.inverse;
      inverse.id = "c:undo";
      EXPECT_FALSE(check_wire_op(inverse)) << to_json(inverse).dump() << ": " << check_wire_op(inverse)->message;
    }
  }
  EXPECT_GT(applied, 500);
}

TEST(PlanSim, TheWireRefusesKeysAPlanOpDoesNotDefine) {
  Op add{"c:1", "p-pia", 1, OpKind::AddGoal, "g-x", "", {{"text", "t"}, {"colour", "red"}}, {}};
  auto e = check_wire_op(add);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("op.value.colour"), std::string::npos);
  Op del{"c:2", "p-pia", 1, OpKind::DeleteIntervention, "i-x", "", {{"why", "x"}}, {}};
  EXPECT_TRUE(check_wire_op(del));
  Op sign{"c:3", "p-pia", 1, OpKind::SignOff, "p-line", "", {{"form", "oral"}, {"note", "x"}}, {}};
  EXPECT_TRUE(check_wire_op(sign));
  Op consent{"c:4", "p-pia", 1, OpKind::AddConsent, "k-x", "", {{"given_by", "p-line"}, {"covers", {{{"o", 1}}}}}, {}};
  EXPECT_TRUE(check_wire_op(consent)) << "nested objects are not a plain value";
}

}  // namespace
}  // namespace tavle::net::testing
