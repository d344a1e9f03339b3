// Heartbeats: the host pings every connection after half its idle time and drops
// one that has not answered by the full idle time, so a tablet whose Wi-Fi died
// leaves the participants list within seconds. A quiet but healthy connection
// answers the pings and stays.
#include <gtest/gtest.h>

#include <memory>

#include "board/sample.hpp"
#include "tests/net/loopback_support.hpp"

using namespace tavle;
using namespace tavle::net;
using namespace tavle::net::testing;

class Heartbeat : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(host.start()); }

  // A raw connection that has joined; `seen` gets every frame read so far.
  std::unique_ptr<RawWs> join_raw(const std::string& role, const std::string& id, std::string& seen) {
    auto raw = std::make_unique<RawWs>(host.port());
    raw->send_hello(host.join_code(), role, id);
    if (!raw->read_until("welcome", &seen)) return nullptr;
    return raw;
  }

  HostConfig config = loopback_config();  // idle timeout 1 s
  Host host{config, sample_board()};
};

TEST_F(Heartbeat, ConnectionThatStopsAnsweringLeavesPresenceAfterTheIdleTimeout) {
  Client observer;
  ASSERT_TRUE(join_and_wait(observer, host, "observer", Role::Professional));

  // Joins, then never reads again: it cannot answer the host's pings, like a
  // device that went out of range without closing its connection.
  std::string seen;
  auto vanished = join_raw("viewer", "vanished", seen);
  ASSERT_TRUE(vanished);
  ASSERT_TRUE(eventually([&] { return observer.presence().size() == 2; }));

  EXPECT_TRUE(eventually([&] { return observer.presence().size() == 1; }));
  EXPECT_EQ(host.status().connections, 1u);
  EXPECT_EQ(observer.status().state, ConnectionState::Connected);
}

TEST_F(Heartbeat, QuietConnectionsThatAnswerPingsStayConnected) {
  Client quiet;
  ASSERT_TRUE(join_and_wait(quiet, host, "quiet", Role::Family));
  std::string seen;
  auto listener = join_raw("viewer", "listener", seen);
  ASSERT_TRUE(listener);
  // The presence list that names the listener may share the welcome's frame.
  if (seen.find(R"("type":"presence")") == std::string::npos) {
    ASSERT_TRUE(listener->read_until(R"("type":"presence")"));
  }

  // Three idle timeouts with nothing to say: only pings and pongs pass (the raw
  // socket answers pings while it reads). Had the listener been dropped, its read
  // would have ended with the connection; had the quiet client been dropped or
  // rejoined, the listener would have been sent a presence change.
  EXPECT_FALSE(listener->read(3 * config.session.idle_timeout));
  EXPECT_TRUE(listener->timed_out());
  EXPECT_EQ(quiet.status().state, ConnectionState::Connected);
}
