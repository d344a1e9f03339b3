// What one connection may cost the host: frame size, queued output, timeouts.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace boost::asio::ssl {
class context;
}

namespace tavle::net {

class Meeting;

// What a connection without TLS may do on a host that has a certificate
// (docs/protocol.md, "Encryption"). One port serves both: the first byte of a
// TLS hello (0x16) tells them apart.
enum class PlainConnections {
  Redirected,  // the default: a plain request is sent on to https://, a plain WebSocket refused
  FamilyView,  // the facilitator allowed the family view over plain HTTP for this meeting:
               // family and viewer connections only (`tavle host --allow-plain-family`)
  Everyone,    // tests and benches only (a plain client beside a TLS one); no option chooses it
};

struct SessionLimits {
  std::size_t max_frame_bytes = 256 * 1024;  // larger frames close with 1009
  std::size_t max_queue_messages = 4096;     // beyond either, the queue is dropped
  std::size_t max_queue_bytes = 4 << 20;     //   and the client gets a snapshot
  std::chrono::milliseconds hello_timeout{5000};
  std::chrono::milliseconds idle_timeout{3000};  // no pong for this long: dead
  std::chrono::milliseconds http_timeout{15000};
};

// Where a WebSocket upgrade goes: its meeting, and a hold that keeps that meeting
// loaded while the connection lives (null for a host's one meeting); or no meeting,
// and the refusal its first frame is answered with (null: `unknown_meeting`).
// issue 18: a connection to a server's facilitators' desk (/facilitator, net/desk.hpp)
// instead of a meeting. It asks once; `reply` (network thread) sends the answer and
// closes, and does nothing once the connection has ended.
using DeskReply = std::function<void(std::shared_ptr<const std::string> frame)>;
class DeskHandler {
 public:
  virtual ~DeskHandler() = default;
  // `encrypted`: the connection is TLS (a sign-in never travels in clear).
  virtual void ask(const std::string& text, const std::string& address, bool encrypted, DeskReply reply) = 0;
};

struct Routed {
  Meeting* meeting = nullptr;
  std::shared_ptr<void> hold;
  std::shared_ptr<const std::string> refusal;  // a protocol frame (net/protocol.hpp's Frame)
  std::shared_ptr<DeskHandler> desk;           // issue 18: the facilitators' desk, not a meeting
};
using MeetingFound = std::function<void(Routed)>;
// Picks the meeting for the upgrade's target path, from the peer's address; calls `found`
// on the network thread, at once or once the meeting is loaded (net/server.hpp).
using MeetingRoute = std::function<void(std::string_view target, const std::string& address, MeetingFound found)>;

// What every session of one host (or of one server of many meetings) shares.
struct SessionContext {
  MeetingRoute route;
  SessionLimits limits;
  std::filesystem::path web_root;  // empty: no web page is served
  boost::asio::ssl::context* tls = nullptr;  // null: no TLS, every connection is plain (tests, benches)
  PlainConnections plain = PlainConnections::Everyone;  // with tls: what a plain connection may do
};

}  // namespace tavle::net
