// [SECTION] the client: thread, reconnect with backoff, replica under a mutex
#include "net/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>

#include "board/board_json.hpp"
#include "board/text.hpp"

namespace tavle::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using nlohmann::json;

std::string_view name_of(ConnectionState s) {
  switch (s) {
    case ConnectionState::Connecting: return "connecting";
    case ConnectionState::Connected: return "connected";
    case ConnectionState::Reconnecting: return "reconnecting";
    case ConnectionState::Offline: return "offline";
  }
  return "offline";
}

// [SECTION] the client: thread, reconnect with backoff, replica under a mutex

Client::Client(std::function<void()> wake) : wake_(std::move(wake)) {
  op_counter_ = static_cast<std::uint64_t>(
                    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                        .count() %
                    1000000000) *
                1000;  // op ids stay unique across restarts of an app with the same client id
}

Client::~Client() {
  disconnect();
  if (thread_.joinable()) {
    io_.stop();
    thread_.join();
  }
  if (connection_) connection_->detach();
}

void Client::connect(JoinParams params) {
  if (thread_.joinable()) disconnect();
  io_.restart();
  stopping_ = false;
  params_ = std::move(params);
  {
    std::lock_guard lock(mutex_);
    status_.state = ConnectionState::Connecting;
  }
  tls_.reset();
  tls_error_ = client_context(HostCheck{params_.fingerprint, params_.ca_file}, params_.host, check_, tls_);
  retry_timer_ = std::make_unique<asio::steady_timer>(io_);
  asio::post(io_, [this] { start_connection(); });
  thread_ = std::thread([this] {
    auto work = asio::make_work_guard(io_);
    io_.run();
  });
}

void Client::disconnect() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    stopping_ = true;
    if (retry_timer_) retry_timer_->cancel();
    if (connection_) connection_->close();
    // The bye needs a moment on the wire before the loop stops.
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
    timer->async_wait([this, timer](beast::error_code) { io_.stop(); });
  });
  thread_.join();
  if (connection_) connection_->detach();
  std::lock_guard lock(mutex_);
  status_.state = ConnectionState::Offline;
}

void Client::start_connection() {
  if (stopping_) return;
  if (tls_error_) return on_wrong_host(tls_error_->message);
  Hello h;
  h.protocol = kProtocolVersion;
  h.code = params_.code;
  h.name = params_.name;
  h.role = params_.role;
  h.client_id = params_.client_id;
  h.facilitator_key = params_.facilitator_key;
  h.professional_code = params_.professional_code;
  {
    std::lock_guard lock(mutex_);
    h.token = replica_.token();
    h.last_seq = replica_.hello_seq();
    h.participant_id = replica_.participant_id().empty() ? params_.participant_id : replica_.participant_id();
    replica_.mark_all_unsent();
  }
  JoinParams where = params_;
  if (follow_elsewhere_ && !elsewhere_host_.empty()) {
    where.host = elsewhere_host_;
    where.port = elsewhere_port_;
  }
  follow_elsewhere_ = false;
  if (connection_) connection_->detach();
  connection_ = std::make_unique<WsConnection>(io_, static_cast<ConnectionEvents&>(*this), *tls_, check_, params_.fingerprint);
  connection_->start(where.host, where.port, where.meeting_id.empty() ? "/ws" : "/m/" + where.meeting_id + "/ws",
                     wire_text(to_json(h)));
}

void Client::on_text(const std::string& text) {
  json parsed;
  if (parse_json(text, parsed, 64)) return;
  std::vector<ClientEvent> events;
  bool joined_now = false;
  bool fatal = false;
  bool other_meeting = false;
  bool resync = false;
  // issue 18 (docs/protocol.md, "One server, many meetings"): where the meeting is hosted now.
  std::optional<std::string> elsewhere;
  for (const json& m : parsed.is_array() ? parsed : json::array({parsed}))
    if (m.is_object() && m.value("code", "") == "meeting_elsewhere" && m.contains("location") && m["location"].is_string())
      elsewhere = m["location"].get<std::string>();
  if (elsewhere) {
    const auto colon = elsewhere->rfind(':');
    const auto port = colon == std::string::npos || colon == 0
                          ? std::nullopt
                          : parse_number(std::string_view(*elsewhere).substr(colon + 1), 1, 65535);
    if (port) {
      elsewhere_host_ = elsewhere->substr(0, colon);
      elsewhere_port_ = static_cast<unsigned short>(*port);
      follow_elsewhere_ = true;
      backoff_ = std::chrono::milliseconds(50);
    }
  }
  {
    std::lock_guard lock(mutex_);
    const bool was_joined = replica_.joined();
    if (parsed.is_array()) {
      for (const json& m : parsed) replica_.receive(m, events);
    } else {
      replica_.receive(parsed, events);
    }
    joined_now = !was_joined && replica_.joined();
    for (const ClientEvent& e : events) {
      if (e.fatal) {
        fatal = true;
        other_meeting |= e.code == "other_meeting";
        status_.last_error = e.message;
        status_.last_error_code = e.code;
      }
    }
    if (joined_now) {
      status_.state = ConnectionState::Connected;
      status_.last_error.clear();
      status_.last_error_code.clear();
    }
    status_.waiting = replica_.waiting() && !replica_.joined();
    resync = replica_.take_resync_request();
    status_.unsent = replica_.pending_count();
    view_cache_.reset();
    events_.insert(events_.end(), events.begin(), events.end());
  }
  if (joined_now) backoff_ = std::chrono::milliseconds(250);
  send_unsent();  // after a welcome or snapshot: every op the host has not confirmed
  if (resync && connection_) connection_->send(R"({"type":"resync"})");
  // wrong code, role or version, another meeting: retrying cannot help (another
  // server hosting it can: the next attempt goes there)
  if (fatal && !follow_elsewhere_) stopping_ = true;
  // The host closes after its own fatal errors; another meeting at this address
  // (resumed work, Replica::resume) is ours to leave, before it sends us anything.
  if (other_meeting && connection_) connection_->cut();
  notify();
}

void Client::on_closed(const std::string& why, const std::string& code) {
  {
    std::lock_guard lock(mutex_);
    replica_.mark_all_unsent();
    if (status_.last_error.empty() || !stopping_) {
      status_.last_error = why;
      status_.last_error_code = code;
    }
    status_.state = stopping_ ? ConnectionState::Offline : ConnectionState::Reconnecting;
    status_.waiting = false;
    view_cache_.reset();
  }
  notify();
  if (!stopping_) schedule_reconnect();
}

// Retrying cannot make a wrong host right: stop and say why in plain words.
void Client::on_wrong_host(const std::string& why) {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    replica_.mark_all_unsent();
    status_.last_error = why;
    status_.last_error_code = "wrong_host";
    status_.state = ConnectionState::Offline;
    status_.waiting = false;
    view_cache_.reset();
  }
  notify();
}

void Client::schedule_reconnect() {
  retry_timer_->expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(5000));
  retry_timer_->async_wait([this](beast::error_code ec) {
    if (!ec) start_connection();
  });
}

void Client::send_unsent() {
  std::vector<Op> ops;
  {
    std::lock_guard lock(mutex_);
    if (!replica_.joined()) return;
    ops = replica_.take_unsent();
  }
  for (const Op& op : ops) connection_->send(wire_text(json{{"type", "op"}, {"op", to_json(op)}}));
}

std::optional<Error> Client::submit(const Op& op, Op* inverse) {
  {
    std::lock_guard lock(mutex_);
    if (auto e = replica_.submit(op, inverse)) return e;
    status_.unsent = replica_.pending_count();
    view_cache_.reset();
  }
  asio::post(io_, [this] {
    if (connection_) send_unsent();
  });
  return std::nullopt;
}

void Client::resume(UnsentWork work) {
  std::lock_guard lock(mutex_);
  replica_.resume(std::move(work));
  status_.unsent = replica_.pending_count();
  view_cache_.reset();
}

UnsentWork Client::unsent_work() const {
  std::lock_guard lock(mutex_);
  return replica_.unsent_work();
}

std::vector<std::string> Client::unsent_op_ids() const {
  std::lock_guard lock(mutex_);
  return replica_.pending_ids();
}

std::string Client::next_op_id() {
  std::lock_guard lock(mutex_);
  return params_.client_id + ":" + std::to_string(++op_counter_);
}

// Messages that only matter while connected (presence, focus): never resent.
void Client::send_transient(const json& message) {
  asio::post(io_, [this, text = wire_text(message)] {
    if (connection_) connection_->send(text);
  });
}

void Client::set_editing(const std::string& card_id) {
  send_transient(json{{"type", "editing"}, {"card_id", card_id.empty() ? json(nullptr) : json(card_id)}});
}

void Client::bring_everyone_to(const std::string& card_id, std::optional<Column> column) {
  send_transient(json{{"type", "focus"},
                      {"card_id", card_id.empty() ? json(nullptr) : json(card_id)},
                      {"column", column ? json(std::string(name_of(*column))) : json(nullptr)}});
}

std::vector<AdmissionRequest> Client::admission_requests() const {
  std::lock_guard lock(mutex_);
  return replica_.admission_requests();
}

std::pair<std::string, std::string> Client::codes() const {
  std::lock_guard lock(mutex_);
  return {replica_.join_code(), replica_.professional_code()};
}

void Client::admit(std::uint64_t request_id, Role as, const std::string& participant_id) {
  json m{{"type", "admit"}, {"request_id", request_id}, {"as", std::string(name_of(as))}};
  if (!participant_id.empty()) m["participant_id"] = participant_id;
  send_transient(m);
}

void Client::refuse(std::uint64_t request_id) { send_transient(json{{"type", "refuse"}, {"request_id", request_id}}); }

void Client::remove(std::uint64_t connection, bool participant) {
  send_transient(json{{"type", "remove"}, {"connection", connection}, {"participant", participant}});
}

void Client::new_code() { send_transient(json{{"type", "new_code"}}); }

std::string Client::participant_id() const {
  std::lock_guard lock(mutex_);
  return replica_.participant_id();
}

std::shared_ptr<const Board> Client::view() {
  std::lock_guard lock(mutex_);
  if (!view_cache_) view_cache_ = std::make_shared<const Board>(replica_.view());
  return view_cache_;
}

Board Client::confirmed() const {
  std::lock_guard lock(mutex_);
  return replica_.confirmed();
}

std::uint64_t Client::seq() const {
  std::lock_guard lock(mutex_);
  return replica_.seq();
}

ConnectionStatus Client::status() const {
  std::lock_guard lock(mutex_);
  ConnectionStatus s = status_;
  s.unsent = replica_.pending_count();
  return s;
}

std::vector<PresenceEntry> Client::presence() const {
  std::lock_guard lock(mutex_);
  return replica_.presence();
}

std::vector<ClientEvent> Client::take_events() {
  std::lock_guard lock(mutex_);
  std::vector<ClientEvent> out;
  out.swap(events_);
  return out;
}

void Client::cut_connection() {
  asio::post(io_, [this] {
    if (connection_) connection_->cut();
  });
}

void Client::notify() {
  if (wake_) wake_();
}

}  // namespace tavle::net
