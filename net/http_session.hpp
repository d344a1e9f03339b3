// One HTTP connection of the host: serves the tablet page's files from the web
// root and hands WebSocket upgrades to a WsSession. The same code runs on a plain
// socket and on a TLS stream; start_session() tells them apart by the first byte
// the client sends (a TLS hello starts with 0x16), so one port serves both.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "net/session_limits.hpp"
#include "net/tls_socket.hpp"

namespace tavle::net {

using PlainStream = boost::asio::ip::tcp::socket;
using TlsStream = TlsSocket;  // net/tls_socket.hpp
using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// A new connection on the host's port: plain, or TLS when the host has a
// certificate and the client's first byte says so.
void start_session(boost::asio::ip::tcp::socket&& socket, SessionContext& context);

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `read` holds bytes already read from the socket (the first byte's test).
  HttpSession(Stream&& stream, SessionContext& context, std::string address, boost::beast::flat_buffer read);
  void run();

 private:
  static constexpr bool kEncrypted = std::is_same_v<Stream, TlsStream>;
  void arm_deadline();
  void read_request();
  void on_read(boost::beast::error_code, std::size_t);
  HttpResponse answer(const HttpRequest&) const;
  void on_write(boost::beast::error_code, bool keep_alive);
  void close();
  // What this connection may do: encrypted, or plain as the host's PlainConnections say.
  bool redirected() const { return !kEncrypted && context_.tls && context_.plain == PlainConnections::Redirected; }
  bool family_only() const { return !kEncrypted && context_.tls && context_.plain == PlainConnections::FamilyView; }

  Stream stream_;
  SessionContext& context_;
  std::string address_;
  boost::asio::steady_timer timer_;  // the TLS handshake and each request must come in time
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
  bool handed_over_ = false;  // stream_ went to a WsSession
};

}  // namespace tavle::net
