// [SECTION] the loader thread
// [SECTION] start and stop
// [SECTION] routing an upgrade to its meeting
// [SECTION] loading, holding and unloading
// [SECTION] facilitator keys changed in the store
#include "net/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstdio>
#include <future>

#include "net/host.hpp"
#include "net/listener.hpp"
#include "net/protocol.hpp"
#include "net/static_files.hpp"

namespace tavle::net {

namespace asio = boost::asio;

// [SECTION] the loader thread

// Runs the library's calls (the store: disk or network) one at a time off the
// network thread, so a meeting being loaded never stalls the meetings in progress.
class Server::Loader {
 public:
  Loader() : thread_([this] { run(); }) {}
  ~Loader() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;  // jobs not started are dropped: the server is stopping
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

// [SECTION] start and stop

Server::Server(ServerConfig config, std::unique_ptr<MeetingLibrary> library)
    : config_(std::move(config)), library_(std::move(library)) {
  if (config_.tls) tls_context_ = server_context(*config_.tls);
  MeetingRoute route = [this](std::string_view target, const std::string& address, MeetingFound found) {
    this->route(target, address, std::move(found));
  };
  context_ = std::make_unique<SessionContext>(
      SessionContext{std::move(route), config_.session, config_.web_root, tls_context_.get(), config_.plain});
  listener_ = std::make_shared<Listener>(io_, *context_);
  desk_ = make_desk();
}

Server::~Server() {
  stop();
  alive_.reset();  // holds released from now on (sessions destroyed with io_) change nothing
  open_.clear();  // a meeting's destructor finishes its journal's batch in hand
}

std::optional<Error> Server::start() {
  if (running_) return std::nullopt;
  std::vector<std::string> ids;
  if (auto e = library_->list(ids)) return e;
  known_.insert(ids.begin(), ids.end());
  listed_at_ = Clock::now();
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.address, ec);
  if (ec) return Error{"invalid", "address \"" + config_.address + "\": " + ec.message()};
  if (auto e = listener_->listen({address, config_.port})) return e;
  port_ = listener_->port();
  location_ = config_.public_address.empty() ? config_.address + ":" + std::to_string(port_) : config_.public_address;
  listener_->start();
  loader_ = std::make_unique<Loader>();
  desk_thread_ = std::make_unique<Loader>();
  running_ = true;
  return_free_memory_regularly(trim_timer_);
  check_keys_regularly();
  thread_ = std::thread([this] {
    auto work = asio::make_work_guard(io_);
    io_.run();
  });
  return std::nullopt;
}

void Server::stop() {
  if (!running_) return;
  running_ = false;
  asio::post(io_, [this] {
    listener_->stop();
    trim_timer_.cancel();
    key_timer_.cancel();
    for (auto& [id, open] : open_)
      if (open.meeting) open.meeting->shutdown();
    // Give the byes a moment to reach the wire, then stop the loop.
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(200));
    timer->async_wait([this, timer](boost::system::error_code) { io_.stop(); });
  });
  thread_.join();
  loader_.reset();  // after the network thread: nothing posts to it any more
  desk_thread_.reset();
}

void Server::inspect(const std::string& id, const std::function<void(const Meeting*)>& fn) {
  auto look = [&] {
    auto it = open_.find(id);
    fn(it == open_.end() ? nullptr : it->second.meeting.get());
  };
  if (!running_) return look();
  std::promise<void> done;
  asio::post(io_, [&] {
    look();
    done.set_value();
  });
  done.get_future().wait();
}

ServerStatus Server::status() {
  ServerStatus s;
  auto count = [&] {
    s.known = known_.size();
    for (const auto& [id, open] : open_) {
      if (!open.meeting) continue;
      ++s.loaded;
      s.connections += open.meeting->connections();
    }
  };
  if (!running_) {
    count();
    return s;
  }
  std::promise<void> done;
  asio::post(io_, [&] {
    count();
    done.set_value();
  });
  done.get_future().wait();
  return s;
}

void Server::on_desk_thread(std::function<void()> job) { desk_thread_->post(std::move(job)); }

// [SECTION] routing an upgrade to its meeting

// Every path that names no meeting the store holds gets the same answer, whatever
// meetings exist, and never loads anything; an address that keeps naming unknown
// meetings (scanning ids) gets that answer for every path for a while.
void Server::route(std::string_view target, const std::string& address, MeetingFound found) {
  // issue 18: facilitators sign in here (net/server_desk.cpp); no meeting is named.
  if (target == kDeskPath) return found(Routed{nullptr, nullptr, nullptr, desk_});
  const std::string_view prefix = meeting_prefix(target);
  if (prefix.empty() || scanning(address, false)) {
    scanning(address, true);
    return found(Routed{});
  }
  std::string id(prefix.substr(3));  // "/m/" + id
  if (open_.count(id) || known_.count(id)) return open(id, std::move(found));
  // Not in the index: perhaps made since the last listing. At most one listing per
  // relist_every, and a bounded number of upgrades waiting for it.
  scanning(address, true);
  constexpr std::size_t kMaxWaitingForListing = 256;
  const bool due = Clock::now() - listed_at_ >= config_.relist_every;
  if ((!listing_ && !due) || relist_waiting_.size() >= kMaxWaitingForListing) return found(Routed{});
  relist_waiting_.push_back(Pending{std::move(id), address, std::move(found)});
  if (!listing_) relist();
}

bool Server::scanning(const std::string& address, bool count_one) {
  const auto now = Clock::now();
  if (count_one) {
    if (unknown_.size() > 10000)  // many addresses must not cost unbounded memory
      for (auto it = unknown_.begin(); it != unknown_.end();)
        it = now - it->second.first > config_.unknown_window && now >= it->second.blocked_until ? unknown_.erase(it)
                                                                                               : std::next(it);
    JoinFailures& f = unknown_[address];
    if (f.count == 0 || now - f.first > config_.unknown_window) f = JoinFailures{0, now, f.blocked_until};
    if (++f.count >= config_.unknown_per_address) f.blocked_until = now + config_.unknown_window;
    return false;
  }
  auto it = unknown_.find(address);
  return it != unknown_.end() && now < it->second.blocked_until;
}

void Server::relist() {
  listing_ = true;
  loader_->post([this, alive = std::weak_ptr<bool>(alive_)] {
    auto ids = std::make_shared<std::vector<std::string>>();
    auto e = library_->list(*ids);
    if (e) std::fprintf(stderr, "tavle server: cannot list the meetings: %s\n", e->message.c_str());
    asio::post(io_, [this, alive, ids] {
      if (!alive.lock()) return;
      listing_ = false;
      listed_at_ = Clock::now();
      known_.insert(ids->begin(), ids->end());
      std::vector<Pending> waiting = std::move(relist_waiting_);
      relist_waiting_.clear();
      for (Pending& p : waiting) {
        if (known_.count(p.id)) open(p.id, std::move(p.found));
        else p.found(Routed{});
      }
    });
  });
}

// [SECTION] loading, holding and unloading

void Server::open(const std::string& id, MeetingFound found) {
  Open& o = open_[id];
  if (o.meeting) return found(Routed{o.meeting.get(), hold(id), nullptr, nullptr});
  o.waiting.push_back(std::move(found));
  if (o.waiting.size() > 1) return;  // already loading
  loader_->post([this, id, location = location_, alive = std::weak_ptr<bool>(alive_)] {
    auto setup = std::make_shared<MeetingSetup>();
    std::optional<Error> e = library_->load(id, location, *setup);
    asio::post(io_, [this, id, alive, e = std::move(e), setup]() mutable {
      if (alive.lock()) loaded(id, std::move(e), std::move(setup));
    });
  });
}

void Server::loaded(const std::string& id, std::optional<Error> e, std::shared_ptr<MeetingSetup> setup) {
  Open& o = open_[id];
  std::vector<MeetingFound> waiting = std::move(o.waiting);
  o.waiting.clear();
  if (e && e->code == "elsewhere") {
    // Another server holds the meeting's lease (docs/server.md, "More than one
    // process"): its clients are told where it is hosted.
    open_.erase(id);
    const Frame elsewhere = make_frame(nlohmann::json{
        {"type", "error"},
        {"code", "meeting_elsewhere"},
        {"message", "this meeting is hosted by another server now: " + e->message},
        {"location", e->message},
        {"fatal", true}});
    for (MeetingFound& found : waiting) found(Routed{nullptr, nullptr, elsewhere, nullptr});
    return;
  }
  if (e) {
    // Gone from the store since the listing, or the store failed: said in the
    // server's log; the connections get the one answer for a meeting not here.
    std::fprintf(stderr, "tavle server: cannot open meeting %s: %s\n", id.c_str(), e->message.c_str());
    if (e->code == "not_found") known_.erase(id);
    open_.erase(id);
    for (MeetingFound& found : waiting) found(Routed{});
    return;
  }
  std::shared_ptr<JoinFailureLog>& failures = failures_[id];
  if (!failures) failures = std::make_shared<JoinFailureLog>();
  setup->config.join_failures = failures;
  auto post = [this](std::function<void()> fn) { asio::post(io_, std::move(fn)); };
  o.loaded_at = Clock::now();
  o.meeting = std::make_unique<Meeting>(std::move(setup->config), std::move(setup->board), setup->last_seq,
                                        std::move(setup->recent), std::move(setup->journal), post);
  for (MeetingFound& found : waiting) found(Routed{o.meeting.get(), hold(id), nullptr, nullptr});
  if (o.holds == 0) unload_when_durable(id);
}

std::shared_ptr<void> Server::hold(const std::string& id) {
  struct Hold {
    Server* server;
    std::weak_ptr<bool> alive;
    std::string id;
    ~Hold() {
      if (alive.lock()) server->release(id);
    }
  };
  ++open_.at(id).holds;
  return std::make_shared<Hold>(this, alive_, id);  // no temporary Hold: its destructor releases
}

void Server::release(const std::string& id) {
  auto it = open_.find(id);
  if (it == open_.end() || it->second.holds == 0) return;
  if (--it->second.holds == 0) unload_when_durable(id);
}

// Unloaded only once every op it acknowledged is in the store (or its journal has
// failed: nothing more will be written) and its joins, tokens and codes are written
// too; until then it is looked at again shortly.
void Server::unload_when_durable(const std::string& id) {
  auto it = open_.find(id);
  if (it == open_.end() || it->second.holds > 0 || !it->second.meeting) return;
  const Meeting& m = *it->second.meeting;
  const bool written = !m.config().writes_pending || !m.config().writes_pending();
  if ((m.durable_seq() >= m.seq() || m.read_only()) && written) {
    open_.erase(it);  // the Meeting's destructor joins its journal's writer thread
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(20));
  timer->async_wait([this, timer, id, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
    if (!ec && alive.lock()) unload_when_durable(id);
  });
}

// [SECTION] facilitator keys changed in the store

// An account's access taken away gives the meetings concerned new facilitator keys in
// the store (store/meeting_codes.cpp), perhaps from another machine: the loaded
// meetings learn them here, so an app that kept an old key is out within
// key_check_every. The store is asked on the loader thread, for the loaded meetings
// only; a meeting loaded after the question was asked reads its key from the store
// itself, and its loading is answered after this (one loader thread, in order).
void Server::check_keys_regularly() {
  key_timer_.expires_after(config_.key_check_every);
  key_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
    if (ec || !alive.lock()) return;
    check_keys();
    check_keys_regularly();
  });
}

void Server::check_keys() {
  if (checking_keys_) return;  // the last question is not answered yet
  auto ids = std::make_shared<std::vector<std::string>>();
  for (const auto& [id, open] : open_)
    if (open.meeting) ids->push_back(id);
  if (ids->empty()) return;
  checking_keys_ = true;
  loader_->post([this, ids, alive = std::weak_ptr<bool>(alive_)] {
    auto keys = std::make_shared<std::map<std::string, std::string>>();
    if (auto e = library_->facilitator_keys(*ids, *keys)) {
      std::fprintf(stderr, "tavle server: cannot compare the meetings' facilitator keys: %s\n", e->message.c_str());
      keys->clear();
    }
    asio::post(io_, [this, alive, keys] {
      if (!alive.lock()) return;
      checking_keys_ = false;
      for (const auto& [id, key] : *keys) {
        auto it = open_.find(id);
        if (it != open_.end() && it->second.meeting && !key.empty()) it->second.meeting->replace_facilitator_key(key);
      }
    });
  });
}

}  // namespace tavle::net
