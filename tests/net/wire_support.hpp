// A relay on 127.0.0.1 between clients and the host, for the wire tests
// (docs/protocol.md, "Encryption"). Without an identity it passes bytes on
// unchanged and keeps a copy of everything: what someone on the Wi-Fi captures.
// With one it is a man in the middle: it answers TLS with its own certificate,
// talks TLS to the host (checking nothing), and keeps what it decrypted.
#pragma once

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "net/tls.hpp"

namespace tavle::net::testing {

class WireRelay {
 public:
  explicit WireRelay(unsigned short target, std::optional<TlsIdentity> intercept = std::nullopt)
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}), target_(target) {
    if (intercept) {
      server_ = server_context(*intercept);
      client_ = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
      client_->set_verify_mode(boost::asio::ssl::verify_none);  // an attacker checks nothing
    }
    accept_next();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~WireRelay() {
    io_.stop();
    thread_.join();
  }
  WireRelay(const WireRelay&) = delete;
  WireRelay& operator=(const WireRelay&) = delete;

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  // Every byte relayed either way (decrypted when intercepting).
  std::string captured() const {
    std::lock_guard lock(mutex_);
    return captured_;
  }
  std::size_t connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
  }

 private:
  using tcp = boost::asio::ip::tcp;
  using Tls = boost::asio::ssl::stream<tcp::socket&>;

  struct Pair : std::enable_shared_from_this<Pair> {
    Pair(WireRelay& relay, tcp::socket client) : relay(relay), client(std::move(client)), host(relay.io_) {}
    WireRelay& relay;
    tcp::socket client, host;
    std::unique_ptr<Tls> client_tls, host_tls;
    std::array<char, 16384> up{}, down{};

    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      host.close(ignored);
    }
    template <class From, class To>
    void pump(From& from, To& to, std::array<char, 16384>& buffer) {
      from.async_read_some(boost::asio::buffer(buffer), [self = this->shared_from_this(), &from, &to,
                                                        &buffer](boost::system::error_code ec, std::size_t n) {
        if (ec) return self->close();
        self->relay.record(buffer.data(), n);
        boost::asio::async_write(to, boost::asio::buffer(buffer.data(), n),
                                 [self, &from, &to, &buffer](boost::system::error_code ec, std::size_t) {
                                   if (ec) return self->close();
                                   self->pump(from, to, buffer);
                                 });
      });
    }
    void start() {
      boost::system::error_code ec;
      host.connect({boost::asio::ip::make_address("127.0.0.1"), relay.target_}, ec);
      if (ec) return close();
      if (!relay.server_) {
        pump(client, host, up);
        pump(host, client, down);
        return;
      }
      client_tls = std::make_unique<Tls>(client, *relay.server_);
      host_tls = std::make_unique<Tls>(host, *relay.client_);
      client_tls->async_handshake(boost::asio::ssl::stream_base::server,
                                  [self = shared_from_this()](boost::system::error_code ec) {
                                    if (ec) return self->close();
                                    self->host_tls->async_handshake(
                                        boost::asio::ssl::stream_base::client, [self](boost::system::error_code ec) {
                                          if (ec) return self->close();
                                          self->pump(*self->client_tls, *self->host_tls, self->up);
                                          self->pump(*self->host_tls, *self->client_tls, self->down);
                                        });
                                  });
    }
  };

  void record(const char* data, std::size_t n) {
    std::lock_guard lock(mutex_);
    captured_.append(data, n);
  }
  void accept_next() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      {
        std::lock_guard lock(mutex_);
        ++connections_;
      }
      std::make_shared<Pair>(*this, std::move(socket))->start();
      accept_next();
    });
  }

  std::shared_ptr<boost::asio::ssl::context> server_, client_;  // outlive the connections in io_
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short target_;
  mutable std::mutex mutex_;
  std::string captured_;
  std::size_t connections_ = 0;
  std::thread thread_;
};

}  // namespace tavle::net::testing
