// issue 18: one process hosting many meetings on one port (`tavle server`,
// docs/server.md). Each meeting is the same Meeting a `tavle host` runs (its own
// codes, roles, admission and journal); a connection reaches one by the path of its
// WebSocket upgrade, /m/ID (docs/protocol.md, "One server, many meetings"). A meeting
// not in use costs only its id in the index: it is loaded from the store on its first
// connection (on a loader thread, so the other meetings go on meanwhile) and unloaded
// once its last connection has gone and its journal is durable.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "net/desk.hpp"
#include "net/journal.hpp"
#include "net/meeting.hpp"
#include "net/session_limits.hpp"
#include "net/tls.hpp"

namespace tavle::net {

class Listener;

// Everything a Meeting is made from.
struct MeetingSetup {
  MeetingConfig config;
  Board board;
  std::uint64_t last_seq = 0;
  std::vector<SequencedOp> recent;
  std::shared_ptr<Journal> journal;
};

// Where a server's meetings are kept (session/ gives it over the store: net/ never
// sees the store). Called on the server's loader thread only, one call at a time.
class MeetingLibrary {
 public:
  virtual ~MeetingLibrary() = default;
  // The id of every meeting that may be opened: the server's index.
  virtual std::optional<Error> list(std::vector<std::string>& ids) = 0;
  // Meeting `id` with its board, seq, recent ops, durable journal, codes and callbacks.
  // Where the store is shared by several servers, the journal's connection first takes
  // the meeting's lease, naming this server's `location`; when another server holds it,
  // the error's code is "elsewhere" and its message that server's location.
  virtual std::optional<Error> load(const std::string& id, const std::string& location, MeetingSetup& out) = 0;
  // The facilitator keys kept now for loaded meetings `ids`, by meeting (an account's
  // access taken away gives its meetings new keys; the server then gives them to
  // the meetings in memory: Meeting::replace_facilitator_key). A library whose keys
  // never change keeps this default: none.
  virtual std::optional<Error> facilitator_keys(const std::vector<std::string>& ids,
                                                std::map<std::string, std::string>& out) {
    (void)ids;
    out.clear();
    return std::nullopt;
  }

  // issue 18: facilitators signing in at /facilitator (net/desk.hpp, docs/protocol.md
  // "Facilitators on a server"). Called on the server's desk thread only, one call at a
  // time, possibly while list() or load() runs on the loader thread: these need a store
  // connection of their own (a sign-in's Argon2id check never delays a meeting's loading).
  // A library without accounts keeps these defaults (Error "not_offered").
  //
  // `accepted` false is a refusal (no such account, wrong password, disabled, the wait
  // after wrong ones): the library writes why in the security log; the person is told
  // only "refused". An Error is a storage failure.
  // `fresh_address`: the address has made no sign-in attempt within the server's
  // window, so an account's own wait after wrong passwords does not stop it
  // (store::Store::verify_facilitator).
  // `out` is the account when accepted, with its password's stamp.
  virtual std::optional<Error> sign_in(const std::string& name, const std::string& password,
                                       const std::string& address, bool fresh_address,
                                       std::optional<DeskAccount>& out);
  // Each of the following answers Error "signed_out" when `account`'s stamp is no
  // longer its password's (a new password ends every sign-in made with the old one).
  // The families `account` may open, with their meetings.
  virtual std::optional<Error> families(const DeskAccount& account, std::vector<DeskFamily>& out);
  // A new meeting of family `family_id` (continuing its last meeting), or, with
  // `family_id` empty, of a new family labelled `label` that `account` may then open.
  // Error "not_allowed" when the account may not open the family, "not_found" when there is none.
  virtual std::optional<Error> new_meeting(const DeskAccount& account, const std::string& address,
                                           const std::string& family_id, const std::string& label, DeskOpened& out);
  // Meeting `meeting_id`'s key and codes, for an account that may open its family.
  virtual std::optional<Error> open_meeting(const DeskAccount& account, const std::string& address,
                                            const std::string& meeting_id, DeskOpened& out);
};

struct ServerConfig {
  std::string address = "0.0.0.0";
  unsigned short port = 0;  // 0: any free port (see Server::port())
  SessionLimits session;
  std::filesystem::path web_root;   // the tablet page, served under /m/ID/; empty serves none
  std::optional<TlsIdentity> tls;   // `tavle server` always sets it; without it, plain (tests)
  PlainConnections plain = PlainConnections::Redirected;
  // Where clients reach this server (HOST:PORT), told to clients of a meeting another
  // server holds; empty: ADDRESS:PORT as bound.
  std::string public_address;
  // A path naming an id the index does not hold lists the store again at most this
  // often (a meeting made since the start is found; a flood of made-up ids costs one listing).
  std::chrono::milliseconds relist_every{2000};
  // How often the loaded meetings' facilitator keys are compared with the store's:
  // a facilitator whose access was taken away (docs/server.md) is out of the
  // meetings in memory within this time, on every server sharing the store.
  std::chrono::milliseconds key_check_every{5000};
  // Paths naming no meeting, per address and minute, before that address is answered
  // `unknown_meeting` for every path for the rest of the minute (it is scanning ids).
  int unknown_per_address = 20;
  std::chrono::seconds unknown_window{60};
  // issue 18, the facilitators' desk: refused sign-ins per address within the window
  // before that address must wait for the rest of it (each account also has its own
  // wait after 5 wrong passwords, store/accounts.hpp), and how long a sign-in lasts.
  int sign_in_failures_per_address = 10;
  std::chrono::seconds sign_in_window{15 * 60};
  std::chrono::seconds signed_in_for{12 * 60 * 60};
};

struct ServerStatus {
  std::size_t known = 0;        // meetings in the index
  std::size_t loaded = 0;       // meetings in memory
  std::size_t connections = 0;  // joined connections, all meetings
};

class Server {
 public:
  Server(ServerConfig, std::unique_ptr<MeetingLibrary>);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Lists the store (the index), binds the port and starts the network and loader threads.
  std::optional<Error> start();
  // Says bye to every connection, closes them, unloads every meeting and joins the threads.
  void stop();

  unsigned short port() const { return port_; }
  // Where clients reach this server: public_address, or ADDRESS:PORT.
  const std::string& location() const { return location_; }
  std::string fingerprint() const { return config_.tls ? config_.tls->fingerprint : std::string(); }
  // Runs `fn` on the network thread with meeting `id` (null when not loaded) and waits.
  void inspect(const std::string& id, const std::function<void(const Meeting*)>& fn);
  ServerStatus status();

 private:
  struct Open {
    std::unique_ptr<Meeting> meeting;  // null while loading
    Clock::time_point loaded_at;       // when it was (its codes were read from the store before)
    std::size_t holds = 0;             // connections bound to it
    std::vector<MeetingFound> waiting; // upgrades waiting for it to load
  };
  struct Pending {  // an upgrade waiting for the store to be listed again
    std::string id;
    std::string address;
    MeetingFound found;
  };
  class Loader;  // the loader thread
  class Desk;    // the facilitators' desk (net/server_desk.cpp)

  void route(std::string_view target, const std::string& address, MeetingFound found);
  std::shared_ptr<DeskHandler> make_desk();
  void on_desk_thread(std::function<void()> job);
  void open(const std::string& id, MeetingFound found);
  void loaded(const std::string& id, std::optional<Error>, std::shared_ptr<MeetingSetup>);
  void relist();
  bool scanning(const std::string& address, bool count_one);
  std::shared_ptr<void> hold(const std::string& id);
  void release(const std::string& id);
  void unload_when_durable(const std::string& id);
  void check_keys_regularly();
  void check_keys();

  ServerConfig config_;
  std::unique_ptr<MeetingLibrary> library_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // holds and timers check it
  boost::asio::io_context io_{1};
  boost::asio::steady_timer trim_timer_{io_};
  boost::asio::steady_timer key_timer_{io_};
  bool checking_keys_ = false;  // a comparison is on the loader thread
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  std::unique_ptr<SessionContext> context_;
  std::shared_ptr<Listener> listener_;
  std::unique_ptr<Loader> loader_;
  std::unique_ptr<Loader> desk_thread_;  // the desk's store calls (sign-ins), apart from loading
  std::shared_ptr<DeskHandler> desk_;  // made by make_desk (net/server_desk.cpp)
  std::thread thread_;
  unsigned short port_ = 0;
  std::string location_;
  bool running_ = false;
  // On the network thread only:
  std::unordered_set<std::string> known_;
  std::map<std::string, Open> open_;
  // Each meeting's failed joins outlive its unloading (docs/security.md).
  std::unordered_map<std::string, std::shared_ptr<JoinFailureLog>> failures_;
  std::map<std::string, JoinFailures> unknown_;  // paths naming no meeting, per address
  std::vector<Pending> relist_waiting_;
  bool listing_ = false;
  Clock::time_point listed_at_{};
};

}  // namespace tavle::net
