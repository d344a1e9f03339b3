#include "net/desk_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "board/board_json.hpp"

namespace tavle::net {

namespace asio = boost::asio;
using nlohmann::json;

// [SECTION] requests and answers

json sign_in_request(const std::string& name, const std::string& password) {
  return json{{"type", "sign_in"}, {"name", name}, {"password", password}};
}
json sign_out_request(const std::string& token) { return json{{"type", "sign_out"}, {"token", token}}; }
json families_request(const std::string& token) { return json{{"type", "families"}, {"token", token}}; }
json new_family_request(const std::string& token, const std::string& label) {
  return json{{"type", "new_family"}, {"token", token}, {"label", label}};
}
json new_meeting_request(const std::string& token, const std::string& family_id) {
  return json{{"type", "new_meeting"}, {"token", token}, {"family", family_id}};
}
json open_meeting_request(const std::string& token, const std::string& meeting_id) {
  return json{{"type", "open_meeting"}, {"token", token}, {"meeting", meeting_id}};
}

namespace {

DeskAnswer failed(std::string code, std::string message) {
  DeskAnswer a;
  a.type = "error";
  a.error_code = std::move(code);
  a.message = std::move(message);
  return a;
}

std::string text_of(const json& m, const char* name) {
  const auto it = m.find(name);
  return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

DeskAnswer read_desk_answer(const std::string& text) {
  json m;
  if (parse_json(text, m, 8) || !m.is_object()) return failed("invalid", "the server's answer is not one this app understands");
  DeskAnswer a;
  a.type = text_of(m, "type");
  if (a.type == "error") return failed(text_of(m, "code"), text_of(m, "message"));
  if (a.type == "signed_in" || a.type == "families") {
    a.name = text_of(m, "name");
    a.token = text_of(m, "token");
    if (a.type == "signed_in" && a.token.empty()) return failed("invalid", "the server's sign-in answer has no token");
    if (auto e = parse_families(m.contains("families") ? m["families"] : json(), a.families))
      return failed("invalid", e->message);
    return a;
  }
  if (a.type == "meeting") {
    if (auto e = parse_opened(m, a.opened)) return failed("invalid", e->message);
    return a;
  }
  if (a.type == "signed_out") return a;
  return failed("invalid", "the server's answer is not one this app understands");
}

// [SECTION] the client

DeskClient::DeskClient(std::function<void()> wake) : wake_(std::move(wake)) {
  thread_ = std::thread([this] {
    auto work = asio::make_work_guard(io_);
    io_.run();
  });
}

DeskClient::~DeskClient() {
  std::promise<void> done;
  asio::post(io_, [&] {
    if (connection_) {
      connection_->detach();
      connection_->cut();
    }
    deadline_.cancel();
    done.set_value();
  });
  done.get_future().wait();
  io_.stop();
  thread_.join();
}

void DeskClient::ask(const DeskServer& server, json request) {
  {
    std::lock_guard lock(mutex_);
    busy_ = true;
    answer_.reset();
  }
  asio::post(io_, [this, server, text = request.dump()]() mutable {
    if (connection_) {  // the request before is abandoned
      connection_->detach();
      connection_->cut();
    }
    ++asked_;
    answered_ = false;
    tls_.reset();
    if (auto e = client_context(HostCheck{server.fingerprint, server.ca_file}, server.host, check_, tls_))
      return answer(failed("wrong_host", e->message));
    connection_ = std::make_unique<WsConnection>(io_, static_cast<ConnectionEvents&>(*this), *tls_, check_,
                                                 server.fingerprint);
    connection_->start(server.host, server.port, std::string(kDeskPath), std::move(text));
    // A server that keeps the connection but never answers is reported, never waited on.
    deadline_.expires_after(std::chrono::seconds(30));
    deadline_.async_wait([this, asked = asked_](boost::system::error_code ec) {
      if (ec || asked != asked_ || answered_) return;
      if (connection_) connection_->cut();
      answer(failed("no_answer", silent_host_message()));
    });
  });
}

bool DeskClient::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

std::optional<DeskAnswer> DeskClient::take_answer() {
  std::lock_guard lock(mutex_);
  std::optional<DeskAnswer> a = std::move(answer_);
  answer_.reset();
  return a;
}

DeskAnswer DeskClient::ask_and_wait(const DeskServer& server, json request, std::chrono::milliseconds within) {
  ask(server, std::move(request));
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (auto a = take_answer()) return *a;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return failed("no_answer", "no answer in time");
}

void DeskClient::on_text(const std::string& text) {
  if (answered_) return;
  answer(read_desk_answer(text));  // one request per connection: the server closes it
}

void DeskClient::on_closed(const std::string& why, const std::string& code) {
  if (!answered_) answer(failed(code.empty() ? "no_answer" : code, why));
}

void DeskClient::on_wrong_host(const std::string& why) {
  if (!answered_) answer(failed("wrong_host", why));
}

void DeskClient::answer(DeskAnswer a) {
  answered_ = true;
  deadline_.cancel();
  {
    std::lock_guard lock(mutex_);
    busy_ = false;
    answer_ = std::move(a);
  }
  if (wake_) wake_();
}

}  // namespace tavle::net
