#include "net/listener.hpp"

#include <boost/asio/strand.hpp>
#include <cstdio>

#include "net/http_session.hpp"

namespace tavle::net {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, SessionContext& context) : io_(io), acceptor_(io), context_(context) {}

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
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<HttpSession>(std::move(socket), self->context_)->run();
    } else if (ec != asio::error::connection_aborted) {
      std::fprintf(stderr, "tavle host: accept failed: %s\n", ec.message().c_str());
    }
    self->accept_next();
  });
}

}  // namespace tavle::net
