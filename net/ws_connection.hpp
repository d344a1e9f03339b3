// One WebSocket connection from this app to a host or server, always over TLS and
// checking the host (a pinned fingerprint or a CA, net/tls.hpp): resolve, connect,
// TLS, upgrade, first message, then read and write until it ends. Every step has a
// deadline. It is the one client connection of the app: net::Client (a meeting,
// reconnecting by itself) and net::DeskClient (a facilitator's requests to a
// server, net/desk_client.hpp) both use it. Runs on its owner's io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "net/tls.hpp"

namespace tavle::net {

// What a connection tells its owner, on the owner's network thread.
class ConnectionEvents {
 public:
  virtual ~ConnectionEvents() = default;
  virtual void on_text(const std::string& text) = 0;
  // Lost or failed; `code` e.g. no_answer (a step timed out).
  virtual void on_closed(const std::string& why, const std::string& code) = 0;
  // The host is not the one we were sent to (fingerprint or CA): retrying cannot help.
  virtual void on_wrong_host(const std::string& why) = 0;
};

class WsConnectionImpl;

class WsConnection {
 public:
  WsConnection(boost::asio::io_context& io, ConnectionEvents& events, boost::asio::ssl::context& tls,
               std::shared_ptr<HostCheckResult> check, std::string expected_fingerprint);
  // Connects to HOST:PORT, upgrades at `path` and sends `first` alone, before anything queued.
  void start(const std::string& host, unsigned short port, const std::string& path, std::string first);
  // Queues a message; what queues up while one frame is on the wire leaves as one array.
  void send(std::string text);
  // Says bye (a meeting's goodbye) and lets the host close.
  void close();
  // Closes the socket abruptly, as a network failure would.
  void cut();
  // The owner is going away: the connection never calls it again.
  void detach();

 private:
  std::shared_ptr<WsConnectionImpl> impl_;
};

// How long each step of a connection may take before it is reported as no_answer.
std::string silent_host_message();

}  // namespace tavle::net
