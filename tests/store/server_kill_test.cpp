// issue 18 (docs/server.md, "More than one process"): two real `tavle server`
// processes on one PostgreSQL database. Meeting m-sample is hosted by server A,
// m-next by server B; the clients' entry point is B (the address every app knows), so
// m-sample's clients are told by B where it lives (meeting_elsewhere) and follow to A.
// A is killed with SIGKILL while they send ops: its lease goes with its connection,
// the clients come back to B by themselves, B takes m-sample over, and every op any
// client saw acknowledged is there; the clients' hashes are equal; m-next never stopped.
#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "board/hash.hpp"
#include "board/ops.hpp"
#include "board/sample.hpp"
#include "board/text.hpp"
#include "net/client.hpp"
#include "probe/host_process.hpp"
#include "session/server_meetings.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

using namespace std::chrono_literals;
constexpr Millis kNow = 1795593600000;
constexpr int kClients = 2;
constexpr int kOpsPerClient = 150;

bool eventually(const std::function<bool()>& done, int seconds = 60) {
  for (int i = 0; i < seconds * 100; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

std::set<std::string> confirmed_cards(const net::Client& client) {
  std::set<std::string> ids;
  for (const auto& [id, card] : client.confirmed().cards)
    if (!card.deleted) ids.insert(id);
  return ids;
}

using ServerKillTest = StoreBackendTest;

TEST_P(ServerKillTest, AKilledServersMeetingsAreTakenOverByAnotherWithEveryAcknowledgedOp) {
  open();
  ASSERT_FALSE(store->import_meeting(sample_board(), kNow));
  Board next;
  ASSERT_FALSE(store->create_meeting("f-jensen", "m-next", kNow + 1, true, next));
  store.reset();
  session::MeetingCodes sample, other;
  ASSERT_FALSE(session::meeting_codes(session::StorePlace{dir.string(), "", url}, "m-sample", sample));
  ASSERT_FALSE(session::meeting_codes(session::StorePlace{dir.string(), "", url}, "m-next", other));
  std::filesystem::create_directories(dir / "web");
  const std::vector<std::string> args = {"--server", "--tls", "--data", dir.string(), "--db", url};
  std::unique_ptr<probe::HostProcess> a, b;
  ASSERT_NO_THROW(a = std::make_unique<probe::HostProcess>(TAVLE_BIN, "", (dir / "web").string(), args));
  ASSERT_NO_THROW(b = std::make_unique<probe::HostProcess>(TAVLE_BIN, "", (dir / "web").string(), args));
  ASSERT_EQ(a->fingerprint(), b->fingerprint()) << "one data directory, one certificate";

  // m-sample is opened on A first (a facilitator's app there), so A holds its lease.
  net::Client pin;
  auto join = [&](net::Client& c, unsigned short port, const std::string& meeting, const session::MeetingCodes& codes,
                  const std::string& id) {
    net::JoinParams p;
    p.port = port;
    p.meeting_id = meeting;
    p.fingerprint = a->fingerprint();
    p.code = codes.join_code;
    p.professional_code = codes.professional_code;
    p.name = "Deltager " + id;
    p.client_id = id;
    c.connect(p);
  };
  join(pin, a->port(), "m-sample", sample, "pin");
  ASSERT_TRUE(eventually([&] { return pin.status().state == net::ConnectionState::Connected; }, 30)) << a->output();

  std::vector<std::unique_ptr<net::Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<net::Client>());
    join(*clients.back(), b->port(), "m-sample", sample, "kill-client-" + std::to_string(i));  // entry point: B
  }
  net::Client on_b;
  join(on_b, b->port(), "m-next", other, "on-b");
  ASSERT_TRUE(eventually([&] {
    for (auto& c : clients)
      if (c->status().state != net::ConnectionState::Connected || c->participant_id().empty()) return false;
    return on_b.status().state == net::ConnectionState::Connected;
  })) << "A:\n" << a->output() << "\nB:\n" << b->output();

  auto card = [](net::Client& c, const std::string& id) {
    Op op = ops::add_card(id, Column::Worries, "Kort " + id);
    op.id = c.next_op_id();
    op.author = c.participant_id();
    op.at = now_millis();
    return op;
  };
  std::set<std::string> acknowledged;
  bool killed = false;
  std::chrono::steady_clock::time_point killed_at;
  for (int n = 0; n < kOpsPerClient; ++n) {
    for (int i = 0; i < kClients; ++i)
      ASSERT_FALSE(clients[i]->submit(card(*clients[i], "c" + std::to_string(i) + "-" + std::to_string(n))));
    ASSERT_FALSE(on_b.submit(card(on_b, "b-" + std::to_string(n))));
    if (!killed && clients[0]->seq() >= kClients * kOpsPerClient / 3) {
      a->kill_hard();
      killed = true;
      killed_at = std::chrono::steady_clock::now();
      for (auto& c : clients)
        for (const auto& id : confirmed_cards(*c)) acknowledged.insert(id);
    }
    if (!killed) eventually([&] { return clients[0]->status().unsent < 40; }, 30);
  }
  ASSERT_TRUE(killed) << "server A never got far enough to be killed under load";
  ASSERT_GT(acknowledged.size(), 10u);

  const std::size_t expected = sample_board().live_card_count() + kClients * kOpsPerClient;
  ASSERT_TRUE(eventually([&] {
    for (auto& c : clients) {
      const auto status = c->status();
      if (status.state != net::ConnectionState::Connected || status.unsent != 0) return false;
      if (confirmed_cards(*c).size() != expected) return false;
    }
    return true;
  })) << "m-sample's clients did not come back to B and converge: " << [&] {
    std::string why;
    for (auto& c : clients)
      why += "\n" + std::string(net::name_of(c->status().state)) + " unsent=" + std::to_string(c->status().unsent) +
             " cards=" + std::to_string(confirmed_cards(*c).size()) + " " + c->status().last_error_code + " " +
             c->status().last_error;
    return why;
  }() << "\nB:\n" << b->output();
  const auto takeover = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed_at);
  RecordProperty("takeover_ms", static_cast<int>(takeover.count()));
  EXPECT_LT(takeover, 20s) << "taken over, but not within seconds";
  std::set<std::string> hashes;
  for (auto& c : clients) hashes.insert(state_hash_hex(c->confirmed()));
  EXPECT_EQ(hashes.size(), 1u) << "clients did not converge";
  ASSERT_TRUE(eventually([&] { return on_b.status().unsent == 0; }));
  EXPECT_EQ(on_b.status().state, net::ConnectionState::Connected) << "B's own meeting was disturbed";
  const auto b_cards = confirmed_cards(on_b);
  EXPECT_EQ(std::count_if(b_cards.begin(), b_cards.end(), [](const std::string& id) { return id.starts_with("b-"); }),
            kOpsPerClient);

  for (auto& c : clients) c->disconnect();
  on_b.disconnect();
  pin.disconnect();
  b->stop();
  open();
  store::LoadedMeeting stored;
  ASSERT_FALSE(store->load_meeting("m-sample", stored));
  for (const auto& id : acknowledged) EXPECT_NE(stored.board.find_card(id), nullptr) << "lost acknowledged " << id;
  for (int i = 0; i < kClients; ++i)
    for (int n = 0; n < kOpsPerClient; ++n) {
      const std::string id = "c" + std::to_string(i) + "-" + std::to_string(n);
      EXPECT_NE(stored.board.find_card(id), nullptr) << "lost " << id;
    }
  EXPECT_EQ(*hashes.begin(), state_hash_hex(view_for(stored.board, Audience::Professional, "")));
}

// PostgreSQL only: a data directory's SQLite file is one machine's, never shared by two servers.
INSTANTIATE_TEST_SUITE_P(Backends, ServerKillTest, ::testing::Values(Backend::Postgresql), backend_name);

}  // namespace
}  // namespace tavle::testing
