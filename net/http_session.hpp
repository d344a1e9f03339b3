// One HTTP connection of the host: serves the tablet page's files from the web
// root and hands WebSocket upgrades to a WsSession.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "net/session_limits.hpp"

namespace tavle::net {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  HttpSession(boost::asio::ip::tcp::socket&& socket, SessionContext& context);
  void run();

 private:
  void read_request();
  void on_read(boost::beast::error_code, std::size_t);
  Response answer(const Request&) const;
  void on_write(boost::beast::error_code, bool keep_alive);

  boost::beast::tcp_stream stream_;
  SessionContext& context_;
  std::string address_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<Response> response_;
};

}  // namespace tavle::net
