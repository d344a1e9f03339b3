// Out of file descriptors (docs/security.md, "Capacity"): anyone on the Wi-Fi can
// open connections without a code. The listener must not spin and flood the log;
// it backs off, says it once, and takes connections again when it can.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>

#include "board/sample.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::net::testing {
namespace {

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(needle, at)) != std::string::npos; at += needle.size()) ++n;
  return n;
}

TEST(ListenerLimits, OutOfDescriptorsTheListenerBacksOffAndLogsOnce) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
  ::testing::internal::CaptureStderr();
  {
    // The client's sockets are made first, so that connecting them needs no new
    // descriptor. Then every free descriptor below a lowered limit is taken, so the
    // host has none left, whatever its own threads opened in the meantime (counting
    // descriptors and adding a margin raced with them).
    boost::asio::io_context io;
    std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> held;
    for (int i = 0; i < 40; ++i) {
      held.push_back(std::make_unique<boost::asio::ip::tcp::socket>(io));
      held.back()->open(boost::asio::ip::tcp::v4());
    }
    const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(null_fd, 0);
    rlimit low = old;
    low.rlim_cur = open_descriptors() + 64;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
    std::vector<int> fillers;
    for (;;) {
      const int fd = ::fcntl(null_fd, F_DUPFD_CLOEXEC, 0);
      if (fd < 0) {
        ASSERT_EQ(errno, EMFILE);
        break;
      }
      fillers.push_back(fd);
    }
    for (auto& s : held) {
      boost::system::error_code ec;
      s->connect({boost::asio::ip::make_address("127.0.0.1"), host.port()}, ec);
      ASSERT_FALSE(ec) << ec.message();
    }
    // Connections wait in the kernel's queue that the host cannot take: the old
    // accept loop logged here thousands of times a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    for (const int fd : fillers) ::close(fd);
    ::close(null_fd);
  }
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
  RawWs tablet(host.port());
  std::string seen;
  tablet.send(hello_json(host.join_code(), "family", "after"));
  EXPECT_TRUE(read_message(tablet, "welcome", seen));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count(log, "accept failed"), 1u) << log.substr(0, 2000);
}

}  // namespace
}  // namespace tavle::net::testing
