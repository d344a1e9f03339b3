// Real sockets on 127.0.0.1: a host on an ephemeral port, and a raw WebSocket
// that lets a test send exactly the bytes it wants and read with a deadline.
// The host has a certificate (the native Client always uses TLS and pins it)
// and, for these tests only, also takes plain connections for every role.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "board/hash.hpp"
#include "net/client.hpp"
#include "net/host.hpp"

namespace tavle::net::testing {

namespace beast = boost::beast;
namespace asio = boost::asio;

// One self-signed certificate per test program (made in a few milliseconds).
inline const TlsIdentity& test_identity() {
  static const TlsIdentity identity = [] {
    TlsIdentity made;
    if (auto e = make_self_signed_identity(made)) throw std::runtime_error(e->message);
    return made;
  }();
  return identity;
}

inline HostConfig loopback_config() {
  HostConfig c;
  c.tls = test_identity();
  c.plain = PlainConnections::Everyone;  // RawWs speaks plain WebSocket
  c.address = "127.0.0.1";
  c.port = 0;
  c.meeting.join_code = "246810";
  c.meeting.messages_per_second = 0;
  c.session.idle_timeout = std::chrono::milliseconds(1000);
  c.session.hello_timeout = std::chrono::milliseconds(1000);
  c.session.max_frame_bytes = 16 * 1024;
  return c;
}

// Polls `done` until it holds or ten seconds pass (a bound, not a timing assertion).
inline bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

inline JoinParams join_params(const Host& host, const std::string& id, Role role) {
  JoinParams p;
  p.port = host.port();
  p.code = host.join_code();
  p.name = "Navn " + id;
  p.role = role;
  p.client_id = id;
  p.fingerprint = host.fingerprint();
  if (role == Role::Facilitator) p.facilitator_key = host.facilitator_key();
  if (role == Role::Professional) p.professional_code = host.professional_code();  // not the room's code alone
  return p;
}

// Connects `client` as `id` in `role` and waits until it has joined.
inline bool join_and_wait(Client& client, const Host& host, const std::string& id, Role role) {
  client.connect(join_params(host, id, role));
  return eventually([&] { return client.status().state == ConnectionState::Connected; });
}

// The board `client` should hold: the host's board as its audience sees it.
inline std::string expected_hash(Host& host, Role role, const std::string& participant) {
  std::string hash;
  host.inspect([&](const Meeting& m) { hash = state_hash_hex(view_for(m.board(), audience_of(role), participant)); });
  return hash;
}

class RawWs {
 public:
  // `from`: the local address to connect from (any of 127.0.0.0/8 on Linux), so a
  // test can play many machines.
  explicit RawWs(unsigned short port, const std::string& from = "") : ws_(io_) {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    if (!from.empty()) {
      auto& socket = beast::get_lowest_layer(ws_).socket();
      socket.open(asio::ip::tcp::v4());
      socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(from), 0));
    }
    beast::get_lowest_layer(ws_).connect(endpoint);
    ws_.handshake("127.0.0.1", "/ws");
    ws_.text(true);
  }
  void send(const std::string& text) { ws_.write(asio::buffer(text)); }
  void send_hello(const std::string& code, const std::string& role, const std::string& id,
                  const std::string& extra = "") {
    send(R"({"type":"hello","protocol":1,"code":")" + code + R"(","name":"Raw )" + id + R"(","role":")" + role +
         R"(","client_id":")" + id + R"(","last_seq":0)" + extra + "}");
  }
  // The next text frame, or nullopt when the connection ended or nothing came in time.
  std::optional<std::string> read(std::chrono::milliseconds within = std::chrono::milliseconds(5000)) {
    beast::flat_buffer buffer;
    beast::error_code result = asio::error::would_block;
    ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
    io_.restart();
    io_.run_for(within);
    if (result == asio::error::would_block) {
      // A cancelled read may leave Beast answering a ping or closing politely,
      // waiting on the host; a closed socket ends all of that at once.
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run_for(std::chrono::milliseconds(500));
      if (!io_.stopped()) {
        beast::error_code ignored;
        socket().close(ignored);
        io_.restart();
        io_.run();
      }
      closed_ = true;
      timed_out_ = true;
      return std::nullopt;
    }
    if (result) {
      closed_ = true;
      return std::nullopt;
    }
    return beast::buffers_to_string(buffer.data());
  }
  // Reads until a frame contains `needle`; every frame read is appended to `seen`.
  std::optional<std::string> read_until(const std::string& needle, std::string* seen = nullptr) {
    for (int i = 0; i < 1000; ++i) {
      auto text = read();
      if (!text) return std::nullopt;
      if (seen) *seen += *text;
      if (text->find(needle) != std::string::npos) return text;
    }
    return std::nullopt;
  }
  bool closed() const { return closed_; }
  // The last read ended because nothing came in time (the connection was open).
  bool timed_out() const { return timed_out_; }
  unsigned short close_code() const { return ws_.reason().code; }
  asio::ip::tcp::socket& socket() { return beast::get_lowest_layer(ws_).socket(); }

 private:
  asio::io_context io_;
  beast::websocket::stream<beast::tcp_stream> ws_;
  bool closed_ = false;
  bool timed_out_ = false;
};

}  // namespace tavle::net::testing
