// A real `tavle host --data` process is killed with SIGKILL while several clients
// send ops; it is restarted on the same data and port. Every op any client saw
// acknowledged must be there, the clients must reconnect by themselves and
// converge, and the stored meeting must give the hash the host reported.
#include <sys/stat.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "board/hash.hpp"
#include "board/ops.hpp"
#include "board/text.hpp"
#include "net/client.hpp"
#include "probe/host_process.hpp"
#include "tests/store/store_fixture.hpp"

namespace tavle::testing {
namespace {

constexpr int kClients = 4;
constexpr int kOpsPerClient = 250;
constexpr const char* kCode = "kill9test";
constexpr const char* kProfessionalCode = "kill9professional";

// Waits for `done`, polling; a bound (not a timing claim) so a broken host fails the test.
bool eventually(const std::function<bool()>& done, int seconds = 60) {
  for (int i = 0; i < seconds * 100; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

// A real `tavle host --data DIR` (probe::HostProcess: the tests' one host process),
// encrypted with its own certificate and keeping its own facilitator key in DIR, as
// a facilitator's headless host does; `extra`: more arguments (--db URL: the meeting
// on PostgreSQL, docs/server.md). `port` 0: any free one; a restart gives the old one.
std::unique_ptr<probe::HostProcess> start_host(const std::filesystem::path& dir, unsigned short port,
                                               const std::vector<std::string>& extra = {}) {
  std::filesystem::create_directories(dir / "web");
  std::vector<std::string> args = {"--data", dir.string(), "--tls", "--own-key", "--professional-code", kProfessionalCode,
                                   "--op-rate", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<probe::HostProcess>(TAVLE_BIN, kCode, (dir / "web").string(), args, port);
}

Op add_card(net::Client& client, const std::string& card_id) {
  Op op = ops::add_card(card_id, Column::Worries, "Kort " + card_id + " skrevet under belastning");
  op.id = client.next_op_id();
  op.author = client.participant_id();
  op.at = now_millis();
  return op;
}

std::set<std::string> confirmed_cards(const net::Client& client) {
  std::set<std::string> ids;
  for (const auto& [id, card] : client.confirmed().cards)
    if (!card.deleted) ids.insert(id);
  return ids;
}

using KillTest = StoreTest;
// issue 18: the same kill against both stores: durable before broadcast holds on
// PostgreSQL too (an op is acknowledged only after its transaction committed).
using KillBackendTest = StoreBackendTest;

TEST_P(KillBackendTest, KilledHostKeepsEveryAcknowledgedOpAndClientsConverge) {
  const std::vector<std::string> db = GetParam() == Backend::Postgresql ? std::vector<std::string>{"--db", url}
                                                                        : std::vector<std::string>{};
  std::unique_ptr<probe::HostProcess> host;
  ASSERT_NO_THROW(host = start_host(dir, 0, db));
  const unsigned short port = host->port();
  std::vector<std::unique_ptr<net::Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<net::Client>());
    net::JoinParams join;
    join.port = port;
    join.fingerprint = host->fingerprint();
    join.code = kCode;
    join.professional_code = kProfessionalCode;
    join.name = "Deltager " + std::to_string(i);
    join.client_id = "kill-client-" + std::to_string(i);
    clients.back()->connect(join);
  }
  ASSERT_TRUE(eventually([&] {
    for (auto& c : clients)
      if (c->status().state != net::ConnectionState::Connected || c->participant_id().empty()) return false;
    return true;
  })) << host->output();

  // Load from every client; the host dies half-way, with ops in flight.
  std::set<std::string> acknowledged;
  bool killed = false;
  for (int n = 0; n < kOpsPerClient; ++n) {
    for (int i = 0; i < kClients; ++i)
      ASSERT_FALSE(clients[i]->submit(add_card(*clients[i], "c" + std::to_string(i) + "-" + std::to_string(n))));
    if (!killed && clients[0]->seq() >= kClients * kOpsPerClient / 3) {
      host->kill_hard();
      killed = true;
      // What any client saw acknowledged before the host died.
      for (auto& c : clients)
        for (const auto& id : confirmed_cards(*c)) acknowledged.insert(id);
    }
    // Keep a window of unconfirmed ops in flight, so the kill lands mid-stream.
    if (!killed) eventually([&] { return clients[0]->status().unsent < 40; }, 30);
  }
  ASSERT_TRUE(killed) << "the host never got far enough to be killed under load";
  ASSERT_GT(acknowledged.size(), 10u);
  RecordProperty("acknowledged_before_kill", static_cast<int>(acknowledged.size()));

  ASSERT_NO_THROW(host = start_host(dir, port, db));
  const std::size_t expected_cards = kClients * kOpsPerClient;
  ASSERT_TRUE(eventually([&] {
    for (auto& c : clients) {
      const auto status = c->status();
      if (status.state != net::ConnectionState::Connected || status.unsent != 0) return false;
      if (confirmed_cards(*c).size() != expected_cards) return false;
    }
    return true;
  })) << "clients did not reconnect and converge\n" << host->output();

  std::set<std::string> hashes;
  for (auto& c : clients) hashes.insert(state_hash_hex(c->confirmed()));
  EXPECT_EQ(hashes.size(), 1u) << "clients did not converge";
  for (auto& c : clients) c->disconnect();
  const std::string log = host->stop();
  const auto at = log.find("board hash ");
  ASSERT_NE(at, std::string::npos) << log;
  const std::string reported_hash = log.substr(at + 11, 16);

  open();
  std::vector<store::MeetingInfo> meetings;
  ASSERT_FALSE(store->list_meetings("", meetings));
  ASSERT_EQ(meetings.size(), 1u);
  store::LoadedMeeting from_snapshot, from_journal;
  ASSERT_FALSE(store->load_meeting(meetings[0].id, from_snapshot));
  ASSERT_FALSE(store->load_meeting(meetings[0].id, from_journal, store::Replay::WholeJournal));
  for (const auto& id : acknowledged) EXPECT_NE(from_snapshot.board.find_card(id), nullptr) << "lost acknowledged " << id;
  EXPECT_EQ(from_snapshot.board.live_card_count(), expected_cards) << "an op was lost or applied twice";
  EXPECT_EQ(state_hash_hex(from_snapshot.board), reported_hash) << "restart did not recover the host's state";
  EXPECT_EQ(state_hash_hex(from_journal.board), reported_hash);
  EXPECT_EQ(*hashes.begin(), state_hash_hex(view_for(from_snapshot.board, Audience::Professional, "")));
}

INSTANTIATE_TEST_SUITE_P(Backends, KillBackendTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         backend_name);

// The facilitator's app must be able to rejoin as facilitator after the headless
// host crashed: a durable host keeps its key beside its data (0600) and offers the
// same key after a restart.
TEST_F(KillTest, ARestartedHostOffersItsFacilitatorTheSameKey) {
  std::unique_ptr<probe::HostProcess> host;
  ASSERT_NO_THROW(host = start_host(dir, 0));
  const unsigned short port = host->port();
  const std::filesystem::path key_file = dir / "facilitator.key";
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0) << "no facilitator.key in the data directory";
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string key = read_bytes(key_file);
  ASSERT_GE(key.size(), 32u);
  key = key.substr(0, 32);
  host->kill_hard();
  ASSERT_NO_THROW(host = start_host(dir, port));
  EXPECT_EQ(read_bytes(key_file).substr(0, 32), key) << "the restart made a new key";
  net::Client facilitator;
  net::JoinParams join;
  join.port = port;
  join.fingerprint = host->fingerprint();
  join.code = kCode;
  join.name = "Mødeleder";
  join.role = net::Role::Facilitator;
  join.facilitator_key = key;
  join.client_id = "facilitator-app";
  facilitator.connect(join);
  EXPECT_TRUE(eventually([&] { return facilitator.status().state == net::ConnectionState::Connected; }, 20))
      << host->output();
  facilitator.disconnect();
  host->stop();
}

}  // namespace
}  // namespace tavle::testing
