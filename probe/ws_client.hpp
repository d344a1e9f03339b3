// The one WebSocket client of the tests and the benches: it speaks to a host on
// loopback as any peer might, byte for byte what the caller writes, and every read
// has a deadline so a silent peer fails a test instead of hanging CTest. The net
// tests (raw frames, floods, many machines from 127.0.0.0/8), the tablet tests
// (Chromium's DevTools endpoint), bench/flood and bench/blind_round use it. The app
// itself speaks through net::Client (TLS, reconnects, the replica); tavle-bench's
// lean receiver reads its frames with split_frames() below.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace tavle::probe {

struct WsOptions {
  std::string from;                     // the local address to connect from (any of 127.0.0.0/8): many machines
  std::string path = "/ws";             // the upgrade's target
  std::string host_header = "127.0.0.1";  // what the upgrade request's Host says
  std::string origin;                   // an Origin header, as a browser would send (empty: none)
  bool no_delay = false;                // TCP_NODELAY, for latency measurements
};

class WsClient {
 public:
  // Connects to 127.0.0.1:port and upgrades; throws boost::system::system_error (a
  // std::runtime_error) naming what failed.
  explicit WsClient(unsigned short port, const std::string& from = "");
  WsClient(unsigned short port, const WsOptions& options);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // One text frame with exactly these bytes; throws when the connection is gone.
  void send(const std::string& text);
  // A protocol hello (docs/protocol.md) with `extra` JSON members appended.
  void send_hello(const std::string& code, const std::string& role, const std::string& id,
                  const std::string& extra = "");
  // The next text frame, or nullopt when the connection ended or nothing came in
  // time (then the connection is closed: a read that timed out leaves no state behind).
  std::optional<std::string> read(std::chrono::milliseconds within = std::chrono::milliseconds(5000));
  // Reads until a frame contains `needle`; every frame read is appended to `seen`.
  std::optional<std::string> read_until(const std::string& needle, std::string* seen = nullptr);
  bool closed() const { return closed_; }
  // The last read ended because nothing came in time (the connection was open).
  bool timed_out() const { return timed_out_; }
  unsigned short close_code() const { return ws_.reason().code; }
  boost::asio::ip::tcp::socket& socket() { return boost::beast::get_lowest_layer(ws_).socket(); }
  // A polite close (close frame), then the socket.
  void close();

  // From now on the client reads on a thread of its own, as a browser would: it keeps
  // answering the host's pings while the caller is busy elsewhere (driving Chromium).
  // Every text frame goes to `on_text`, on that thread; `on_closed` once when the
  // connection ends. send() may then be called from any thread (writes are queued on
  // the reading thread); read() may not be called any more.
  void read_in_background(std::function<void(std::string)> on_text, std::function<void()> on_closed);

 private:
  void read_next();
  void write_front();

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  bool closed_ = false;
  bool timed_out_ = false;
  // read_in_background(): the thread, what it calls, and the writes waiting for it.
  std::thread reader_;
  std::function<void(std::string)> on_text_;
  std::function<void()> on_closed_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> outgoing_;  // touched on the reading thread only
};

// RFC 6455 section 5.2 frames as a host sends them (unmasked), split from bytes as
// they came off the socket: `bytes` keeps what is not a whole frame yet, `message`
// a fragmented message being joined. Calls `on_text` for each whole text message
// and `on_ping` for each ping's payload. Returns false on a close frame or a masked
// frame (a host never masks), with `why` saying which.
bool split_frames(std::string& bytes, std::string& message, const std::function<void(std::string)>& on_text,
                  const std::function<void(std::string_view)>& on_ping, std::string& why);

}  // namespace tavle::probe
