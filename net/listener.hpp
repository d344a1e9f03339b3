// Accepts TCP connections on the host's port and starts an HttpSession for each.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>

#include "board/error.hpp"
#include "net/session_limits.hpp"

namespace tavle::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, SessionContext& context);

  std::optional<Error> listen(const boost::asio::ip::tcp::endpoint&);
  void start();
  void stop();
  unsigned short port() const;

 private:
  void accept_next();
  void back_off(const boost::system::error_code&);

  boost::asio::io_context& io_;
  boost::asio::steady_timer retry_;
  std::chrono::milliseconds pause_{0};  // grows while accepting keeps failing
  bool told_ = false;                   // the failure was logged (once until accepting works again)
  boost::asio::ip::tcp::acceptor acceptor_;
  SessionContext& context_;
};

}  // namespace tavle::net
