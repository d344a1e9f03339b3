// issue 18: the facilitators' desk of `tavle server` (net/desk.hpp; docs/protocol.md,
// "Facilitators on a server"). The network thread checks what it can at once (TLS,
// the request's shape, the address's wait, the sign-in's token); everything that
// needs the store (the Argon2id check, the family list, a new meeting) runs on the
// server's desk thread, one at a time, apart from the loading of meetings, and the
// answer comes back to the network thread.
// [SECTION] the desk's state   [SECTION] a request   [SECTION] the library's defaults
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <cstdio>

#include "board/board_json.hpp"
#include "board/limits.hpp"
#include "net/protocol.hpp"
#include "net/secrets.hpp"
#include "net/server.hpp"
#include "net/static_files.hpp"

namespace tavle::net {

namespace asio = boost::asio;
using nlohmann::json;

// [SECTION] the desk's state

class Server::Desk : public DeskHandler, public std::enable_shared_from_this<Server::Desk> {
 public:
  explicit Desk(Server& server) : server_(server) {}
  void ask(const std::string& text, const std::string& address, bool encrypted, DeskReply reply) override;

 private:
  struct SignedIn {
    DeskAccount account;
    Clock::time_point until;
  };
  using Job = std::function<Frame(MeetingLibrary&)>;  // desk thread; the answer

  void sign_in(const json& request, const std::string& address, DeskReply reply);
  void on_desk(Job job, DeskReply reply, std::function<void()> then = {});
  bool waiting(const std::string& who);
  bool attempted_lately(const std::string& who);
  void count_failure(const std::string& who);
  std::string new_token(DeskAccount account);
  const SignedIn* signed_in(const json& request);

  Server& server_;
  // On the network thread only:
  std::map<std::string, SignedIn> tokens_;               // token -> who, until when
  std::map<std::string, JoinFailures> failures_;          // refused sign-ins per address
  std::size_t in_flight_ = 0;                            // requests waiting for the desk thread
  std::map<std::string, int> signing_in_;                // sign-ins being checked, per guesser
};

namespace {

constexpr std::size_t kMaxInFlight = 64;       // beyond: "busy" (the desk is one thread)
constexpr std::size_t kMaxTokens = 10000;      // signed-in apps at once
constexpr std::size_t kMaxPassword = 1024;

Frame error(const char* code, const std::string& message) { return encode_error(code, message, true); }

constexpr int kSignInsAtOncePerGuesser = 2;

// Who is guessing: an IPv4 address, or an IPv6 address's /64 (one machine may use
// any address of its network's /64, so counting single IPv6 addresses would not count it).
std::string guesser(const std::string& address) {
  boost::system::error_code ec;
  const auto parsed = asio::ip::make_address(address, ec);
  if (ec || !parsed.is_v6() || parsed.to_v6().is_v4_mapped()) return address;
  auto bytes = parsed.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

bool text(const json& request, const char* name, std::string& out, std::size_t max_bytes) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_string()) return false;
  const std::string& value = it->get_ref<const std::string&>();
  if (value.empty() || value.size() > max_bytes) return false;
  out = value;
  return true;
}

// What the person is told about a store's refusal: the code says what; details of a
// storage failure go to the server's log only.
Frame refusal(const Error& e) {
  if (e.code == "not_allowed")
    return error("not_allowed", "this account may not open that family's meetings; ask the server's administrator");
  if (e.code == "not_found") return error("not_found", "there is no such family or meeting on this server");
  if (e.code == "invalid") return error("invalid", e.message);
  if (e.code == "not_offered") return error("not_offered", "this server has no facilitator accounts");
  if (e.code == "signed_out") return error("signed_out", "sign in again");
  std::fprintf(stderr, "tavle server: a facilitator's request failed: %s\n", e.message.c_str());
  return error("server_error", "the server could not do that just now; try again");
}

}  // namespace

// [SECTION] a request

void Server::Desk::ask(const std::string& text_in, const std::string& address, bool encrypted, DeskReply reply) {
  // Before anything is read: a password or a token never counts on a plain connection.
  if (!encrypted) return reply(error("needs_encryption", "signing in needs an encrypted connection (https)"));
  json request;
  if (parse_json(text_in, request, 4) || !request.is_object() || !request.contains("type") ||
      !request["type"].is_string())
    return reply(error("invalid", "not a request this server understands"));
  if (in_flight_ >= kMaxInFlight) return reply(error("busy", "the server is busy; try again in a moment"));
  const std::string type = request["type"];
  if (type == "sign_in") return sign_in(request, address, std::move(reply));
  const SignedIn* who = signed_in(request);
  if (!who) return reply(error("signed_out", "sign in again"));
  const DeskAccount account = who->account;
  if (type == "sign_out") {
    tokens_.erase(request["token"].get<std::string>());
    return reply(make_frame(json{{"type", "signed_out"}}));
  }
  if (type == "families") {
    return on_desk(
        [account](MeetingLibrary& library) {
          std::vector<DeskFamily> families;
          if (auto e = library.families(account, families)) return refusal(*e);
          return make_frame(json{{"type", "families"}, {"families", to_json(families)}});
        },
        std::move(reply));
  }
  std::string family, label, meeting;
  const bool new_family = type == "new_family" && text(request, "label", label, Limits{}.short_text_bytes);
  const bool new_meeting = type == "new_meeting" && text(request, "family", family, 64);
  const bool open = type == "open_meeting" && text(request, "meeting", meeting, 64) && valid_meeting_id(meeting);
  if (!new_family && !new_meeting && !open) return reply(error("invalid", "not a request this server understands"));
  auto opened = std::make_shared<DeskOpened>();
  auto asked = std::make_shared<Clock::time_point>();
  Job job = [=](MeetingLibrary& library) {
    *asked = Clock::now();
    auto e = open ? library.open_meeting(account, address, meeting, *opened)
                  : library.new_meeting(account, address, family, label, *opened);
    if (e) return refusal(*e);
    json answer = to_json(*opened);
    answer["type"] = "meeting";
    return make_frame(answer);
  };
  // A meeting made just now is in the index at once: the app's join must not wait
  // for the next listing of the store.
  // The key handed out is the store's now: a meeting in memory that was loaded
  // before it was read, with another key, takes it before the app can join with
  // it (an account's access was taken away since the last key check).
  on_desk(std::move(job), std::move(reply), [this, opened, asked] {
    if (opened->meeting_id.empty()) return;
    server_.known_.insert(opened->meeting_id);
    auto it = server_.open_.find(opened->meeting_id);
    if (it != server_.open_.end() && it->second.meeting && it->second.loaded_at < *asked)
      it->second.meeting->replace_facilitator_key(opened->facilitator_key);
  });
}

void Server::Desk::sign_in(const json& request, const std::string& address, DeskReply reply) {
  std::string name, password;
  if (!text(request, "name", name, 64) || !text(request, "password", password, kMaxPassword))
    return reply(error("invalid", "a sign-in needs a name and a password"));
  const std::string who = guesser(address);
  if (waiting(who))
    return reply(error("wait", "too many refused sign-ins from this device; wait a few minutes and try again"));
  // Counted when asked, not when answered: sign-ins sent all at once cannot pass
  // the limit before the first is refused; a right password gives its count back.
  if (signing_in_[who] >= kSignInsAtOncePerGuesser) return reply(error("busy", "the server is busy; try again in a moment"));
  ++signing_in_[who];
  const bool fresh = !attempted_lately(who);
  count_failure(who);
  auto accepted = std::make_shared<std::optional<DeskAccount>>();
  auto families = std::make_shared<std::vector<DeskFamily>>();
  Job job = [name, password, address, fresh, accepted, families](MeetingLibrary& library) -> Frame {
    if (auto e = library.sign_in(name, password, address, fresh, *accepted)) return refusal(*e);
    if (!*accepted) return nullptr;
    if (auto e = library.families(**accepted, *families)) return refusal(*e);
    return nullptr;
  };
  // The token is made on the network thread (it owns the table), after the check.
  DeskReply finish = [this, reply, name, who, accepted, families](Frame frame) {
    if (--signing_in_[who] <= 0) signing_in_.erase(who);
    if (frame) return reply(frame);  // a storage failure
    if (!*accepted)
      return reply(error("sign_in_refused",
                         "the name or the password is wrong, or this account may not sign in now"));
    // Its own count back (the others' guesses stay counted): under the limit again,
    // the address need not wait.
    if (auto it = failures_.find(who); it != failures_.end() && it->second.count > 0)
      if (--it->second.count < server_.config_.sign_in_failures_per_address) it->second.blocked_until = {};
    reply(make_frame(json{{"type", "signed_in"},
                          {"name", name},
                          {"token", new_token(**accepted)},
                          {"families", to_json(*families)}}));
  };
  on_desk(std::move(job), std::move(finish));
}

void Server::Desk::on_desk(Job job, DeskReply reply, std::function<void()> then) {
  ++in_flight_;
  server_.on_desk_thread([self = shared_from_this(), job = std::move(job), reply = std::move(reply),
                         then = std::move(then), alive = std::weak_ptr<bool>(server_.alive_)]() mutable {
    Frame answer = job(*self->server_.library_);
    asio::post(self->server_.io_, [self, answer, reply = std::move(reply), then = std::move(then), alive] {
      if (!alive.lock()) return;
      --self->in_flight_;
      if (then) then();
      reply(answer);
    });
  });
}

bool Server::Desk::waiting(const std::string& who) {
  auto it = failures_.find(who);
  return it != failures_.end() && Clock::now() < it->second.blocked_until;
}

bool Server::Desk::attempted_lately(const std::string& who) {
  auto it = failures_.find(who);
  return it != failures_.end() && it->second.count > 0 &&
         Clock::now() - it->second.first <= server_.config_.sign_in_window;
}

void Server::Desk::count_failure(const std::string& who) {
  const auto now = Clock::now();
  const auto window = server_.config_.sign_in_window;
  if (failures_.size() > 10000)  // many addresses must not cost unbounded memory
    for (auto it = failures_.begin(); it != failures_.end();)
      it = now - it->second.first > window && now >= it->second.blocked_until ? failures_.erase(it) : std::next(it);
  JoinFailures& f = failures_[who];
  if (f.count == 0 || now - f.first > window) f = JoinFailures{0, now, f.blocked_until};
  if (++f.count >= server_.config_.sign_in_failures_per_address) f.blocked_until = f.first + window;
}

std::string Server::Desk::new_token(DeskAccount account) {
  const auto now = Clock::now();
  if (tokens_.size() >= kMaxTokens) {
    for (auto it = tokens_.begin(); it != tokens_.end();) it = it->second.until <= now ? tokens_.erase(it) : std::next(it);
    // Still full: the sign-in ending soonest makes room.
    if (tokens_.size() >= kMaxTokens)
      tokens_.erase(std::min_element(tokens_.begin(), tokens_.end(),
                                     [](const auto& a, const auto& b) { return a.second.until < b.second.until; }));
  }
  std::string token = random_token() + random_token();  // 256 bits
  tokens_[token] = SignedIn{std::move(account), now + server_.config_.signed_in_for};
  return token;
}

const Server::Desk::SignedIn* Server::Desk::signed_in(const json& request) {
  std::string token;
  if (!text(request, "token", token, 128)) return nullptr;
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return nullptr;
  if (it->second.until <= Clock::now()) {
    tokens_.erase(it);
    return nullptr;
  }
  return &it->second;
}

// [SECTION] the library's defaults

namespace {
Error not_offered() { return Error{"not_offered", "this server has no facilitator accounts"}; }
}  // namespace

std::optional<Error> MeetingLibrary::sign_in(const std::string&, const std::string&, const std::string&, bool,
                                             std::optional<DeskAccount>& out) {
  out.reset();
  return not_offered();
}
std::optional<Error> MeetingLibrary::families(const DeskAccount&, std::vector<DeskFamily>&) { return not_offered(); }
std::optional<Error> MeetingLibrary::new_meeting(const DeskAccount&, const std::string&, const std::string&,
                                                 const std::string&, DeskOpened&) {
  return not_offered();
}
std::optional<Error> MeetingLibrary::open_meeting(const DeskAccount&, const std::string&, const std::string&,
                                                  DeskOpened&) {
  return not_offered();
}

std::shared_ptr<DeskHandler> Server::make_desk() { return std::make_shared<Desk>(*this); }

}  // namespace tavle::net
