// A native client whose join cannot succeed says why, within seconds, and keeps
// trying (docs/protocol.md, "Encryption"): the soak's clients once waited
// without a word behind a relay that swallowed the host's TLS handshake.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <array>
#include <atomic>
#include <list>

#include "tests/net/loopback_support.hpp"

namespace tavle::net::testing {
namespace {

// Takes TCP connections and reads what comes, never answering: a host behind a
// network (or a relay) that lets the connection open and nothing back.
class BlackHole {
 public:
  BlackHole() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~BlackHole() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::size_t accepted() const { return accepted_; }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket s) {
      if (ec) return;
      ++accepted_;
      sockets_.push_back(std::move(s));
      read(sockets_.back());
      accept();
    });
  }
  void read(asio::ip::tcp::socket& s) {
    s.async_read_some(asio::buffer(sink_), [this, &s](boost::system::error_code ec, std::size_t) {
      if (!ec) read(s);
    });
  }
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::list<asio::ip::tcp::socket> sockets_;
  std::array<char, 4096> sink_{};
  std::atomic<std::size_t> accepted_{0};
  std::thread thread_;
};

TEST(JoinFailure, AHostThatNeverAnswersTheHandshakeIsReportedWithinSecondsAndRetried) {
  BlackHole hole;
  Client pro;
  JoinParams p;
  p.port = hole.port();
  p.code = "246810";
  p.name = "Navn pro";
  p.client_id = "pro";
  p.fingerprint = test_identity().fingerprint;
  pro.connect(p);
  const auto started = std::chrono::steady_clock::now();
  bool said = false;
  for (int i = 0; i < 300 && !said; ++i) {  // 15 s at most
    said = !pro.status().last_error.empty();
    if (!said) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(said) << "the client waited without a word";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  const ConnectionStatus s = pro.status();
  EXPECT_EQ(s.state, ConnectionState::Reconnecting) << "a silent network may come back: the client keeps trying";
  EXPECT_EQ(s.last_error_code, "no_answer");
  EXPECT_NE(s.last_error.find("did not answer"), std::string::npos) << s.last_error;
  EXPECT_EQ(s.last_error.find("SSL"), std::string::npos) << s.last_error;
  EXPECT_TRUE(eventually([&] { return hole.accepted() >= 2; })) << "tried again";
}

}  // namespace
}  // namespace tavle::net::testing
