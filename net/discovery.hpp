// Finding meetings on the LAN: a host announces itself with a small UDP datagram
// every two seconds to the IPv4 broadcast address; the app's home screen listens
// and lists what it heard recently. The datagram names only the TCP port, a
// display name and a random id per host run: never the join code (it stays the
// secret people type) and nothing from the board. See docs/protocol.md.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "board/error.hpp"

namespace tavle::net {

// The UDP port announcements go to (documented in docs/protocol.md).
inline constexpr unsigned short kDiscoveryPort = 47123;
inline constexpr int kAnnouncementVersion = 1;
// A datagram longer than this is not an announcement and is ignored.
inline constexpr std::size_t kMaxAnnouncementBytes = 512;
inline constexpr std::size_t kMaxAnnouncedNameBytes = 64;
inline constexpr std::size_t kMaxAnnouncedIdBytes = 32;

struct Announcement {
  unsigned short port = 0;  // the meeting's TCP port (WebSocket and tablet page)
  std::string name;         // the facilitator's display name, or the machine's name
  std::string id;           // random per host run, so two hosts on one machine differ
  // The host's certificate fingerprint (net/fingerprint.hpp): public, so the app can
  // pin it when joining from the list. Never the code. Empty: the host has no TLS.
  std::string fingerprint;
};

// {"tavle":1,"port":P,"name":"...","id":"...","fingerprint":"AB:..."} (fingerprint only
// with TLS); a long name is cut at a letter boundary.
std::string announcement_json(const Announcement&);
// The announcement in a datagram, or nullopt for anything else (not JSON, wrong
// version or types, port 0, oversize, empty id, a fingerprint that is not one).
std::optional<Announcement> parse_announcement(std::string_view datagram);

// This machine's host name (what `tavle host` announces), or "Tavle" if unknown.
std::string machine_name();
// A host announces only when others can reach it: not on a loopback address.
bool announces_on(const std::string& listen_address);

struct AnnounceConfig {
  bool enabled = true;  // `tavle host --no-announce` switches it off
  std::string name;     // empty: machine_name()
  std::string destination = "255.255.255.255";  // tests: 127.0.0.1
  unsigned short destination_port = kDiscoveryPort;
  std::chrono::milliseconds interval{2000};
  bool even_on_loopback = false;  // tests only: announce a host that listens on 127.0.0.1
};

// Sends the announcement now and then every interval on the given io_context (the
// host's network thread). A send error is logged once and never stops the host.
class Announcer : public std::enable_shared_from_this<Announcer> {
 public:
  Announcer(boost::asio::io_context&, Announcement, AnnounceConfig);
  // Opens the socket and starts sending; an error (bad destination, no socket) is
  // returned and nothing is sent.
  std::optional<Error> start();
  // Call on the io_context's thread (or before it runs).
  void stop();

 private:
  void send_next();
  void report_once(const std::string& what);

  boost::asio::io_context& io_;
  AnnounceConfig config_;
  std::string datagram_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint destination_;
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
  bool reported_ = false;
};

struct FoundMeeting {
  std::string address;  // where the datagram came from (not what it claims)
  unsigned short port = 0;
  std::string name;
  std::string id;
  std::string fingerprint;  // as announced (empty: none); the join form pins it
  std::string endpoint() const { return address + ":" + std::to_string(port); }
};

struct DiscoveryConfig {
  std::string address = "0.0.0.0";  // every interface, so broadcasts arrive; tests: 127.0.0.1
  unsigned short port = kDiscoveryPort;  // 0: any free port (tests)
  std::chrono::milliseconds expiry{6000};  // a meeting not heard from this long is dropped
};

// Listens for announcements on its own thread and keeps the meetings heard within
// the expiry. `on_change` runs on that thread whenever the list changes (a meeting
// appears, is renamed or expires), e.g. to wake the UI loop.
class DiscoveryListener {
 public:
  explicit DiscoveryListener(DiscoveryConfig = {}, std::function<void()> on_change = {});
  ~DiscoveryListener();
  DiscoveryListener(const DiscoveryListener&) = delete;
  DiscoveryListener& operator=(const DiscoveryListener&) = delete;

  // Binds the port (shared with other listeners on this machine) and starts the
  // thread; an error says which port could not be used and why.
  std::optional<Error> start();
  void stop();
  unsigned short port() const { return bound_port_; }
  // The meetings heard within the expiry, by name, then address.
  std::vector<FoundMeeting> meetings() const;

 private:
  using Clock = std::chrono::steady_clock;
  using Key = std::tuple<std::string, unsigned short, std::string>;  // address, port, id
  struct Heard {
    FoundMeeting meeting;
    Clock::time_point last;
  };
  void receive_next();
  void on_datagram(std::size_t bytes);
  void prune_later();

  DiscoveryConfig config_;
  std::function<void()> on_change_;
  boost::asio::io_context io_{1};
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer prune_timer_;
  std::array<char, kMaxAnnouncementBytes + 1> buffer_{};  // one byte more: oversize shows as a full buffer
  boost::asio::ip::udp::endpoint sender_;
  mutable std::mutex mutex_;
  std::map<Key, Heard> heard_;
  std::thread thread_;
  unsigned short bound_port_ = 0;
  bool running_ = false;
};

}  // namespace tavle::net
