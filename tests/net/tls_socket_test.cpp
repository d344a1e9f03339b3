// issue 18: the server's TLS connection without Boost.Asio's ssl::stream
// (net/tls_socket.hpp). Against Beast's ssl_stream, the client every app uses:
// a megabyte each way with a read and a write outstanding together (as Beast's
// WebSocket stream has them), and the ways a peer goes wrong: it vanishes while
// the server writes, it closes without close_notify,
// it sends a TLS record's first byte and then something else.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "net/tls.hpp"
#include "net/tls_socket.hpp"
#include "tests/net/loopback_support.hpp"

namespace tavle::net::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

// A server TlsSocket and a connected client, both on `io`.
struct Pair {
  asio::io_context io;
  std::shared_ptr<asio::ssl::context> server_context = server_context_of_test_identity();
  asio::ssl::context client_context{asio::ssl::context::tls_client};
  std::optional<TlsSocket> server;
  std::optional<boost::beast::ssl_stream<tcp::socket>> client;

  static std::shared_ptr<asio::ssl::context> server_context_of_test_identity() {
    return net::server_context(test_identity());
  }

  // Connects; with `handshake`, both sides' handshakes are done on return.
  void connect(bool handshake = true) {
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    tcp::socket accepted(io);
    client_context.set_verify_mode(asio::ssl::verify_none);  // the test's own certificate
    client.emplace(io, client_context);
    client->next_layer().connect(acceptor.local_endpoint());
    acceptor.accept(accepted);
    server.emplace(std::move(accepted), *server_context);
    if (!handshake) return;
    error_code server_ec = asio::error::would_block, client_ec = asio::error::would_block;
    server->async_handshake([&](error_code ec) { server_ec = ec; });
    client->async_handshake(asio::ssl::stream_base::client, [&](error_code ec) { client_ec = ec; });
    io.run();
    io.restart();
    ASSERT_FALSE(server_ec) << server_ec.message();
    ASSERT_FALSE(client_ec) << client_ec.message();
  }
};

std::string pattern(std::size_t size, char seed) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>(seed + i * 31 + (i >> 9));
  return s;
}

TEST(TlsSocket, CarriesAMegabyteEachWayWithAReadAndAWriteOutstandingTogether) {
  Pair p;
  p.connect();
  constexpr std::size_t kSize = 1 << 20;
  const std::string to_client = pattern(kSize, 'a'), to_server = pattern(kSize, 'z');
  std::string at_client(kSize, '\0'), at_server(kSize, '\0');
  error_code e1, e2, e3, e4;
  // The server writes a header and a body as two buffers (a WebSocket frame's shape).
  const std::vector<asio::const_buffer> frame = {asio::buffer(to_client.data(), 10),
                                                 asio::buffer(to_client.data() + 10, kSize - 10)};
  asio::async_write(*p.server, frame, [&](error_code ec, std::size_t) { e1 = ec; });
  asio::async_read(*p.server, asio::buffer(at_server), [&](error_code ec, std::size_t) { e2 = ec; });
  asio::async_write(*p.client, asio::buffer(to_server), [&](error_code ec, std::size_t) { e3 = ec; });
  asio::async_read(*p.client, asio::buffer(at_client), [&](error_code ec, std::size_t) { e4 = ec; });
  p.io.run();
  EXPECT_FALSE(e1 || e2 || e3 || e4) << e1.message() << " / " << e2.message() << " / " << e3.message() << " / "
                                     << e4.message();
  EXPECT_TRUE(at_server == to_server);
  EXPECT_TRUE(at_client == to_client);
}

// [attack] A tablet whose Wi-Fi drops while the server writes to it: the write and
// the read waiting beside it end in errors, and nothing else happens to the process
// (with SIGPIPE at its default action: the BIO sends with MSG_NOSIGNAL).
TEST(TlsSocket, APeerThatVanishesWhileTheServerWritesEndsTheWriteAndTheReadWithErrors) {
  Pair p;
  p.connect();
  // Boost.Asio's io_context ignores SIGPIPE when it is made; a process may set it back.
  const auto old = std::signal(SIGPIPE, SIG_DFL);
  const std::string big = pattern(32 << 20, 'q');  // more than both sockets' buffers hold
  error_code written, read;
  char byte = 0;
  // As a WebSocket session has them: a read waiting while the write goes on.
  p.server->async_read_some(asio::buffer(&byte, 1), [&](error_code ec, std::size_t) { read = ec; });
  asio::async_write(*p.server, asio::buffer(big), [&](error_code ec, std::size_t) { written = ec; });
  p.io.run_for(std::chrono::milliseconds(100));  // the socket's buffers fill
  // Gone at once, with a reset rather than an orderly close.
  linger hard{1, 0};
  ::setsockopt(p.client->next_layer().native_handle(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  p.client->next_layer().close();
  p.io.run();
  std::signal(SIGPIPE, old);
  EXPECT_TRUE(written) << "the write of 32 MB to a peer that is gone ended without an error";
  EXPECT_TRUE(read);
}

TEST(TlsSocket, APeerThatClosesWithoutCloseNotifyEndsTheReadAsATruncatedStream) {
  Pair p;
  p.connect();
  error_code read_ec;
  char byte = 0;
  p.server->async_read_some(asio::buffer(&byte, 1), [&](error_code ec, std::size_t) { read_ec = ec; });
  // Its side of the connection ends (a FIN; a close with the server's session
  // tickets still unread would be a reset, which the sessions take as a peer gone too).
  p.client->next_layer().shutdown(tcp::socket::shutdown_send);
  p.io.run();
  EXPECT_EQ(read_ec, asio::ssl::error::stream_truncated) << read_ec.message();
}

TEST(TlsSocket, AClosingHandshakeEndsCleanlyOnBothSides) {
  Pair p;
  p.connect();
  error_code server_ec = asio::error::would_block, client_ec = asio::error::would_block;
  p.server->async_shutdown([&](error_code ec) { server_ec = ec; });
  p.client->async_shutdown([&](error_code ec) { client_ec = ec; });
  p.io.run();
  EXPECT_FALSE(server_ec) << server_ec.message();
  EXPECT_FALSE(client_ec) << client_ec.message();
}

// [attack] The first byte of a TLS record, then anything but a TLS hello: the
// handshake fails with an error and the server goes on.
TEST(TlsSocket, NotAHelloAfterTheFirstByteFailsTheHandshake) {
  Pair p;
  p.connect(false);
  const std::string garbage = "\x16\x03\x01\xff\xffGET / HTTP/1.1\r\n\r\n" + std::string(4096, 'x');
  asio::write(p.client->next_layer(), asio::buffer(garbage));
  error_code server_ec;
  bool done = false;
  p.server->async_handshake([&](error_code ec) {
    server_ec = ec;
    done = true;
  });
  p.io.run_for(std::chrono::seconds(10));
  ASSERT_TRUE(done);
  EXPECT_TRUE(server_ec);
}

// OpenSSL can stop an operation with an error that puts nothing in its error queue
// (here a certificate callback that asks to be called again). That was taken as
// success: a handshake reported done that never happened, then reads of nothing.
TEST(TlsSocket, AnOpenSslStopWithoutAQueuedErrorIsAnErrorNotASuccess) {
  Pair p;
  SSL_CTX_set_cert_cb(p.server_context->native_handle(), [](SSL*, void*) { return -1; }, nullptr);
  p.connect(false);
  error_code server_ec;
  bool done = false;
  p.server->async_handshake([&](error_code ec) {
    server_ec = ec;
    done = true;
    p.io.stop();  // the client waits for an answer that will not come
  });
  p.client->async_handshake(asio::ssl::stream_base::client, [](error_code) {});
  p.io.run_for(std::chrono::seconds(10));
  ASSERT_TRUE(done);
  EXPECT_TRUE(server_ec) << "a handshake OpenSSL did not finish was reported done";
}

// A connection moved onto another frees the one it replaces (LeakSanitizer, in CI's
// sanitized run, fails the test otherwise), and the moved one still works.
TEST(TlsSocket, MovingAConnectionOntoAnotherFreesTheOneItReplaces) {
  Pair p;
  p.connect();
  Pair other;
  other.connect();
  *other.server = std::move(*p.server);
  const std::string hello = "hej";
  asio::write(p.client.value(), asio::buffer(hello));
  std::string got(hello.size(), '\0');
  error_code read_ec;
  asio::async_read(*other.server, asio::buffer(got), [&](error_code ec, std::size_t) { read_ec = ec; });
  p.io.run_for(std::chrono::seconds(10));
  EXPECT_FALSE(read_ec) << read_ec.message();
  EXPECT_EQ(got, hello);
}

}  // namespace
}  // namespace tavle::net::testing
