// Heartbeats: the host pings every connection after half its idle time and drops
// one that has not answered by the full idle time, so a tablet whose Wi-Fi died
// leaves the participants list within seconds. A quiet but healthy connection
// answers the pings and stays.
#include <gtest/gtest.h>

#include <thread>

#include "board/sample.hpp"
#include "tests/net/loopback_support.hpp"

using namespace tavle;
using namespace tavle::net;
using namespace tavle::net::testing;

TEST(Heartbeat, ConnectionThatStopsAnsweringLeavesPresenceAfterTheIdleTimeout) {
  HostConfig config = loopback_config();  // idle timeout 1 s
  Host host(config, sample_board());
  ASSERT_FALSE(host.start());
  Client observer;
  ASSERT_TRUE(join_and_wait(observer, host, "observer", Role::Professional));

  // Joins, then never reads again: it cannot answer the host's pings, like a
  // device that went out of range without closing its connection.
  RawWs vanished(host.port());
  vanished.send_hello(host.join_code(), "viewer", "vanished");
  ASSERT_TRUE(vanished.read_until("welcome"));
  ASSERT_TRUE(eventually([&] { return observer.presence().size() == 2; }));

  EXPECT_TRUE(eventually([&] { return observer.presence().size() == 1; }));
  EXPECT_EQ(host.status().connections, 1u);
  EXPECT_EQ(observer.status().state, ConnectionState::Connected);
}

TEST(Heartbeat, QuietConnectionsThatAnswerPingsStayConnected) {
  HostConfig config = loopback_config();  // idle timeout 1 s
  Host host(config, sample_board());
  ASSERT_FALSE(host.start());
  Client quiet;
  ASSERT_TRUE(join_and_wait(quiet, host, "quiet", Role::Family));
  RawWs listener(host.port());
  listener.send_hello(host.join_code(), "professional", "listener");
  std::string seen;
  ASSERT_TRUE(listener.read_until("welcome", &seen));
  // The presence list that names the listener may share the welcome's frame.
  if (seen.find(R"("type":"presence")") == std::string::npos) {
    ASSERT_TRUE(listener.read_until(R"("type":"presence")"));
  }

  // Three idle timeouts with nothing to say: only pings and pongs pass (the raw
  // socket answers pings while it reads). Had either connection been dropped or
  // rejoined, the listener would have been sent a presence change.
  EXPECT_FALSE(listener.read(3 * config.session.idle_timeout));
  EXPECT_TRUE(listener.timed_out());
  EXPECT_EQ(quiet.status().state, ConnectionState::Connected);
  EXPECT_EQ(host.status().connections, 2u);
}
