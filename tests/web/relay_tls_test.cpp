// The fault relay (tcp_relay.hpp) carries the native clients' encrypted joins: the
// soak and the app's offline tests put it between a TLS host and clients that pin
// its fingerprint. It used to wait for an HTTP header in the host's bytes, which a
// TLS handshake never has, so nobody joined through it.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "board/op.hpp"
#include "net/client.hpp"
#include "probe/host_process.hpp"
#include "tests/web/tcp_relay.hpp"

namespace tavle::webtest {
namespace {

using namespace std::chrono_literals;

bool within(std::chrono::seconds limit, const std::function<bool()>& done) {
  for (auto until = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < until;) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

TEST(RelayOverTls, APinnedClientJoinsAnEncryptedHostThroughTheRelayAndAgainAfterItsFaults) {
  const auto data = std::filesystem::temp_directory_path() / ("tavle-relay-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(data);
  {
    probe::HostProcess host(TAVLE_BINARY, "7373737373", TAVLE_WEB_ROOT,
                     {"--data", data.string(), "--tls", "--professional-code", "737373737373", "--no-announce"});
    ASSERT_EQ(host.fingerprint().size(), 95u) << "the fingerprint the host printed";
    TcpRelay relay(host.port());
    net::Client pro;
    net::JoinParams p;
    p.port = relay.port();
    p.code = "7373737373";
    p.professional_code = "737373737373";
    p.name = "Anne Holm";
    p.client_id = "relay-tls";
    p.fingerprint = host.fingerprint();
    pro.connect(p);
    auto connected = [&] { return pro.status().state == net::ConnectionState::Connected; };
    ASSERT_TRUE(within(20s, connected)) << pro.status().last_error;
    const std::string me = pro.participant_id();

    // A cut in the middle of what the host sends next (inside a TLS record: the ack
    // of a card), then a dropped connection: the client comes back through the relay
    // as the same participant and each card arrives once.
    auto add_card = [&](const std::string& id, const std::string& text) {
      Op op{pro.next_op_id(), pro.participant_id(), 1, OpKind::AddCard, id, "", {}, {}};
      op.value = {{"column", "worries"}, {"text", text}, {"order", "m"}};
      return !pro.submit(op);
    };
    auto confirmed_once = [&](const std::string& text) {
      int n = 0;
      for (const auto& [id, card] : pro.confirmed().cards) n += !card.deleted && card.text == text;
      return n == 1 && pro.status().unsent == 0 && pro.status().state == net::ConnectionState::Connected;
    };
    ASSERT_TRUE(relay.cut_mid_frame(0));
    ASSERT_TRUE(add_card("c-relay-1", "Kort over en afbrudt forbindelse"));
    ASSERT_TRUE(within(30s, [&] { return confirmed_once("Kort over en afbrudt forbindelse"); })) << pro.status().last_error;
    ASSERT_TRUE(relay.drop_connection(0));
    ASSERT_TRUE(add_card("c-relay-2", "Kort efter en tabt forbindelse"));
    ASSERT_TRUE(within(30s, [&] { return confirmed_once("Kort efter en tabt forbindelse"); })) << pro.status().last_error;
    EXPECT_EQ(pro.participant_id(), me);
    pro.disconnect();
  }
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace tavle::webtest
