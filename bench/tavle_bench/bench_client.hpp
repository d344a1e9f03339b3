// The lean benchmark client of tavle-bench and bench/server_load (one WebSocket
// client for the bench, issue 19: Beast's handshake and masked writes, the host's
// frames split by probe::split_frames), the ops its sender makes, and the figures
// read from a host process's /proc.
// [SECTION] the host process's CPU and memory
// [SECTION] one run: the connections of one meeting
// [SECTION] one benchmark connection
// [SECTION] the ops, the pace and the replay
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tavle::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using BenchClock = std::chrono::steady_clock;

// [SECTION] the host process's CPU and memory

// The `tavle` beside this program (the bench programs are built into the build directory's top).
std::string sibling_tavle();

// CPU time of every thread of a process, in microseconds (schedstat: nanoseconds on
// the CPU, user and kernel; /proc/PID/stat's 10 ms ticks are too coarse). Nullopt
// on a kernel without schedstat: no figure rather than a wrong one.
std::optional<double> cpu_us(pid_t pid);
// A line of /proc/PID/status in kB ("VmHWM", "VmRSS"), or -1.
long status_kb(pid_t pid, const std::string& field);
inline long peak_rss_kb(pid_t pid) { return status_kb(pid, "VmHWM"); }

// [SECTION] one run: the connections of one meeting

class BenchClient;

// One meeting's clients: connection 0 sends `ops` ops, one every `every` (0: all at
// once), starting `first_delay` after start_sending(); every connection notes when
// each op arrived. Several runs may share one io_context (bench/server_load).
struct Run {
  explicit Run(asio::io_context& io) : io(io), pacer(io) {}
  asio::io_context& io;
  int clients = 20;
  int ops = 2000;
  std::chrono::microseconds every{5000};
  std::chrono::microseconds first_delay{0};
  std::string target = "/ws";  // the upgrade's path: /m/ID on a `tavle server`
  std::vector<std::shared_ptr<BenchClient>> connections;
  std::vector<BenchClock::time_point> sent;
  std::vector<std::string> op_texts;  // made by make_ops once connection 0 has joined
  std::vector<std::string> kinds;     // of each op
  asio::steady_timer pacer;
  int joined = 0;
  int complete = 0;  // connections that have seen every op
  std::string failure;
  std::function<void()> on_joined;      // each welcome
  std::function<void()> on_all_joined;  // once every connection has its welcome
  std::function<void()> on_complete;    // every op at every connection; empty: io.stop()
  std::shared_ptr<asio::ssl::context> tls;  // clients speak TLS (checking nothing: a measurement)
  std::size_t read_bytes = 64 * 1024;       // each connection's read buffer (less for 10,000 of them)
};

// [SECTION] one benchmark connection

// A raw protocol client: it only notes when each bench op arrives and keeps the
// frames, which are replayed into a board after the clock has stopped.
//
// Receiving is deliberately lean: after Beast's handshake the client reads the
// socket itself and splits the host's (unmasked) frames, several per read when
// they arrived together. The receivers share one thread on the host's two
// cores, so whatever a receiver spends per message is added in series to the
// latency "to the last receiver" (a woken receiver preempts the host between
// its writes); on a LAN each device reads for itself. Writes (hello, ops,
// pongs) still go through Beast, which masks them.
class BenchClient : public std::enable_shared_from_this<BenchClient> {
 public:
  BenchClient(asio::io_context& io, Run& run, int index);
  void start(const tcp::endpoint& endpoint, const std::string& code);
  void send(std::string text, int op_index = -1);
  void close();  // shuts the socket (the server sees the connection go)

  std::vector<std::string> frames;           // every frame after welcome
  std::string welcome;
  std::vector<BenchClock::time_point> seen;  // when op i arrived here
  int received = 0;
  std::string participant_id;

 private:
  void read_next();
  void split_frames(BenchClock::time_point arrived);
  void answer_ping(std::string_view payload);
  void on_frame(std::string text, BenchClock::time_point arrived);
  void write_next();
  void upgrade();
  tcp::socket& socket() { return tls_ ? beast::get_lowest_layer(*tls_) : beast::get_lowest_layer(*plain_); }
  // The same code on either stream (--tls: TLS, like the native client).
  template <class F>
  void with_ws(F&& f) {
    if (tls_) f(*tls_);
    else f(*plain_);
  }

  std::unique_ptr<websocket::stream<tcp::socket>> plain_;
  std::unique_ptr<websocket::stream<beast::ssl_stream<tcp::socket>>> tls_;
  Run& run_;
  int index_;
  std::string hello_;
  std::vector<char> chunk_;             // one read from the socket
  std::string unparsed_;                // bytes not yet split into frames
  std::string message_;                 // a fragmented message being joined
  bool ponging_ = false;
  bool closed_ = false;
  std::deque<std::pair<std::string, int>> queue_;  // text, bench op index or -1
  std::string current_;
  bool writing_ = false;
};

// [SECTION] the ops, the pace and the replay

// A realistic mix for one person typing at a meeting: add a card (25 %), edit a
// card's text (35 %), move a card (20 %), set their own rating (20 %). `kinds`
// gets each op's kind. The cards are named `card_prefix` + a number: a run on a
// store an earlier run wrote to needs a prefix of its own, or its add_card ops are
// rejected ("exists") and never reach anyone.
std::vector<std::string> make_ops(int count, const std::string& author, std::uint64_t seed,
                                  std::vector<std::string>& kinds, const std::string& card_prefix = "bc-");
// Connection 0 sends run.op_texts at run.every (all at once when it is 0).
void start_sending(Run& run);
// Replays what one connection received into a replica and returns its hash.
std::string replica_hash(const BenchClient& c);
double percentile(std::vector<double> v, double p);

}  // namespace tavle::bench
