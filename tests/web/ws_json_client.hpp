// A small blocking WebSocket client for the tablet tests: it speaks to the Tavle
// host (as a second client) and to Chromium's DevTools endpoint. Every read has a
// deadline, so a silent peer fails the test instead of hanging CTest.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tavle::webtest {

class WsJsonClient {
 public:
  WsJsonClient();
  ~WsJsonClient();
  WsJsonClient(const WsJsonClient&) = delete;
  WsJsonClient& operator=(const WsJsonClient&) = delete;

  // Throws std::runtime_error with the reason when the connection cannot be made.
  void connect(const std::string& host, unsigned short port, const std::string& path);
  void send(const nlohmann::json& message);
  // The next text frame as JSON, or nullopt when nothing arrived before `wait` ran out
  // or the peer closed. Frames that are not JSON throw.
  std::optional<nlohmann::json> receive(std::chrono::milliseconds wait);
  bool is_open() const;
  void close();

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
};

// One plain HTTP GET on loopback (DevTools' /json/list); returns the body.
std::string http_get(unsigned short port, const std::string& target, std::chrono::milliseconds wait);

}  // namespace tavle::webtest
