// Encryption on the wire (docs/protocol.md, "Encryption"; docs/privacy.md, "On the wire"):
// HTTPS and WSS on the host's one port, the native client's check of the host,
// the facilitator's plain family view, and what a capture of the wire shows.
// The attacks (a man in the middle, plain professionals, a wire capture) failed
// on the plain host before this work.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <filesystem>
#include <fstream>

#include "board/sample.hpp"
#include "tests/net/security_support.hpp"
#include "tests/net/wire_support.hpp"

namespace tavle::net::testing {
namespace {

namespace http = beast::http;
namespace ssl = asio::ssl;

// Text of a professional-only card the test adds: distinctive, so a capture can look for it.
constexpr const char* kSecretText = "Politiets sag 4711 om far (fortroligt)";

struct Answer {
  int status = 0;
  std::string location;
  std::string body;
};

template <class Stream>
Answer get(Stream& stream, unsigned short port, const std::string& target) {
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.keep_alive(false);
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return {static_cast<int>(response.result_int()), std::string(response[http::field::location]), response.body()};
}

Answer plain_get(unsigned short port, const std::string& target) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect({asio::ip::make_address("127.0.0.1"), port});
  return get(stream, port, target);
}

Answer https_get(unsigned short port, const std::string& target) {
  asio::io_context io;
  ssl::context context(ssl::context::tls_client);
  context.set_verify_mode(ssl::verify_none);  // this test looks at what is served, not at whom
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(ssl::stream_base::client);
  return get(stream, port, target);
}

class WebRoot : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("tavle-tls-" + std::to_string(::getpid()));
  void SetUp() override {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "index.html") << "<p>Tavle tablet</p>";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  HostConfig config(PlainConnections plain) {
    HostConfig c = loopback_config();
    c.plain = plain;
    c.web_root = dir;
    return c;
  }
};

Op card_op(Client& c, const std::string& card, const std::string& text, bool professional_only) {
  Op op;
  op.id = c.next_op_id();
  op.author = c.participant_id();
  op.at = 1795593600000;
  op.kind = OpKind::AddCard;
  op.target = card;
  op.value = nlohmann::json{{"column", "worries"}, {"text", text}, {"professional_only", professional_only}};
  return op;
}

bool card_confirmed(const Client& c, const std::string& card) {
  const Board b = c.confirmed();
  return b.find_card(card) != nullptr;
}

// [SECTION] one port, two kinds of connection

TEST_F(WebRoot, OnePortServesHttpsAndSendsPlainHttpOnToHttps) {
  Host host(config(PlainConnections::Redirected), sample_board());
  ASSERT_FALSE(host.start());
  const Answer secure = https_get(host.port(), "/");
  EXPECT_EQ(secure.status, 200);
  EXPECT_NE(secure.body.find("Tavle tablet"), std::string::npos);
  const Answer plain = plain_get(host.port(), "/index.html");
  EXPECT_EQ(plain.status, 301);
  EXPECT_EQ(plain.location, "https://127.0.0.1:" + std::to_string(host.port()) + "/index.html");
  EXPECT_EQ(plain.body.find("Tavle tablet"), std::string::npos);
}

// A TLS 1.2 client asking for handshake after handshake on one connection (each costs
// the host a private-key operation, the client almost nothing) is refused; the host
// still serves everyone else. OpenSSL 3 refuses it by default; the host's context says
// so itself (SSL_OP_NO_RENEGOTIATION), and this test holds it to that.
TEST_F(WebRoot, AClientThatAsksToRenegotiateIsRefused) {
  Host host(config(PlainConnections::Redirected), sample_board());
  ASSERT_FALSE(host.start());
  asio::io_context io;
  ssl::context context(ssl::context::tls_client);
  context.set_verify_mode(ssl::verify_none);
  SSL_CTX_set_max_proto_version(context.native_handle(), TLS1_2_VERSION);  // TLS 1.3 has no renegotiation
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), host.port()});
  stream.handshake(ssl::stream_base::client);
  ASSERT_EQ(SSL_version(stream.native_handle()), TLS1_2_VERSION);
  ASSERT_EQ(SSL_renegotiate(stream.native_handle()), 1);
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  EXPECT_TRUE(ec) << "the host renegotiated";
  EXPECT_EQ(https_get(host.port(), "/").status, 200) << "the host must still serve others";
}

// A tablet whose tab is closed (or whose Wi-Fi drops) ends its TLS connection without
// a close_notify: part of normal life, not an error for the host's log, where a server
// of many meetings printed a line for every tablet that left.
TEST_F(WebRoot, ATabletThatLeavesWithoutCloseNotifyIsNotLoggedAsAnError) {
  Host host(config(PlainConnections::Redirected), sample_board());
  ASSERT_FALSE(host.start());
  ::testing::internal::CaptureStderr();
  {
    asio::io_context io;
    ssl::context context(ssl::context::tls_client);
    context.set_verify_mode(ssl::verify_none);
    beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(io, context);
    beast::get_lowest_layer(ws).connect({asio::ip::make_address("127.0.0.1"), host.port()});
    ws.next_layer().handshake(ssl::stream_base::client);
    ws.handshake("127.0.0.1:" + std::to_string(host.port()), "/");
    ws.write(asio::buffer(hello_json(host.join_code(), "viewer", "tablet-1")));
    beast::flat_buffer welcome;
    ws.read(welcome);
    beast::get_lowest_layer(ws).socket().close();  // gone: no close frame, no close_notify
  }
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = host.status().connections == 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(gone);
  EXPECT_EQ(log.find("connection closed"), std::string::npos) << log;
}

TEST(Tls, TheInstallationsOwnCertificateIsMadeOnceWithAPrivateKey) {
  const auto dir = std::filesystem::temp_directory_path() / ("tavle-own-cert-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  TlsIdentity first, second;
  bool made = false;
  ASSERT_FALSE(own_tls_identity(dir, first, made));
  EXPECT_TRUE(made);
  struct stat st {};
  ASSERT_EQ(::stat((dir / kOwnKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_FALSE(own_tls_identity(dir, second, made));
  EXPECT_FALSE(made);
  EXPECT_EQ(first.fingerprint, second.fingerprint);
  EXPECT_EQ(first.fingerprint.size(), 95u);  // 32 pairs and 31 colons
  EXPECT_TRUE(first.self_signed);
  ::chmod((dir / kOwnKeyFile).c_str(), 0644);  // someone made the key readable: refused, not used
  EXPECT_TRUE(own_tls_identity(dir, second, made));
  std::filesystem::remove_all(dir);
}

TEST(Tls, AFingerprintIsReadAsAPersonTypesIt) {
  const std::string printed = test_identity().fingerprint;
  std::string typed;
  for (char c : printed)
    if (c != ':') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(normalise_fingerprint(typed), printed);
  EXPECT_EQ(normalise_fingerprint("SHA256:" + printed), printed);
  EXPECT_FALSE(normalise_fingerprint(printed.substr(3)));
  EXPECT_FALSE(normalise_fingerprint("zz" + printed.substr(2)));
}

// [SECTION] the native client checks the host

TEST(Tls, TheAppJoinsOverTlsWithThePinnedFingerprint) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  Client pro;
  ASSERT_TRUE(join_and_wait(pro, host, "pro", Role::Professional));
  EXPECT_EQ(state_hash_hex(pro.confirmed()), expected_hash(host, Role::Professional, pro.participant_id()));
}

TEST(Tls, AWrongFingerprintIsRefusedInWordsAFacilitatorUnderstands) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  Client pro;
  JoinParams p = join_params(host, "pro", Role::Professional);
  p.fingerprint = std::string(95, '0');
  for (std::size_t i = 2; i < p.fingerprint.size(); i += 3) p.fingerprint[i] = ':';
  pro.connect(p);
  ASSERT_TRUE(eventually([&] { return pro.status().last_error_code == "wrong_host"; }));
  const ConnectionStatus s = pro.status();
  EXPECT_EQ(s.state, ConnectionState::Offline);
  EXPECT_NE(s.last_error.find("not the meeting you were invited to"), std::string::npos) << s.last_error;
  EXPECT_NE(s.last_error.find(host.fingerprint()), std::string::npos) << "names what it saw";
  EXPECT_EQ(s.last_error.find("SSL"), std::string::npos) << s.last_error;
  EXPECT_EQ(s.last_error.find("routines"), std::string::npos) << s.last_error;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // a wrong host is not retried
  EXPECT_EQ(host.status().connections, 0u);
  EXPECT_EQ(pro.status().state, ConnectionState::Offline);
}

TEST(Tls, AManInTheMiddleWithItsOwnCertificateIsRefusedAndLearnsNothing) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  TlsIdentity attacker;
  ASSERT_FALSE(make_self_signed_identity(attacker));
  WireRelay middle(host.port(), attacker);
  Client fac;
  JoinParams p = join_params(host, "fac", Role::Facilitator);
  p.port = middle.port();  // the invitation's address leads to the attacker, its fingerprint to the host
  fac.connect(p);
  ASSERT_TRUE(eventually([&] { return fac.status().last_error_code == "wrong_host"; })) << fac.status().last_error;
  EXPECT_GE(middle.connections(), 1u);
  const std::string seen = middle.captured();
  EXPECT_EQ(seen.find("hello"), std::string::npos);
  EXPECT_EQ(seen.find(host.join_code()), std::string::npos);
  EXPECT_EQ(seen.find(host.facilitator_key()), std::string::npos);
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
  EXPECT_EQ(host.status().connections, 0u);
}

TEST(Tls, WithoutAPinTheClientRefusesACertificateNoTrustedCaIssued) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  Client pro;
  JoinParams p = join_params(host, "pro", Role::Professional);
  p.fingerprint.clear();
  pro.connect(p);
  ASSERT_TRUE(eventually([&] { return pro.status().last_error_code == "wrong_host"; }));
  EXPECT_NE(pro.status().last_error.find("not one this computer trusts"), std::string::npos) << pro.status().last_error;
  EXPECT_EQ(host.status().connections, 0u);
}

// [SECTION] the family view over plain HTTP: the facilitator's choice

TEST_F(WebRoot, WithoutTheChoiceAPlainWebSocketIsRefused) {
  Host host(config(PlainConnections::Redirected), sample_board());
  ASSERT_FALSE(host.start());
  EXPECT_THROW(RawWs tablet(host.port()), boost::system::system_error);
  EXPECT_EQ(host.status().connections, 0u);
}

TEST_F(WebRoot, OverPlainOnlyTheFamilyViewIsServedAndProfessionalsAreRefused) {
  Host host(config(PlainConnections::FamilyView), sample_board());
  ASSERT_FALSE(host.start());
  EXPECT_EQ(plain_get(host.port(), "/").status, 200);  // the tablet page itself

  // Every way a plain connection could become a professional or the facilitator.
  std::string seen;
  RawWs with_code(host.port()), with_room_code(host.port()), with_key(host.port());
  with_code.send(hello_json("", "professional", "pro-1", {{"professional_code", host.professional_code()}}));
  with_room_code.send(hello_json(host.join_code(), "professional", "pro-2"));
  with_key.send(hello_json("", "facilitator", "fac-1", {{"facilitator_key", host.facilitator_key()}}));
  for (RawWs* ws : {&with_code, &with_room_code, &with_key}) {
    auto refused = read_message(*ws, "error", seen);
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)["code"], "needs_encryption");
    read_for(*ws, seen);
  }
  EXPECT_EQ(seen.find("welcome"), std::string::npos);
  Client pro;  // over TLS, a professional is welcome
  ASSERT_TRUE(join_and_wait(pro, host, "pro", Role::Professional));
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);

  RawWs tablet(host.port());
  tablet.send(hello_json(host.join_code(), "family", "tablet"));
  std::string family_seen;
  auto welcome = read_message(tablet, "welcome", family_seen);
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["audience"], "family");
  ASSERT_TRUE(pro.submit(card_op(pro, "c-secret", kSecretText, true)) == std::nullopt);
  ASSERT_TRUE(pro.submit(card_op(pro, "c-open", "Mor henter til tiden", false)) == std::nullopt);
  ASSERT_TRUE(read_message(tablet, "op", family_seen));
  read_for(tablet, family_seen);
  EXPECT_NE(family_seen.find("Mor henter til tiden"), std::string::npos);
  EXPECT_EQ(family_seen.find(kSecretText), std::string::npos);
  EXPECT_EQ(family_seen.find(kHiddenText), std::string::npos);
}

TEST_F(WebRoot, SwitchingThePlainFamilyViewOffPutsPlainTabletsOut) {
  Host host(config(PlainConnections::FamilyView), sample_board());
  ASSERT_FALSE(host.start());
  RawWs tablet(host.port());
  tablet.send(hello_json(host.join_code(), "family", "tablet"));
  std::string seen;
  ASSERT_TRUE(read_message(tablet, "welcome", seen));
  host.allow_plain_family(false);
  auto out = read_message(tablet, "error", seen);
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)["code"], "needs_encryption");
  EXPECT_TRUE(host.tablets_use_https());
  EXPECT_EQ(plain_get(host.port(), "/").status, 301);
}

// [SECTION] what someone on the Wi-Fi captures

TEST(WireCapture, NoProfessionalOnlyTextCodeOrKeyCrossesTheWireInClear) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  WireRelay wifi(host.port());
  Client fac, pro, family;
  for (auto [client, id, role] : {std::tuple{&fac, "fac", Role::Facilitator}, std::tuple{&pro, "pro", Role::Professional},
                                  std::tuple{&family, "fam", Role::Family}}) {
    JoinParams p = join_params(host, id, role);
    p.port = wifi.port();
    client->connect(p);
    ASSERT_TRUE(eventually([&] { return client->status().state == ConnectionState::Connected; })) << id;
  }
  ASSERT_TRUE(pro.submit(card_op(pro, "c-secret", kSecretText, true)) == std::nullopt);
  ASSERT_TRUE(eventually([&] { return card_confirmed(fac, "c-secret") && card_confirmed(pro, "c-secret"); }));
  fac.new_code();  // the new codes go to the facilitator's screen over the wire too
  ASSERT_TRUE(eventually([&] { return fac.codes().first != host.join_code(); }));
  const std::string captured = wifi.captured();
  EXPECT_GT(captured.size(), 2000u);  // the relay saw the meeting's traffic
  for (const std::string& secret : {std::string(kSecretText), std::string(kHiddenText), host.join_code(),
                                    host.professional_code(), host.facilitator_key(), fac.codes().first,
                                    fac.codes().second, std::string("\"hello\""), std::string("welcome")})
    EXPECT_EQ(captured.find(secret), std::string::npos) << "in clear on the wire: " << secret;
}

TEST_F(WebRoot, APlainFamilyViewCarriesNoProfessionalOnlyTextOnTheWire) {
  Host host(config(PlainConnections::FamilyView), sample_board());
  ASSERT_FALSE(host.start());
  WireRelay wifi(host.port());
  Client pro;
  JoinParams p = join_params(host, "pro", Role::Professional);
  p.port = wifi.port();
  pro.connect(p);
  ASSERT_TRUE(eventually([&] { return pro.status().state == ConnectionState::Connected; }));
  RawWs tablet(wifi.port());
  tablet.send(hello_json(host.join_code(), "family", "tablet"));
  std::string seen;
  ASSERT_TRUE(read_message(tablet, "welcome", seen));
  ASSERT_TRUE(pro.submit(card_op(pro, "c-secret", kSecretText, true)) == std::nullopt);
  ASSERT_TRUE(pro.submit(card_op(pro, "c-open", "Mor henter til tiden", false)) == std::nullopt);
  ASSERT_TRUE(read_message(tablet, "op", seen));
  read_for(tablet, seen);
  const std::string captured = wifi.captured();
  EXPECT_NE(captured.find("Mor henter til tiden"), std::string::npos);  // the plain family view is readable
  for (const std::string& secret : {std::string(kSecretText), std::string(kHiddenText), host.professional_code(),
                                    host.facilitator_key()})
    EXPECT_EQ(captured.find(secret), std::string::npos) << "in clear on the wire: " << secret;
}

}  // namespace
}  // namespace tavle::net::testing
