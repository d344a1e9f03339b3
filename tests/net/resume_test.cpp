// Unsent work taken up by a new run of the app (net::UnsentWork, the app's outbox):
// it reaches its meeting once, also an op the host had taken before the cut, and
// never reaches another meeting that answers at the same address.
#include <gtest/gtest.h>

#include "board/hash.hpp"
#include "board/sample.hpp"
#include "tests/net/sim_support.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

Meeting make_meeting(Board initial, std::shared_ptr<Journal> journal = std::make_shared<MemoryJournal>()) {
  return Meeting(sim_config(), std::move(initial), 0, {}, std::move(journal), [](std::function<void()>) {});
}

Op card(const SimClient& c, const std::string& id, const std::string& text) {
  Op op{id, c.replica.participant_id(), 1, OpKind::AddCard, "c-" + id, "", {}, {}};
  op.value = {{"column", "next_steps"}, {"text", text}, {"order", "m"}};
  return op;
}

int cards_with_text(const Board& b, const std::string& text) {
  int n = 0;
  for (const auto& [id, c] : b.cards) n += !c.deleted && c.text == text;
  return n;
}

// The professional joins, the host takes one op whose ack never arrives, the
// network goes, two more are made offline, and the app is closed: its work is all
// the next run has.
net::UnsentWork work_left_offline(Meeting& meeting, std::vector<SimClient>& clients) {
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  SimClient& pro = clients[1];
  Op taken = card(pro, "pro:1", "Sendt lige før nettet gik");
  EXPECT_FALSE(pro.replica.submit(taken));
  pro.replica.take_unsent();
  meeting.receive(*pro.peer, wire_text(json{{"type", "op"}, {"op", to_json(taken)}}));
  pro.peer->to_client.clear();  // the ack is lost with the network
  meeting.leave(*pro.peer);
  EXPECT_FALSE(pro.replica.submit(card(pro, "pro:2", "Skrevet offline 1")));
  EXPECT_FALSE(pro.replica.submit(card(pro, "pro:3", "Skrevet offline 2")));
  return pro.replica.unsent_work();
}

TEST(ResumedWork, ReachesItsMeetingOnceAfterTheAppWasClosedOffline) {
  Meeting meeting = make_meeting(sample_board());
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("pro", Role::Professional);
  const net::UnsentWork work = work_left_offline(meeting, clients);
  ASSERT_EQ(work.ops.size(), 3u);
  EXPECT_EQ(work.meeting_id, sample_board().meeting.id);

  // The next run: a new replica that knows only the kept work.
  SimClient again("pro-next-run", Role::Professional);
  again.replica.resume(work);
  EXPECT_EQ(cards_with_text(again.replica.view(), "Skrevet offline 2"), 1) << "the work shows before the host is back";
  EXPECT_EQ(again.replica.hello_seq(), 0u) << "a snapshot, which names its meeting, is asked for";
  clients[1] = std::move(again);
  join(meeting, clients[1], clients[1].replica.hello_seq());
  drain(meeting, clients);

  EXPECT_EQ(clients[1].replica.participant_id(), work.participant_id) << "back as the same participant";
  EXPECT_EQ(clients[1].replica.pending_count(), 0u);
  for (const char* text : {"Sendt lige før nettet gik", "Skrevet offline 1", "Skrevet offline 2"}) {
    EXPECT_EQ(cards_with_text(meeting.board(), text), 1) << text;
    EXPECT_EQ(cards_with_text(clients[0].replica.confirmed(), text), 1) << text;
  }
  EXPECT_EQ(state_hash_hex(clients[1].replica.confirmed()), view_hash(meeting, clients[1]));
}

TEST(ResumedWork, IsNeverSentToAnotherMeetingAtTheSameAddress) {
  Meeting first = make_meeting(sample_board());
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("pro", Role::Professional);
  const net::UnsentWork work = work_left_offline(first, clients);

  // Another family's meeting now answers where the first one was.
  Board other = sample_board();
  other.meeting.id = "m-another-family";
  Meeting second = make_meeting(other);
  std::vector<SimClient> there;
  there.emplace_back("pro-next-run", Role::Professional);
  there[0].replica.resume(work);
  join(second, there[0], there[0].replica.hello_seq());
  drain(second, there);

  bool told = false;
  for (const ClientEvent& e : there[0].events) told |= e.code == "other_meeting" && e.fatal;
  EXPECT_TRUE(told);
  EXPECT_EQ(cards_with_text(second.board(), "Skrevet offline 1"), 0);
  EXPECT_EQ(second.board().cards.size(), other.cards.size());
  // The work is kept as it was, for its own meeting.
  const net::UnsentWork still = there[0].replica.unsent_work();
  EXPECT_EQ(still.meeting_id, work.meeting_id);
  EXPECT_EQ(still.ops.size(), 3u);
  EXPECT_EQ(state_hash_hex(still.confirmed), state_hash_hex(work.confirmed));
}

}  // namespace
}  // namespace tavle::net::testing
