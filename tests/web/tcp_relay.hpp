// A loopback TCP relay between the browser and the host that the test can cut,
// like a tablet's Wi-Fi dropping: cut() closes every relayed connection and turns
// new ones away until restore(). DevTools' offline emulation cannot do this: it
// leaves open WebSockets running.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
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

 private:
  struct Pair;
  void accept_next();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short target_port_;
  unsigned short port_ = 0;
  bool down_ = false;                        // io thread only
  std::vector<std::weak_ptr<Pair>> pairs_;  // io thread only
  std::thread thread_;
};

}  // namespace tavle::webtest
