// Real sockets on 127.0.0.1: a host on an ephemeral port, and a raw WebSocket
// (probe::WsClient) that lets a test send exactly the bytes it wants and read with a deadline.
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
#include "probe/ws_client.hpp"

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

// A raw WebSocket that sends exactly the bytes a test wants and reads with a
// deadline: the tests' and benches' one client (probe/ws_client.hpp).
using RawWs = probe::WsClient;

}  // namespace tavle::net::testing
