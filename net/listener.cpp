#include "net/listener.hpp"

#include <boost/asio/strand.hpp>
#include <algorithm>
#include <cstdio>

#include "net/http_session.hpp"

namespace tavle::net {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, SessionContext& context)
    : io_(io), retry_(io), acceptor_(io), context_(context) {}

std::optional<Error> Listener::listen(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Error{"io", "cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) +
                           ": " + ec.message()};
  return std::nullopt;
}

void Listener::start() { accept_next(); }

void Listener::stop() {
  retry_.cancel();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

unsigned short Listener::port() const {
  boost::system::error_code ec;
  const auto endpoint = acceptor_.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Listener::accept_next() {
  acceptor_.async_accept(io_, [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (!ec) {
      self->pause_ = std::chrono::milliseconds(0);
      self->told_ = false;
      socket.set_option(tcp::no_delay(true), ec);
      start_session(std::move(socket), self->context_);
    } else if (ec != asio::error::connection_aborted) {
      return self->back_off(ec);
    }
    self->accept_next();
  });
}

// Out of file descriptors (or another lasting failure): accepting again at once
// would spin and fill the log. Wait 10 ms doubling to 1 s, and say it once.
void Listener::back_off(const boost::system::error_code& ec) {
  if (!told_) {
    told_ = true;
    std::fprintf(stderr, "tavle host: accept failed: %s; new connections wait until it works again\n",
                 ec.message().c_str());
  }
  pause_ = std::clamp(pause_ * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  retry_.expires_after(pause_);
  retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec && self->acceptor_.is_open()) self->accept_next();
  });
}

}  // namespace tavle::net
