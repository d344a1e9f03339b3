#include "tests/web/tcp_relay.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <future>

namespace tavle::webtest {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One relayed connection: bytes copied both ways until either side closes. What
// the host sends on a WebSocket is cut into frames, so whole messages can be dropped.
struct TcpRelay::Pair : std::enable_shared_from_this<Pair> {
  Pair(asio::io_context& io, TcpRelay& relay) : browser(io), host(io), relay(relay), up_timer(io), down_timer(io) {}
  tcp::socket browser;
  tcp::socket host;
  TcpRelay& relay;
  std::array<char, 16384> to_host{};
  std::array<char, 16384> to_browser{};
  std::string from_host;        // read from the host, not yet passed on
  bool response_read = false;   // the host's HTTP response header has gone by, or it speaks TLS
  bool websocket = false;       // ... and it was a plain "101 Switching Protocols"
  asio::steady_timer up_timer, down_timer;  // delays and pauses, one per direction
  std::chrono::steady_clock::time_point paused_until{};
  bool cut_mid_frame = false;   // pass half of the next chunk from the host, then close

  // When a chunk read now may be passed on: after the relay's delay and any pause.
  std::chrono::steady_clock::time_point release_time() const {
    return std::max(std::chrono::steady_clock::now() + relay.delay_, paused_until);
  }

  void start() {
    pump_to_host();
    pump_to_browser();
  }
  void close() {
    boost::system::error_code ec;
    browser.close(ec);
    host.close(ec);
  }
  void pump_to_host() {
    browser.async_read_some(asio::buffer(to_host), [self = shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->close();
      self->up_timer.expires_at(self->release_time());
      self->up_timer.async_wait([self, n](auto) {
        asio::async_write(self->host, asio::buffer(self->to_host.data(), n), [self](auto ec2, std::size_t) {
          if (ec2) return self->close();
          self->pump_to_host();
        });
      });
    });
  }
  void pump_to_browser() {
    host.async_read_some(asio::buffer(to_browser), [self = shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->close();
      self->from_host.append(self->to_browser.data(), n);
      auto out = std::make_shared<std::string>(self->passable());
      const bool cut = self->cut_mid_frame && out->size() >= 2;
      if (cut) out->resize(out->size() / 2);
      self->down_timer.expires_at(self->release_time());
      self->down_timer.async_wait([self, out, cut](auto) {
        asio::async_write(self->browser, asio::buffer(*out), [self, out, cut](auto ec2, std::size_t) {
          if (ec2 || cut) return self->close();
          self->pump_to_browser();
        });
      });
    });
  }
  // Takes from `from_host` what may go to the browser now: the HTTP header, then
  // every complete WebSocket frame the relay does not drop (the rest waits).
  std::string passable() {
    std::string out;
    // An encrypted connection (the native clients' TLS, https/wss) starts with the
    // host's TLS handshake, not "HTTP/": its bytes go on as they come, since the
    // relay cannot see frames inside it (cut_mid_frame then cuts inside a TLS record,
    // which holds the frame; dropping messages works on plain connections only).
    if (!response_read && !from_host.empty() && from_host[0] != 'H') response_read = true;
    if (!response_read) {
      const auto end = from_host.find("\r\n\r\n");
      if (end == std::string::npos) return out;
      response_read = true;
      websocket = from_host.rfind("HTTP/1.1 101", 0) == 0;
      out = from_host.substr(0, end + 4);
      from_host.erase(0, end + 4);
    }
    if (!websocket) {
      out += from_host;
      from_host.clear();
      return out;
    }
    while (const std::size_t size = frame_size()) {
      std::string frame = from_host.substr(0, size);
      from_host.erase(0, size);
      const bool data_frame = (static_cast<unsigned char>(frame[0]) & 0x0f) < 0x8;
      if (!(data_frame && relay.drops(frame))) out += frame;
    }
    return out;
  }
  // The size of the complete frame at the front of `from_host`, or 0 if it is not all here.
  std::size_t frame_size() const {
    const auto byte = [this](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(from_host[i])); };
    if (from_host.size() < 2) return 0;
    std::uint64_t length = byte(1) & 0x7f;
    std::size_t header = 2;
    if (length == 126 || length == 127) {
      const std::size_t bytes = length == 126 ? 2 : 8;
      if (from_host.size() < 2 + bytes) return 0;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) length = length << 8 | byte(2 + i);
      header += bytes;
    }
    if (byte(1) & 0x80) header += 4;  // a mask key (hosts do not mask, but be exact)
    return from_host.size() < header + length ? 0 : header + static_cast<std::size_t>(length);
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
  auto pair = std::make_shared<Pair>(io_, *this);
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


void TcpRelay::drop_messages_to_browser_until(const std::string& needle) {
  {
    std::lock_guard lock(dropped_mutex_);
    dropped_ = false;
  }
  std::promise<void> done;
  asio::post(io_, [this, &done, needle] {
    drop_until_ = needle;
    done.set_value();
  });
  done.get_future().wait();
}

bool TcpRelay::drops(const std::string& frame) {
  if (drop_until_.empty()) return false;
  if (frame.find(drop_until_) != std::string::npos) {
    drop_until_.clear();
    std::lock_guard lock(dropped_mutex_);
    dropped_ = true;
    dropped_changed_.notify_all();
  }
  return true;
}

template <class F>
auto TcpRelay::on_io_thread(F f) -> decltype(f()) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto result = task.get_future();
  asio::post(io_, [&task] { task(); });
  return result.get();
}

std::shared_ptr<TcpRelay::Pair> TcpRelay::pick_pair(std::size_t pick) {
  std::vector<std::shared_ptr<Pair>> open;
  for (auto& weak : pairs_)
    if (auto pair = weak.lock(); pair && pair->browser.is_open()) open.push_back(pair);
  pairs_.assign(open.begin(), open.end());  // forget the closed ones while here
  return open.empty() ? nullptr : open[pick % open.size()];
}

void TcpRelay::set_delay(std::chrono::milliseconds delay) {
  on_io_thread([this, delay] { delay_ = delay; });
}

bool TcpRelay::drop_connection(std::size_t pick) {
  return on_io_thread([this, pick] {
    auto pair = pick_pair(pick);
    if (pair) pair->close();
    return pair != nullptr;
  });
}

bool TcpRelay::pause_connection(std::size_t pick, std::chrono::milliseconds how_long) {
  return on_io_thread([this, pick, how_long] {
    auto pair = pick_pair(pick);
    if (pair) pair->paused_until = std::chrono::steady_clock::now() + how_long;
    return pair != nullptr;
  });
}

bool TcpRelay::cut_mid_frame(std::size_t pick) {
  return on_io_thread([this, pick] {
    auto pair = pick_pair(pick);
    if (pair) pair->cut_mid_frame = true;
    return pair != nullptr;
  });
}

std::size_t TcpRelay::open_connections() {
  return on_io_thread([this] {
    std::size_t n = 0;
    for (auto& weak : pairs_)
      if (auto pair = weak.lock(); pair && pair->browser.is_open()) ++n;
    return n;
  });
}

bool TcpRelay::wait_until_dropped(std::chrono::milliseconds limit) {
  std::unique_lock lock(dropped_mutex_);
  return dropped_changed_.wait_for(lock, limit, [this] { return dropped_; });
}

}  // namespace tavle::webtest
