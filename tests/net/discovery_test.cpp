// Finding meetings on the LAN, over loopback only: announcers are pointed at a
// listener (or a plain UDP socket) on 127.0.0.1 with an ephemeral port, so no
// test ever broadcasts.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "board/sample.hpp"
#include "net/discovery.hpp"
#include "tests/net/loopback_support.hpp"

namespace tavle::net::testing {
namespace {

using asio::ip::udp;

// An io_context on its own thread, like the host's network thread.
struct NetworkThread {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};
  ~NetworkThread() {
    work.reset();
    io.stop();
    thread.join();
  }
  // Stops `announcer` on this thread, as the host does, and waits until it has.
  void stop(const std::shared_ptr<Announcer>& announcer) {
    std::promise<void> done;
    asio::post(io, [&] {
      announcer->stop();
      done.set_value();
    });
    done.get_future().wait();
  }
};

AnnounceConfig to_loopback(unsigned short port) {
  AnnounceConfig config;
  config.destination = "127.0.0.1";
  config.destination_port = port;
  config.interval = std::chrono::milliseconds(50);
  return config;
}

DiscoveryConfig loopback_listener(std::chrono::milliseconds expiry = std::chrono::milliseconds(6000)) {
  DiscoveryConfig config;
  config.address = "127.0.0.1";
  config.port = 0;
  config.expiry = expiry;
  return config;
}

// A plain UDP socket on 127.0.0.1 that sends or receives exactly the bytes a test wants.
struct RawUdp {
  asio::io_context io;
  udp::socket socket{io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  void send_to(unsigned short port, const std::string& bytes) {
    socket.send_to(asio::buffer(bytes), udp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  unsigned short port() const { return socket.local_endpoint().port(); }
  // The next datagram, or "" when none came within ten seconds (a bound, not a timing assertion).
  std::string receive() {
    std::array<char, 2048> buffer{};
    std::size_t received = 0;
    socket.async_receive(asio::buffer(buffer), [&](boost::system::error_code ec, std::size_t bytes) {
      if (!ec) received = bytes;
    });
    io.restart();
    io.run_for(std::chrono::seconds(10));
    socket.cancel();
    io.restart();
    io.run();
    return std::string(buffer.data(), received);
  }
};

bool lists(const DiscoveryListener& listener, const std::string& name) {
  for (const FoundMeeting& m : listener.meetings())
    if (m.name == name) return true;
  return false;
}

TEST(Discovery, AnAnnouncedMeetingIsListedWithItsAddressPortAndName) {
  std::atomic<int> changes{0};
  DiscoveryListener listener(loopback_listener(), [&] { ++changes; });
  ASSERT_FALSE(listener.start());
  NetworkThread network;
  auto announcer = std::make_shared<Announcer>(network.io, Announcement{8080, "Anne Ærø", "run-1", ""}, to_loopback(listener.port()));
  ASSERT_FALSE(announcer->start());
  ASSERT_TRUE(eventually([&] { return !listener.meetings().empty(); }));
  const std::vector<FoundMeeting> found = listener.meetings();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].address, "127.0.0.1");
  EXPECT_EQ(found[0].port, 8080);
  EXPECT_EQ(found[0].name, "Anne Ærø");
  EXPECT_EQ(found[0].endpoint(), "127.0.0.1:8080");
  EXPECT_GE(changes.load(), 1);
  network.stop(announcer);
}

TEST(Discovery, AHostAnnouncesItsPortButNeverTheJoinCodeKeyOrAnythingFromTheBoard) {
  RawUdp receiver;
  HostConfig config = loopback_config();
  config.announce = to_loopback(receiver.port());
  config.announce.name = "Pia Mødeleder";
  config.announce.even_on_loopback = true;
  Host host(config, sample_board());
  ASSERT_FALSE(host.start());
  const std::string datagram = receiver.receive();
  host.stop();
  const auto announcement = parse_announcement(datagram);
  ASSERT_TRUE(announcement) << datagram;
  EXPECT_EQ(announcement->port, host.port());
  EXPECT_EQ(announcement->name, "Pia Mødeleder");
  EXPECT_EQ(datagram.find(host.join_code()), std::string::npos) << datagram;
  EXPECT_EQ(datagram.find(host.facilitator_key()), std::string::npos) << datagram;
  EXPECT_EQ(datagram.find("Jensen"), std::string::npos) << datagram;  // the sample family's name
  EXPECT_EQ(datagram.find("f-jensen"), std::string::npos) << datagram;
  EXPECT_LE(datagram.size(), kMaxAnnouncementBytes);
}

TEST(Discovery, MalformedAndOversizeDatagramsAreIgnoredAndListeningGoesOn) {
  DiscoveryListener listener(loopback_listener());
  ASSERT_FALSE(listener.start());
  RawUdp sender;
  const std::string big_name(600, 'x');
  for (const std::string& bad :
       {std::string("not json"), std::string(""), std::string("[1,2,3]"), std::string(R"({"tavle":2,"port":80,"name":"v2","id":"a"})"),
        std::string(R"({"tavle":"1","port":80,"name":"text version","id":"a"})"),
        std::string(R"({"tavle":1,"port":0,"name":"port zero","id":"a"})"),
        std::string(R"({"tavle":1,"port":70000,"name":"port too big","id":"a"})"),
        std::string(R"({"tavle":1,"port":"80","name":"port text","id":"a"})"),
        std::string(R"({"tavle":1,"port":80,"name":7,"id":"a"})"), std::string(R"({"tavle":1,"port":80,"name":"no id"})"),
        std::string(R"({"tavle":1,"port":80,"name":")") + big_name + R"(","id":"big"})", std::string(4000, '{'),
        std::string("1e309"), std::string(R"({"tavle":1,"port":1e309,"name":"overflow","id":"a"})"),
        std::string(R"({"tavle":-1e309,"port":80,"name":"overflow","id":"a"})")})
    sender.send_to(listener.port(), bad);
  // Loopback keeps order: once the good one is listed, every bad one was read before it.
  sender.send_to(listener.port(), R"({"tavle":1,"port":8081,"name":"Good","id":"ok","extra":"ignored"})");
  ASSERT_TRUE(eventually([&] { return lists(listener, "Good"); }));
  const std::vector<FoundMeeting> found = listener.meetings();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].port, 8081);
}

TEST(Discovery, AMeetingThatStopsAnnouncingDisappearsAfterTheExpiry) {
  std::atomic<int> changes{0};
  DiscoveryListener listener(loopback_listener(std::chrono::milliseconds(300)), [&] { ++changes; });
  ASSERT_FALSE(listener.start());
  NetworkThread network;
  auto staying = std::make_shared<Announcer>(network.io, Announcement{9001, "Staying", "s", ""}, to_loopback(listener.port()));
  auto leaving = std::make_shared<Announcer>(network.io, Announcement{9002, "Leaving", "l", ""}, to_loopback(listener.port()));
  ASSERT_FALSE(staying->start());
  ASSERT_FALSE(leaving->start());
  ASSERT_TRUE(eventually([&] { return listener.meetings().size() == 2; }));
  network.stop(leaving);
  const int changes_before = changes.load();
  ASSERT_TRUE(eventually([&] { return !lists(listener, "Leaving"); }));
  EXPECT_TRUE(lists(listener, "Staying"));
  EXPECT_TRUE(eventually([&] { return changes.load() > changes_before; }));  // the UI is woken for it
  network.stop(staying);
}

TEST(Discovery, TwoListenersOnOneMachineShareThePort) {
  DiscoveryListener first(loopback_listener());
  ASSERT_FALSE(first.start());
  DiscoveryConfig same_port = loopback_listener();
  same_port.port = first.port();
  DiscoveryListener second(same_port);
  EXPECT_FALSE(second.start());
}

TEST(Discovery, APortTakenWithoutSharingGivesAClearErrorInsteadOfAList) {
  RawUdp taken;  // bound without reuse_address
  DiscoveryConfig config = loopback_listener();
  config.port = taken.port();
  DiscoveryListener listener(config);
  const auto error = listener.start();
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("UDP port " + std::to_string(taken.port())), std::string::npos) << error->message;
  EXPECT_TRUE(listener.meetings().empty());
}

TEST(Discovery, OnlyAHostReachableFromOtherMachinesAnnounces) {
  EXPECT_TRUE(announces_on("0.0.0.0"));
  EXPECT_TRUE(announces_on("192.168.1.20"));
  EXPECT_FALSE(announces_on("127.0.0.1"));
  EXPECT_FALSE(announces_on("::1"));
  EXPECT_FALSE(announces_on("not an address"));
}

TEST(Discovery, ALongNameIsCutWithoutBreakingALetter) {
  const std::string name = std::string(kMaxAnnouncedNameBytes - 1, 'a') + "ø";  // ø is two bytes: it would straddle the limit
  const auto back = parse_announcement(announcement_json({80, name, "id", ""}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, std::string(kMaxAnnouncedNameBytes - 1, 'a'));
}

// The LAN list carries the host's fingerprint (public; the app pins it when a found
// meeting is picked), and a datagram with something else in its place is ignored.
TEST(Discovery, TheAnnouncementCarriesTheCertificatesFingerprintNeverTheCode) {
  Host host(loopback_config(), sample_board());
  ASSERT_FALSE(host.start());
  const std::string datagram = announcement_json({host.port(), "Pia", "run-1", host.fingerprint()});
  const auto back = parse_announcement(datagram);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fingerprint, host.fingerprint());
  EXPECT_EQ(datagram.find(host.join_code()), std::string::npos);
  EXPECT_LE(datagram.size(), kMaxAnnouncementBytes);
  EXPECT_FALSE(parse_announcement(R"({"tavle":1,"port":80,"name":"x","id":"y","fingerprint":"AB:CD"})"));
  EXPECT_FALSE(parse_announcement(R"({"tavle":1,"port":80,"name":"x","id":"y","fingerprint":7})"));
}

}  // namespace
}  // namespace tavle::net::testing
