// One WebSocket connection of the host: reads messages into the meeting and
// writes what the meeting delivers. Keeps one write outstanding and gathers
// everything queued meanwhile into the next frame (one JSON array), so a burst
// costs one system call per connection, not one per message. A connection
// that falls too far behind has its queue dropped and gets a snapshot. Runs on a
// plain socket or a TLS stream (net/http_session.hpp).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <memory>
#include <deque>
#include <string>
#include <vector>

#include "net/meeting.hpp"
#include "net/session_limits.hpp"

namespace tavle::net {

template <class Stream>
class WsSession : public std::enable_shared_from_this<WsSession<Stream>>, public Peer {
 public:
  // `family_only`: a plain connection the facilitator allowed for the family view.
  // `routed`: the meeting its upgrade's path chose and the hold that keeps it loaded
  // until the connection ends; or none, and the refusal its first frame gets.
  WsSession(Stream&& stream, SessionContext& context, std::string address, bool family_only, Routed routed);

  // Completes the upgrade of `request` and starts reading.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  void deliver(const Frame&) override;
  void close_after_flush() override;
  const std::string& address() const override { return address_; }
  bool plain_family_only() const override { return family_only_; }

 private:
  void on_accept(boost::beast::error_code);
  void read_next();
  void on_read(boost::beast::error_code, std::size_t);
  void handle(std::string text);
  void pause_then_read(std::chrono::milliseconds pause);
  void write_queued();
  void on_write(boost::beast::error_code);
  void close_now();
  void finish(boost::beast::error_code);
  void refuse_no_meeting();
  void ask_desk(std::string text);

  // On the bare socket (or TLS over it): the WebSocket layer keeps its own
  // timeouts, and every write skips tcp_stream's timer bookkeeping.
  boost::beast::websocket::stream<Stream> ws_;
  SessionContext& context_;
  std::string address_;
  bool family_only_;
  Meeting* meeting_;            // null: no such meeting (refused after the hello)
  std::shared_ptr<void> hold_;  // released when the connection ends (net/server.hpp unloads)
  Frame refusal_;               // without a meeting: the answer (null: unknown_meeting)
  std::shared_ptr<DeskHandler> desk_;  // issue 18: the facilitators' desk instead of a meeting
  bool asked_ = false;                 // the desk's one request has been read
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer timer_;  // hello deadline, join slow-down, rate pauses
  std::deque<Frame> queue_;
  Frame current_;      // the lone message being written
  std::string batch_;  // the array frame being written when several messages queued up
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool flush_posted_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool finished_ = false;
};

}  // namespace tavle::net
