#include "net/host.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <malloc.h>

#include <cstdio>
#include <future>

#include "board/hash.hpp"
#include "net/listener.hpp"

namespace tavle::net {

namespace asio = boost::asio;

Host::Host(HostConfig config, Board initial, std::uint64_t last_seq, std::vector<SequencedOp> recent,
           std::shared_ptr<Journal> journal)
    : config_(std::move(config)) {
  if (config_.meeting.join_code.empty()) config_.meeting.join_code = random_join_code();
  if (config_.meeting.facilitator_key.empty()) config_.meeting.facilitator_key = random_facilitator_key();
  if (config_.meeting.professional_code.empty()) config_.meeting.professional_code = random_professional_code();
  if (!journal) journal = std::make_shared<MemoryJournal>(true, false);
  auto post = [this](std::function<void()> fn) { asio::post(io_, std::move(fn)); };
  meeting_ = std::make_unique<Meeting>(config_.meeting, std::move(initial), last_seq, std::move(recent),
                                       std::move(journal), post);
  if (config_.tls) tls_context_ = server_context(*config_.tls);
  // One meeting: every connection goes to it, whatever its path.
  MeetingRoute route = [meeting = meeting_.get()](std::string_view, const std::string&, MeetingFound found) {
    found(Routed{meeting, nullptr, nullptr, nullptr});
  };
  context_ = std::make_unique<SessionContext>(
      SessionContext{std::move(route), config_.session, config_.web_root, tls_context_.get(), config_.plain});
  listener_ = std::make_shared<Listener>(io_, *context_);
  plain_family_ = config_.tls && config_.plain == PlainConnections::FamilyView;
}

void Host::allow_plain_family(bool allow) {
  if (!config_.tls || plain_family_.exchange(allow) == allow) return;
  auto change = [this, allow] {
    context_->plain = allow ? PlainConnections::FamilyView : PlainConnections::Redirected;
    if (!allow) meeting_->close_plain_connections();
  };
  if (!running_) return change();
  asio::post(io_, change);
}

Host::~Host() {
  stop();
  // Sessions still held by pending handlers are destroyed with io_; they never
  // touch the meeting from their destructors.
}

std::optional<Error> Host::start() {
  if (running_) return std::nullopt;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.address, ec);
  if (ec) return Error{"invalid", "address \"" + config_.address + "\": " + ec.message()};
  if (auto e = listener_->listen({address, config_.port})) return e;
  port_ = listener_->port();
  listener_->start();
  start_announcing(address.to_string());
  running_ = true;
  return_free_memory_regularly(trim_timer_);
  thread_ = std::thread([this] {
    auto work = asio::make_work_guard(io_);
    io_.run();
  });
  return std::nullopt;
}

void Host::stop() {
  if (!running_) return;
  running_ = false;
  asio::post(io_, [this] {
    if (announcer_) announcer_->stop();
    listener_->stop();
    meeting_->shutdown();
    // Give the byes a moment to reach the wire, then stop the loop.
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(200));
    timer->async_wait([this, timer](boost::system::error_code) { io_.stop(); });
  });
  thread_.join();
}

// Every welcome and resync builds a snapshot of the whole board (a copy, its JSON
// tree, its text) and frees it again, in between the ops and cards that stay. glibc
// keeps the pages those leave free inside its heaps, so over a meeting of
// reconnecting tablets the host's memory crept up with the board's size although
// its live heap did not (docs/reliability.md, "Soak"): hand them back now and then.
// With a heap of a few megabytes a trim takes well under a millisecond.
void return_free_memory_regularly(asio::steady_timer& timer) {
  timer.expires_after(std::chrono::seconds(10));
  timer.async_wait([&timer](boost::system::error_code ec) {
    if (ec) return;
    ::malloc_trim(0);
    return_free_memory_regularly(timer);
  });
}

// A failure to announce is logged and the meeting goes on: it can be joined by address.
void Host::start_announcing(const std::string& listen_address) {
  if (!config_.announce.enabled || !(announces_on(listen_address) || config_.announce.even_on_loopback)) return;
  Announcement announcement{port_, config_.announce.name.empty() ? machine_name() : config_.announce.name,
                            random_hex(16), fingerprint()};
  announcer_ = std::make_shared<Announcer>(io_, std::move(announcement), config_.announce);
  if (auto e = announcer_->start()) {
    std::fprintf(stderr, "tavle host: %s; the meeting can still be joined by its address\n", e->message.c_str());
    announcer_.reset();
  }
}

void Host::inspect(const std::function<void(const Meeting&)>& fn) {
  if (!running_) return fn(*meeting_);
  std::promise<void> done;
  asio::post(io_, [&] {
    fn(*meeting_);
    done.set_value();
  });
  done.get_future().wait();
}

HostStatus Host::status() {
  HostStatus s;
  inspect([&](const Meeting& m) {
    s.seq = m.seq();
    s.connections = m.connections();
    s.read_only = m.read_only();
    s.board_hash = state_hash_hex(m.board());
  });
  return s;
}

}  // namespace tavle::net
