#include "tests/web/tcp_relay.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <future>

namespace tavle::webtest {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One relayed connection: bytes copied both ways until either side closes.
struct TcpRelay::Pair : std::enable_shared_from_this<Pair> {
  explicit Pair(asio::io_context& io) : browser(io), host(io) {}
  tcp::socket browser;
  tcp::socket host;
  std::array<char, 16384> to_host{};
  std::array<char, 16384> to_browser{};

  void start() {
    pump(browser, host, to_host);
    pump(host, browser, to_browser);
  }
  void close() {
    boost::system::error_code ec;
    browser.close(ec);
    host.close(ec);
  }
  void pump(tcp::socket& from, tcp::socket& to, std::array<char, 16384>& buffer) {
    from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](auto ec, std::size_t n) {
      if (ec) return self->close();
      asio::async_write(to, asio::buffer(buffer.data(), n), [self, &from, &to, &buffer](auto ec2, std::size_t) {
        if (ec2) return self->close();
        self->pump(from, to, buffer);
      });
    });
  }
};

TcpRelay::TcpRelay(unsigned short target_port)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), target_port_(target_port) {
  port_ = acceptor_.local_endpoint().port();
  accept_next();
  thread_ = std::thread([this] { io_.run(); });
}

TcpRelay::~TcpRelay() {
  asio::post(io_, [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
    for (auto& weak : pairs_)
      if (auto pair = weak.lock()) pair->close();
  });
  thread_.join();
}

void TcpRelay::accept_next() {
  auto pair = std::make_shared<Pair>(io_);
  acceptor_.async_accept(pair->browser, [this, pair](boost::system::error_code ec) {
    if (ec) return;  // the acceptor closed: the relay is going away
    accept_next();
    if (down_) return pair->close();
    boost::system::error_code connect_error;
    pair->host.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), target_port_), connect_error);
    if (connect_error) return pair->close();
    pairs_.push_back(pair);
    pair->start();
  });
}

void TcpRelay::cut() {
  std::promise<void> done;
  asio::post(io_, [this, &done] {
    down_ = true;
    for (auto& weak : pairs_)
      if (auto pair = weak.lock()) pair->close();
    pairs_.clear();
    done.set_value();
  });
  done.get_future().wait();
}

void TcpRelay::restore() {
  std::promise<void> done;
  asio::post(io_, [this, &done] {
    down_ = false;
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace tavle::webtest
