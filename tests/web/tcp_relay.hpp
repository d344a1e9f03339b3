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
  // text contains `needle`; then relays as before.
  void drop_messages_to_browser_until(const std::string& needle);
  // Whether that message has been dropped, waiting up to `limit` (a guard against hanging).
  bool wait_until_dropped(std::chrono::milliseconds limit = std::chrono::seconds(20));

 private:
  struct Pair;
  void accept_next();
  bool drops(const std::string& frame);  // io thread only

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short target_port_;
  unsigned short port_ = 0;
  bool down_ = false;                        // io thread only
  std::vector<std::weak_ptr<Pair>> pairs_;  // io thread only
  std::string drop_until_;                  // io thread only; "" = drop nothing
  std::mutex dropped_mutex_;
  std::condition_variable dropped_changed_;
  bool dropped_ = false;                    // under dropped_mutex_
  std::thread thread_;
};

}  // namespace tavle::webtest
