// [SECTION] one connection attempt: resolve, connect, TLS, upgrade, first message, read, write
#include "net/ws_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>

#include "net/protocol.hpp"

namespace tavle::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;

namespace {
constexpr std::size_t kMessagesPerFrame = 500;  // below the host's limit of 1000
constexpr std::chrono::seconds kAnswerWithin{5};  // connect, TLS handshake, WebSocket upgrade: each

// Every step of a join has a deadline: a host (or a network) that takes the
// connection and then says nothing is reported in words and retried, never waited on.
}  // namespace

std::string silent_host_message() {
  return "the host did not answer within " + std::to_string(kAnswerWithin.count()) +
         " s (is the address right, and does the network let the connection through?); trying again";
}

class WsConnectionImpl : public std::enable_shared_from_this<WsConnectionImpl> {
 public:
  WsConnectionImpl(asio::io_context& io, ConnectionEvents& events, asio::ssl::context& tls,
                   std::shared_ptr<HostCheckResult> check, std::string expected_fingerprint)
      : resolver_(io),
        ws_(io, tls),
        client_(&events),
        check_(std::move(check)),
        expected_fingerprint_(std::move(expected_fingerprint)) {}

  void start(const std::string& host, unsigned short port, const std::string& path, std::string first) {
    hello_ = std::move(first);
    host_ = host;
    path_ = path;
    resolver_.async_resolve(host, std::to_string(port),
                            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                              if (ec) return self->fail("cannot find the host: " + ec.message());
                              self->connect(r);
                            });
  }

  void send(std::string text) {
    if (dead_) return;
    queue_.push_back(std::move(text));
    if (!writing_ && open_) write_next();
  }

  void cut() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  void close() {
    if (dead_ || !open_) return cut();
    send(R"({"type":"bye"})");
  }

  // The client is going away: never call back into it again.
  void detach() { client_ = nullptr; }

 private:
  void connect(const tcp::resolver::results_type& results) {
    beast::get_lowest_layer(ws_).expires_after(kAnswerWithin);  // until the TLS handshake is done
    beast::get_lowest_layer(ws_).async_connect(results, [self = shared_from_this()](beast::error_code ec,
                                                                                   const tcp::endpoint&) {
      if (ec == beast::error::timeout) return self->fail(silent_host_message(), "no_answer");
      if (ec) return self->fail("cannot connect: " + ec.message());
      beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ec);
      self->encrypt();
    });
  }

  // TLS first, always: the host must prove it is the meeting in the join information.
  void encrypt() {
    boost::system::error_code ec;
    asio::ip::make_address(host_, ec);
    if (ec) SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), host_.c_str());  // a name, not an address
    *check_ = HostCheckResult{};
    ws_.next_layer().async_handshake(asio::ssl::stream_base::client, [self = shared_from_this()](beast::error_code ec) {
      if (!ec) return self->upgrade();
      if (self->check_->fingerprint_mismatch)
        return self->refuse_host(wrong_host_message(self->expected_fingerprint_, self->check_->seen_fingerprint));
      if (self->check_->untrusted) return self->refuse_host(untrusted_host_message(self->check_->seen_fingerprint));
      if (ec == beast::error::timeout) return self->fail(silent_host_message(), "no_answer");
      self->fail("no encrypted connection to the host (is it a Tavle meeting?): " + ec.message());
    });
  }

  void upgrade() {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kAnswerWithin;
    timeouts.idle_timeout = std::chrono::seconds(3);  // a dead host is noticed within seconds
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(64u << 20);  // snapshots of large boards
    ws_.text(true);
    ws_.async_handshake(host_, path_, [self = shared_from_this()](beast::error_code ec) {
      if (ec == beast::error::timeout) return self->fail(silent_host_message(), "no_answer");
      if (ec) return self->fail("the host did not accept the connection: " + ec.message());
      self->open_ = true;
      self->queue_.push_front(self->hello_);
      self->write_next();
      self->read_next();
    });
  }

  void read_next() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec == websocket::error::closed ? "the host closed the connection" : ec.message());
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (self->client_) self->client_->on_text(text);
      self->read_next();
    });
  }

  void write_next() {
    if (queue_.empty() || dead_) return;
    writing_ = true;
    if (queue_.size() == 1 || !hello_sent_) {  // the hello always travels alone
      hello_sent_ = true;
      current_ = std::move(queue_.front());
      queue_.pop_front();
    } else {
      // Everything queued while the last frame was on the wire leaves as one array.
      gather_array_frame(queue_, current_, kMessagesPerFrame, SIZE_MAX, [](const std::string& m) -> const std::string& { return m; });
    }
    ws_.async_write(asio::buffer(current_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) return self->fail("cannot send: " + ec.message());
      self->write_next();
    });
  }

  void refuse_host(const std::string& why) {
    if (dead_) return;
    dead_ = true;
    cut();
    if (client_) client_->on_wrong_host(why);
  }

  void fail(const std::string& why, const std::string& code = "") {
    if (dead_) return;
    dead_ = true;
    cut();
    if (client_) client_->on_closed(why, code);
  }

  tcp::resolver resolver_;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
  ConnectionEvents* client_;  // null once detached
  std::shared_ptr<HostCheckResult> check_;
  std::string expected_fingerprint_;
  std::string host_;
  std::string path_;  // the upgrade's target: /ws, /m/ID/ws or /facilitator on a server (issue 18)
  std::string hello_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::string current_;
  bool writing_ = false;
  bool hello_sent_ = false;
  bool open_ = false;
  bool dead_ = false;
};


WsConnection::WsConnection(asio::io_context& io, ConnectionEvents& events, asio::ssl::context& tls,
                           std::shared_ptr<HostCheckResult> check, std::string expected_fingerprint)
    : impl_(std::make_shared<WsConnectionImpl>(io, events, tls, std::move(check), std::move(expected_fingerprint))) {}

void WsConnection::start(const std::string& host, unsigned short port, const std::string& path, std::string first) {
  impl_->start(host, port, path, std::move(first));
}
void WsConnection::send(std::string text) { impl_->send(std::move(text)); }
void WsConnection::close() { impl_->close(); }
void WsConnection::cut() { impl_->cut(); }
void WsConnection::detach() { impl_->detach(); }

}  // namespace tavle::net
