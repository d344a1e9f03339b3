// A meeting host: the Meeting, its listener and one network thread. The same
// class runs headless (`tavle host`) and inside the facilitator's app; the app
// then joins its own meeting with a Client on 127.0.0.1:port() and the
// facilitator key (see docs/protocol.md).
#pragma once

#include <boost/asio/io_context.hpp>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "net/discovery.hpp"
#include "net/journal.hpp"
#include "net/meeting.hpp"
#include "net/secrets.hpp"
#include "net/session_limits.hpp"
#include "net/tls.hpp"

namespace tavle::net {

class Listener;

// Every 10 s, hands the pages glibc keeps free inside its heaps back to the system
// (see host.cpp for why); a Host and a Server (net/server.hpp) run it on their timer.
void return_free_memory_regularly(boost::asio::steady_timer& timer);

struct HostConfig {
  std::string address = "0.0.0.0";
  unsigned short port = 0;  // 0: any free port (see Host::port())
  MeetingConfig meeting;    // an empty join code, professional code or facilitator key is made up at random
  SessionLimits session;
  std::filesystem::path web_root;  // the tablet page; empty serves none
  AnnounceConfig announce;         // LAN announcements (net/discovery.hpp); never on a loopback address
  // HTTPS and WSS on the same port (docs/protocol.md, "Encryption"). `tavle host` and
  // the app always set it; without it every connection is plain (tests, benches).
  std::optional<TlsIdentity> tls;
  PlainConnections plain = PlainConnections::Redirected;  // with tls: what a plain connection may do
};

struct HostStatus {
  std::uint64_t seq = 0;
  std::size_t connections = 0;
  bool read_only = false;
  std::string board_hash;
};

class Host {
 public:
  // `initial` and `last_seq` continue a meeting (from a file or storage); `recent`
  // are its newest ops so late joiners can catch up. Without a journal, ops are
  // kept in memory only.
  explicit Host(HostConfig, Board initial = {}, std::uint64_t last_seq = 0, std::vector<SequencedOp> recent = {},
                std::shared_ptr<Journal> journal = nullptr);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Binds the port and starts the network thread.
  std::optional<Error> start();
  // Says bye to every connection, closes them and joins the network thread.
  void stop();

  unsigned short port() const { return port_; }
  const std::string& join_code() const { return config_.meeting.join_code; }
  const std::string& facilitator_key() const { return config_.meeting.facilitator_key; }
  // Shown only on the facilitator's own screen (never projected, never in the QR code).
  // After a new code (the facilitator's `new_code`) the facilitator's client hears the
  // current codes in a `codes` message; these two stay the codes the host began with.
  const std::string& professional_code() const { return config_.meeting.professional_code; }
  // The SHA-256 fingerprint of the host's certificate ("AB:CD:..."); empty without TLS.
  // Part of the join information: the app pins it (docs/protocol.md, "Encryption").
  std::string fingerprint() const { return config_.tls ? config_.tls->fingerprint : std::string(); }
  // The tablet page's scheme: https unless there is no TLS or plain family views are allowed.
  bool tablets_use_https() const { return config_.tls && !plain_family_.load(); }
  // The facilitator's choice for this meeting (docs/protocol.md, "Encryption"): also
  // serve the family view over plain HTTP. Switching it off puts out the plain
  // connections at once. Only with a certificate; never affects TLS connections.
  void allow_plain_family(bool allow);
  bool plain_family_allowed() const { return plain_family_.load(); }
  // Runs `fn` on the network thread with the meeting and waits for it.
  void inspect(const std::function<void(const Meeting&)>& fn);
  HostStatus status();

 private:
  void start_announcing(const std::string& listen_address);

  HostConfig config_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer trim_timer_{io_};
  std::unique_ptr<Meeting> meeting_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;  // made from config_.tls
  std::unique_ptr<SessionContext> context_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<Announcer> announcer_;  // only while announcing
  std::thread thread_;
  unsigned short port_ = 0;
  bool running_ = false;
  std::atomic<bool> plain_family_{false};  // mirrors context_->plain for the UI thread
};


}  // namespace tavle::net
