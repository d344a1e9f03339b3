// Four faults an independent soak and fuzz found (issue 22), each as the attack or
// the accident that showed it: numbers beyond a double, order keys that outgrow
// the journal's rule, acknowledgements before the journal holds an op, and blind
// ratings sent as whole boards.
// [SECTION] a journal that holds its batches until the test lets them through
// [SECTION] numbers beyond a double, in every position
// [SECTION] acknowledged only when durable, on every path
// [SECTION] order keys that the journal's rule accepts
// [SECTION] blind ratings reach restricted views as small ops
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/order_key.hpp"
#include "board/sample.hpp"
#include "tests/net/loopback_support.hpp"
#include "tests/net/sim_support.hpp"

namespace tavle::net::testing {
namespace {

using nlohmann::json;

// [SECTION] a journal that holds its batches until the test lets them through

// Appends go through at once until hold(); then they wait for release() (the disk
// catches up) or crash() (the process died: the batch is never written).
class GatedJournal : public Journal {
 public:
  std::optional<Error> append(const std::vector<SequencedOp>& batch) override {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !holding_ || crashed_; });
    --waiting_;
    if (crashed_) return Error{"io", "the process died before the write"};
    for (const SequencedOp& s : batch) {
      // The journal's own rule for what it may hold: the op's wire form must read back.
      Op back;
      if (auto e = op_from_json(to_json(s.op), back)) return Error{"invalid", e->message};
      ops_.push_back(s);
    }
    return std::nullopt;
  }
  void hold() {
    std::lock_guard lock(mutex_);
    holding_ = true;
  }
  // The disk catches up: this batch and every later one go through.
  void release() {
    std::lock_guard lock(mutex_);
    holding_ = false;
    changed_.notify_all();
  }
  void crash() {
    std::lock_guard lock(mutex_);
    crashed_ = true;
    changed_.notify_all();
  }
  bool wait_until_blocked() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return waiting_ > 0; });
  }
  std::vector<SequencedOp> ops() const {
    std::lock_guard lock(mutex_);
    return ops_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool holding_ = false;
  bool crashed_ = false;
  int waiting_ = 0;
  std::vector<SequencedOp> ops_;
};

// Journal completions come back through post(); the test runs them on its thread.
struct Posted {
  std::mutex mutex;
  std::deque<std::function<void()>> queue;
  Meeting::Post post() {
    return [this](std::function<void()> fn) {
      std::lock_guard lock(mutex);
      queue.push_back(std::move(fn));
    };
  }
  // Runs completions until `done` holds (or about 5 s pass).
  bool run_until(const std::function<bool()>& done) {
    for (int spins = 0; spins < 5000; ++spins) {
      std::function<void()> fn;
      {
        std::lock_guard lock(mutex);
        if (!queue.empty()) {
          fn = std::move(queue.front());
          queue.pop_front();
        }
      }
      if (fn) fn();
      else if (done()) return true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
  }
};

std::string op_text(const Op& op) { return wire_text(json{{"type", "op"}, {"op", to_json(op)}}); }

bool received_any(const SimClient& c, const std::string& needle) {
  for (const std::string& text : c.peer->received)
    if (text.find(needle) != std::string::npos) return true;
  for (const Frame& f : c.peer->to_client)
    if (f->find(needle) != std::string::npos) return true;
  return false;
}

// [SECTION] numbers beyond a double, in every position

TEST(HostileNumbers, AnOverflowingNumberBeforeHelloIsRefusedAndTheHostStaysUp) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  for (const std::string& attack : {std::string("1e309"), std::string("-1e309"), std::string("[1e309]"),
                                    std::string(R"({"type":"hello","protocol":1e309})"), std::string("1E400")}) {
    RawWs raw(host.port());
    raw.send(attack);
    auto answer = raw.read();
    ASSERT_TRUE(answer) << attack;
    EXPECT_NE(answer->find("bad_json"), std::string::npos) << *answer;
  }
  // Still serving: a proper client joins.
  Client client;
  EXPECT_TRUE(join_and_wait(client, host, "after", Role::Family));
  client.disconnect();
  host.stop();
}

TEST(HostileNumbers, OverflowingNumbersInHelloAndInEveryOpFieldGetErrorsAndTheMeetingGoesOn) {
  auto journal = std::make_shared<MemoryJournal>();
  Meeting meeting(sim_config(), sample_board(), 0, {}, journal, [](std::function<void()>) {});
  // Inside hello, at every field.
  // The raw text of a message with one field's value replaced by an overflowing number.
  auto with_overflow = [](const json& message, json* at, const std::string& number) {
    *at = "@@";
    std::string text = message.dump();
    text.replace(text.find("\"@@\""), 4, number);
    return text;
  };
  for (const char* field : {"protocol", "code", "name", "role", "client_id", "last_seq", "participant_id"}) {
    SimPeer peer;
    json hello = json::parse(R"({"type":"hello","protocol":1,"code":"123456","name":"N","role":"family","client_id":"c1","last_seq":0})");
    const std::string attack = with_overflow(hello, &hello[field], "1e309");
    EXPECT_NO_THROW(meeting.receive(peer, attack)) << attack;
    ASSERT_FALSE(peer.to_client.empty()) << attack;
    EXPECT_NE(peer.to_client.back()->find("bad_json"), std::string::npos) << *peer.to_client.back();
  }
  // After joining, in every field of an op.
  SimClient pro("pro1", Role::Facilitator);
  join(meeting, pro);
  while (pump_to_client(pro)) {}
  const std::string me = pro.replica.participant_id();
  const std::uint64_t seq = meeting.seq();
  for (const char* field : {"id", "author", "at", "kind", "target", "field", "value", "expect"}) {
    json message{{"type", "op"},
                 {"op", {{"id", "x1"}, {"author", me}, {"at", 1}, {"kind", "add_card"}, {"target", "c-x"}, {"field", ""},
                         {"value", {{"column", "worries"}, {"text", "t"}}}, {"expect", nullptr}}}};
    const std::string attack = with_overflow(message, &message["op"][field], "-1e309");
    EXPECT_NO_THROW(meeting.receive(*pro.peer, attack)) << attack;
    ASSERT_FALSE(pro.peer->to_client.empty());
    EXPECT_NE(pro.peer->to_client.back()->find("bad_json"), std::string::npos) << *pro.peer->to_client.back();
    EXPECT_EQ(pro.peer->closing, false) << "a bad message after joining is not fatal";
  }
  EXPECT_EQ(meeting.seq(), seq);
  // Nested deep in a value and in an array frame too.
  EXPECT_NO_THROW(meeting.receive(*pro.peer, R"([{"type":"ping","t":[[[-1e309]]]}])"));
  EXPECT_NE(pro.peer->to_client.back()->find("bad_json"), std::string::npos);
}

TEST(HostileNumbers, AMeetingFileWithAnOverflowingNumberGivesAClearError) {
  const auto path = std::filesystem::temp_directory_path() / ("tavle-overflow-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"schema":1,"meeting":{"family":"x"},"cards":[{"id":"c1","at":1e309}]})";
  Board b;
  auto e = read_board_file(path.string(), b);
  std::filesystem::remove(path);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->message.find("number overflow"), std::string::npos) << e->message;
}

// Found by the op fuzzer (session 5): a client's op with a time before 1970 was
// applied, and the board it left could no longer be read back from its own file
// ("cards[10].updated: expected a whole number from 0"): one op from any tablet
// made the saved meeting unreadable.
TEST(HostileNumbers, AnOpDatedBefore1970IsRefusedAndTheMeetingStillSavesAndLoads) {
  auto journal = std::make_shared<MemoryJournal>();
  Meeting meeting(sim_config(), sample_board(), 0, {}, journal, [](std::function<void()>) {});
  SimClient pro("pro1", Role::Facilitator);
  join(meeting, pro);
  while (pump_to_client(pro)) {}
  const std::string me = pro.replica.participant_id();
  const std::uint64_t seq = meeting.seq();
  for (const json& value : {json{{"column", "worries"}, {"text", "t"}}}) {
    json message{{"type", "op"},
                 {"op", {{"id", "x1"}, {"author", me}, {"at", -795593622000LL}, {"kind", "add_card"}, {"target", "c-x"},
                         {"value", value}}}};
    meeting.receive(*pro.peer, message.dump());
    ASSERT_FALSE(pro.peer->to_client.empty());
    EXPECT_NE(pro.peer->to_client.back()->find("not negative"), std::string::npos) << *pro.peer->to_client.back();
  }
  EXPECT_EQ(meeting.seq(), seq) << "the op was applied";
  Board reloaded;
  EXPECT_FALSE(board_from_json(json::parse(canonical_text(to_json(meeting.board()))), reloaded));
}

// [SECTION] acknowledged only when durable, on every path

struct SlowDisk : ::testing::Test {
  std::shared_ptr<GatedJournal> journal = std::make_shared<GatedJournal>();
  Posted posted;
  std::unique_ptr<Meeting> meeting =
      std::make_unique<Meeting>(sim_config(), sample_board(), 0, std::vector<SequencedOp>{}, journal, posted.post());
  SimClient pro{"pro1", Role::Facilitator};

  void TearDown() override {
    journal->crash();  // a batch still held must not keep the writer thread waiting
    meeting.reset();
  }
  void SetUp() override {
    join(*meeting, pro);
    ASSERT_TRUE(posted.run_until([&] { return meeting->durable_seq() == meeting->seq(); }));
    while (pump_to_client(pro)) {}
    ASSERT_TRUE(pro.replica.joined());
  }
  Op card(const std::string& id, const std::string& text) {
    Op op{id, pro.replica.participant_id(), 1, OpKind::AddCard, "c-" + id, "", {}, {}};
    op.value = {{"column", "worries"}, {"text", text}};
    return op;
  }
  // The host dies: the batch in hand is never written; a new host starts from the journal.
  void crash_and_restart() {
    journal->crash();
    meeting.reset();
    Board board = sample_board();
    std::uint64_t last = 0;
    std::vector<SequencedOp> held = journal->ops();
    for (const SequencedOp& s : held) {
      ASSERT_TRUE(apply(board, s.op).ok());
      last = s.seq;
    }
    journal = std::make_shared<GatedJournal>();
    meeting = std::make_unique<Meeting>(sim_config(), board, last, held, journal, posted.post());
    pro.peer = std::make_unique<SimPeer>();
    join(*meeting, pro, pro.replica.seq());
    std::vector<SimClient*> one{&pro};
    for (int i = 0; i < 100; ++i) {
      bool moved = pump_to_client(pro) | pump_to_host(*meeting, pro);
      posted.run_until([&] { return meeting->durable_seq() == meeting->seq(); });
      if (!moved && pro.peer->to_client.empty() && pro.peer->to_host.empty()) break;
    }
  }
  void expect_converged_with_the_card_once(const std::string& card_id) {
    EXPECT_EQ(pro.replica.pending_count(), 0u);
    EXPECT_EQ(state_hash_hex(pro.replica.confirmed()), view_hash(*meeting, pro));
    ASSERT_NE(meeting->board().find_card(card_id), nullptr) << "the acknowledged card was lost";
  }
};

TEST_F(SlowDisk, AResentPendingOpIsNotAcknowledgedBeforeTheJournalHoldsIt) {
  journal->hold();
  const Op op = card("pro1:7", "VENTER-PAA-DISKEN");
  ASSERT_FALSE(pro.replica.submit(op));
  for (const Op& o : pro.replica.take_unsent()) meeting->receive(*pro.peer, op_text(o));
  ASSERT_TRUE(journal->wait_until_blocked());
  // On reconnect a client resends what it has pending (docs/protocol.md).
  meeting->receive(*pro.peer, op_text(op));
  EXPECT_FALSE(received_any(pro, R"("op_id":"pro1:7")")) << "acknowledged while the disk still had it";
  while (pump_to_client(pro)) {}
  EXPECT_EQ(pro.replica.pending_count(), 1u);
  crash_and_restart();
  expect_converged_with_the_card_once("c-pro1:7");
}

TEST_F(SlowDisk, AResyncRightAfterAnOpNamesItOnlyOnceItIsDurable) {
  journal->hold();
  const Op op = card("pro1:8", "VENTER-OGSAA");
  ASSERT_FALSE(pro.replica.submit(op));
  for (const Op& o : pro.replica.take_unsent()) meeting->receive(*pro.peer, op_text(o));
  ASSERT_TRUE(journal->wait_until_blocked());
  meeting->receive(*pro.peer, R"({"type":"resync"})");
  EXPECT_FALSE(received_any(pro, "pro1:8")) << "the snapshot named or held an op the journal did not hold yet";
  EXPECT_FALSE(received_any(pro, "VENTER-OGSAA"));
  while (pump_to_client(pro)) {}
  crash_and_restart();
  expect_converged_with_the_card_once("c-pro1:8");
}

TEST_F(SlowDisk, ALateJoinerNeverSeesAnOpBeforeItIsDurable) {
  journal->hold();
  const Op op = card("pro1:9", "IKKE-GEMT-ENDNU");
  ASSERT_FALSE(pro.replica.submit(op));
  for (const Op& o : pro.replica.take_unsent()) meeting->receive(*pro.peer, op_text(o));
  ASSERT_TRUE(journal->wait_until_blocked());
  SimClient late("late", Role::Facilitator);
  join(*meeting, late);
  EXPECT_FALSE(received_any(late, "IKKE-GEMT-ENDNU"));
  while (pump_to_client(late)) {}
  // Then the disk catches up, and the late joiner gets the op like everyone.
  journal->release();
  ASSERT_TRUE(posted.run_until([&] { return meeting->durable_seq() == meeting->seq(); }));
  while (pump_to_client(late)) {}
  EXPECT_EQ(state_hash_hex(late.replica.confirmed()), view_hash(*meeting, late));
  EXPECT_NE(late.replica.confirmed().find_card("c-pro1:9"), nullptr);
}


TEST_F(SlowDisk, AJoinersWelcomeWaitsUntilItsOwnParticipantIsDurable) {
  journal->hold();
  SimClient joiner("app", Role::Facilitator);
  join(*meeting, joiner);
  EXPECT_FALSE(received_any(joiner, R"("type":"welcome")")) << "welcomed to a board without its own participant";
  journal->release();
  ASSERT_TRUE(posted.run_until([&] { return meeting->durable_seq() == meeting->seq(); }));
  while (pump_to_client(joiner)) {}
  ASSERT_TRUE(joiner.replica.joined());
  const Participant* self = joiner.replica.confirmed().find_participant(joiner.replica.participant_id());
  ASSERT_NE(self, nullptr) << "the welcome's board lacks the joiner's own participant";
  // So its first op, which names itself, applies at once (the app's first op does).
  Op name_me{"app:1", joiner.replica.participant_id(), 1, OpKind::SetMeetingField, "", "facilitator",
             joiner.replica.participant_id(), {}};
  EXPECT_FALSE(joiner.replica.submit(name_me).has_value());
}

// [SECTION] order keys that the journal's rule accepts

// Like the store's journal: it applies every op to its own board, so an op that
// apply() refuses when read back is refused here too.
class ApplyingJournal : public Journal {
 public:
  explicit ApplyingJournal(Board board) : board_(std::move(board)) {}
  std::optional<Error> append(const std::vector<SequencedOp>& batch) override {
    std::lock_guard lock(mutex_);
    for (const SequencedOp& s : batch) {
      Op back;
      if (auto e = op_from_json(to_json(s.op), back)) return e;
      if (auto r = apply(board_, back); !r.ok()) return r.error;
      ops_.push_back(s);
    }
    return std::nullopt;
  }
  std::vector<SequencedOp> ops() const {
    std::lock_guard lock(mutex_);
    return ops_;
  }
  Board board() const {
    std::lock_guard lock(mutex_);
    return board_;
  }

 private:
  mutable std::mutex mutex_;
  Board board_;
  std::vector<SequencedOp> ops_;
};

TEST(OrderRoomInTheMeeting, AnAppendAfterTheLongestKeyNeverMakesTheMeetingReadOnly) {
  Posted posted;
  auto journal = std::make_shared<ApplyingJournal>(sample_board());
  auto meeting = std::make_unique<Meeting>(sim_config(), sample_board(), 0, std::vector<SequencedOp>{}, journal,
                                           posted.post());
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("fam", Role::Family);
  clients.emplace_back("fac2", Role::Facilitator);
  auto settle = [&] {
    for (int i = 0; i < 50; ++i) {
      posted.run_until([&] { return meeting->durable_seq() == meeting->seq(); });
      drain(*meeting, clients);
      if (meeting->durable_seq() == meeting->seq()) break;
    }
  };
  for (SimClient& c : clients) join(*meeting, c);
  settle();
  SimClient& fac = clients[0];
  auto add = [&](const std::string& id, const nlohmann::json& value) {
    Op op{id, fac.replica.participant_id(), 1, OpKind::AddCard, "c-" + id, "", std::move(value), {}};
    meeting->receive(*fac.peer, op_text(op));
    settle();
  };
  add("fac:1", json{{"column", "worries"}, {"text", "lang nøgle"}, {"order", std::string(kMaxOrderKeyLength, 'z')}});
  add("fac:2", json{{"column", "worries"}, {"text", "en helt almindelig bekymring"}});
  EXPECT_FALSE(meeting->read_only());
  ASSERT_NE(meeting->board().find_card("c-fac:2"), nullptr);
  EXPECT_EQ(meeting->durable_seq(), meeting->seq());
  for (SimClient& c : clients) EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(*meeting, c)) << c.client_id;
  EXPECT_EQ(state_hash_hex(journal->board()), state_hash_hex(meeting->board()));
  // After a restart from the journal, appending in that column still works.
  Board replayed = sample_board();
  std::uint64_t last = 0;
  for (const SequencedOp& s : journal->ops()) {
    ASSERT_TRUE(apply(replayed, s.op).ok());
    last = s.seq;
  }
  EXPECT_EQ(state_hash_hex(replayed), state_hash_hex(meeting->board()));
  meeting = std::make_unique<Meeting>(sim_config(), replayed, last, journal->ops(), journal, posted.post());
  for (SimClient& c : clients) {
    c.peer = std::make_unique<SimPeer>();
    join(*meeting, c, c.replica.seq());
  }
  settle();
  add("fac:3", json{{"column", "worries"}, {"text", "og en til"}});
  EXPECT_FALSE(meeting->read_only());
  for (SimClient& c : clients) EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(*meeting, c)) << c.client_id;
}


// [SECTION] blind ratings reach restricted views as small ops

TEST(BlindRatings, ARatingInABlindRoundReachesOthersAsAHiddenRatingNotASnapshot) {
  Meeting meeting(sim_config(), sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  std::vector<SimClient> clients;
  clients.emplace_back("fac", Role::Facilitator);
  clients.emplace_back("pro", Role::Professional);
  clients.emplace_back("fam", Role::Family);
  clients.emplace_back("fam2", Role::Family);
  clients.emplace_back("view", Role::Viewer);
  for (SimClient& c : clients) join(meeting, c);
  drain(meeting, clients);
  ASSERT_TRUE(meeting.board().scale.blind);
  Op unreveal{"fac:1", clients[0].replica.participant_id(), 1, OpKind::SetMeetingField, "", "scale_revealed", false, {}};
  meeting.receive(*clients[0].peer, op_text(unreveal));
  drain(meeting, clients);
  for (SimClient& c : clients) c.peer->received.clear();
  SimClient& fam = clients[2];
  const std::string me = fam.replica.participant_id();
  for (int round = 0; round < 2; ++round) {  // a first rating, then a changed one (expect names the old one)
    Op rating{"fam:" + std::to_string(round), me, 2, OpKind::SetRating, me, "",
              {{"value", round == 0 ? 7 : 3}, {"reason", "HEMMELIG-grund-" + std::to_string(round)}}, {}};
    if (round == 1) rating.expect = {{"value", 7}, {"reason", "HEMMELIG-grund-0"}};
    meeting.receive(*fam.peer, op_text(rating));
    drain(meeting, clients);
  }
  for (SimClient& c : clients) {
    const bool sees_values = c.role == Role::Facilitator || &c == &fam;
    for (const std::string& text : c.peer->received) {
      if (c.role != Role::Facilitator) {
        EXPECT_EQ(text.find(R"("type":"snapshot")"), std::string::npos) << c.client_id;
      }
      if (!sees_values) {
        EXPECT_EQ(text.find("HEMMELIG"), std::string::npos) << c.client_id << ": " << text;
        EXPECT_EQ(text.find(R"("value":7)"), std::string::npos) << c.client_id << ": " << text;
        EXPECT_EQ(text.find(R"("value":3)"), std::string::npos) << c.client_id << ": " << text;
      }
    }
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(meeting, c)) << c.client_id;
    ASSERT_TRUE(c.replica.confirmed().scale.ratings.count(me)) << c.client_id;
    EXPECT_EQ(c.replica.confirmed().scale.ratings.at(me).hidden, !sees_values) << c.client_id;
  }
  // Clearing it is seen by everyone as "no rating".
  Op clear{"fam:9", me, 3, OpKind::SetRating, me, "", {{"value", nullptr}}, {}};
  meeting.receive(*fam.peer, op_text(clear));
  drain(meeting, clients);
  for (SimClient& c : clients) {
    EXPECT_EQ(state_hash_hex(c.replica.confirmed()), view_hash(meeting, c)) << c.client_id;
    EXPECT_FALSE(c.replica.confirmed().scale.ratings.count(me)) << c.client_id;
  }
}

TEST(BlindRatings, AClientMayNotSendAHiddenRating) {
  Meeting meeting(sim_config(), sample_board(), 0, {}, std::make_shared<MemoryJournal>(), [](std::function<void()>) {});
  SimClient fam("fam", Role::Family);
  join(meeting, fam);
  while (pump_to_client(fam)) {}
  const std::string me = fam.replica.participant_id();
  const std::uint64_t seq = meeting.seq();
  Op hidden{"fam:1", me, 2, OpKind::SetRating, me, "", {{"value", nullptr}, {"hidden", true}}, {}};
  meeting.receive(*fam.peer, op_text(hidden));
  EXPECT_EQ(meeting.seq(), seq);
  ASSERT_FALSE(fam.peer->to_client.empty());
  EXPECT_NE(fam.peer->to_client.back()->find(R"("type":"reject")"), std::string::npos) << *fam.peer->to_client.back();
}

}  // namespace
}  // namespace tavle::net::testing
