// A loopback TCP relay between the browser and the host that the test can cut,
// like a tablet's Wi-Fi dropping: cut() closes every relayed connection and turns
// new ones away until restore(). DevTools' offline emulation cannot do this: it
// leaves open WebSockets running. It can also drop the host's WebSocket messages
// to the browser, as a host whose queue for a slow tablet fell behind drops them.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tavle::webtest {

class TcpRelay {
 public:
  explicit TcpRelay(unsigned short target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  unsigned short port() const { return port_; }
  void cut();
  void restore();
  // From now on, drops every WebSocket message (whole data frames; pings, pongs and
  // closes pass) from the host to the browser, up to and including the first whose
  // text contains `needle`; then relays as before. Plain connections only: an
  // encrypted one (TLS) is relayed as it comes.
  void drop_messages_to_browser_until(const std::string& needle);
  // Whether that message has been dropped, waiting up to `limit` (a guard against hanging).
  bool wait_until_dropped(std::chrono::milliseconds limit = std::chrono::seconds(20));

  // Faults for the soak (bench/soak.cpp), each on one of the open connections,
  // chosen by `pick` (taken modulo their number); false when none is open.
  // Every chunk relayed either way waits this long first (a slow or busy Wi-Fi).
  void set_delay(std::chrono::milliseconds);
  // Closes a connection at once, as a dropped Wi-Fi would.
  bool drop_connection(std::size_t pick);
  // Relays nothing on a connection for `how_long`, keeping it open: a tablet asleep.
  bool pause_connection(std::size_t pick, std::chrono::milliseconds how_long);
  // Passes on half of the next chunk the host sends on a connection, then closes
  // it: the network is cut in the middle of a frame.
  bool cut_mid_frame(std::size_t pick);
  std::size_t open_connections();

 private:
  struct Pair;
  void accept_next();
  bool drops(const std::string& frame);  // io thread only
  std::shared_ptr<Pair> pick_pair(std::size_t pick);  // io thread only
  template <class F>
  auto on_io_thread(F f) -> decltype(f());

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short target_port_;
  unsigned short port_ = 0;
  bool down_ = false;                        // io thread only
  std::vector<std::weak_ptr<Pair>> pairs_;  // io thread only
  std::string drop_until_;                  // io thread only; "" = drop nothing
  std::chrono::milliseconds delay_{0};       // io thread only
  std::mutex dropped_mutex_;
  std::condition_variable dropped_changed_;
  bool dropped_ = false;                    // under dropped_mutex_
  std::thread thread_;
};

}  // namespace tavle::webtest
