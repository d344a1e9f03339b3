// The native client: joins a meeting over WebSocket on its own network thread,
// always over TLS, checking the host (a pinned fingerprint or a CA, net/tls.hpp),
// reconnects by itself with backoff, resends unacknowledged ops, and keeps an
// optimistic Replica. Every public function is safe to call from the UI thread;
// the UI drains events once per frame and is woken through `wake` (the GUI
// passes glfwPostEmptyEvent). To take part in a meeting this process hosts,
// connect to 127.0.0.1:host.port() with role facilitator and host.facilitator_key().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/protocol.hpp"
#include "net/replica.hpp"
#include "net/tls.hpp"
#include "net/ws_connection.hpp"

namespace tavle::net {

struct JoinParams {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string code;
  std::string name;
  Role role = Role::Professional;
  std::string client_id;        // stable for this app; letters, digits, - _ .
  std::string facilitator_key;  // only for Role::Facilitator
  std::string professional_code;  // Role::Professional: in at once; without it the facilitator admits
  std::string participant_id;   // optional: rejoin as this board participant
  // How we know it is the meeting we were invited to (always TLS): the host's
  // fingerprint from the join information, else the municipality's CA file, else
  // the system's trusted CAs and the host's name.
  std::string fingerprint;
  std::string ca_file;
  // issue 18: on a server of many meetings, the meeting's id (the upgrade goes to
  // /m/ID/ws, docs/protocol.md); empty: a host's one meeting (/ws).
  std::string meeting_id;
};

struct ConnectionStatus {
  ConnectionState state = ConnectionState::Offline;
  std::size_t unsent = 0;  // local ops the host has not confirmed yet
  std::string last_error;  // why we are offline or reconnecting
  std::string last_error_code;  // its protocol code (e.g. refused, removed, wrong_code), if the host said one;
                                // wrong_host, or no_answer (a step of the join timed out; retried)
  bool waiting = false;    // connected, waiting for the facilitator to let us in
};

class Client : private ConnectionEvents {
 public:
  explicit Client(std::function<void()> wake = {});
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Before connect(): takes up the unsent work an earlier run kept (Replica::resume).
  void resume(UnsentWork);
  void connect(JoinParams);
  // Says bye and stops; pending ops stay in the replica.
  void disconnect();

  // Applies `op` locally at once and sends it; an op that is invalid here is
  // refused at once and never sent. `inverse` (when given) receives the op that
  // takes it back, as apply() worked it out on this client's view (for undo).
  std::optional<Error> submit(const Op& op, Op* inverse = nullptr);
  // A fresh op id: "<client id>:<counter>".
  std::string next_op_id();
  void set_editing(const std::string& card_id);  // empty: not editing
  // "Bring everyone to my view" (facilitator only): a card, or a whole column when
  // card_id is empty. Others receive it as a ClientEvent::Kind::Focus.
  void bring_everyone_to(const std::string& card_id, std::optional<Column> column);

  std::string participant_id() const;
  std::shared_ptr<const Board> view();  // confirmed + pending; shared until the next change
  Board confirmed() const;
  std::uint64_t seq() const;
  ConnectionStatus status() const;
  std::vector<PresenceEntry> presence() const;
  std::vector<ClientEvent> take_events();
  // What would be lost if the program ended now, for an app that keeps it on disk;
  // the ids alone are cheap enough to ask after every change.
  UnsentWork unsent_work() const;
  std::vector<std::string> unsent_op_ids() const;

  // Facilitator only (docs/protocol.md, "Admission"): who waits to be let in, the
  // meeting's current codes, and the answers.
  std::vector<AdmissionRequest> admission_requests() const;
  std::pair<std::string, std::string> codes() const;  // room code, professional code
  void admit(std::uint64_t request_id, Role as, const std::string& participant_id = "");
  void refuse(std::uint64_t request_id);
  // Puts a connection (from presence) out; with `participant`, its board participant too.
  void remove(std::uint64_t connection, bool participant);
  void new_code();

  // Closes the socket abruptly, as a network failure would (tests, diagnostics).
  void cut_connection();

 private:
  void start_connection();
  void schedule_reconnect();
  void on_text(const std::string& text) override;  // network thread
  void on_closed(const std::string& why, const std::string& code) override;  // network thread; code e.g. no_answer
  void on_wrong_host(const std::string& why) override;  // network thread: the host is not the one we were invited to
  void send_unsent();                      // network thread
  void send_transient(const nlohmann::json& message);
  void notify();

  std::function<void()> wake_;
  boost::asio::io_context io_{1};
  std::thread thread_;
  std::unique_ptr<WsConnection> connection_;  // network thread only
  std::unique_ptr<boost::asio::steady_timer> retry_timer_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // network thread only; made by connect()
  std::shared_ptr<HostCheckResult> check_ = std::make_shared<HostCheckResult>();
  std::optional<Error> tls_error_;  // the join information's fingerprint or CA file is unusable
  std::chrono::milliseconds backoff_{250};
  JoinParams params_;
  bool stopping_ = false;  // network thread only
  // issue 18: a server said another server of the same database hosts the meeting
  // (`meeting_elsewhere`): the next attempt goes there; any later one to params_ again
  // (the entry point: when that server is gone, the entry point takes the meeting over).
  std::string elsewhere_host_;  // network thread only; empty: params_
  unsigned short elsewhere_port_ = 0;
  bool follow_elsewhere_ = false;

  mutable std::mutex mutex_;
  Replica replica_;
  mutable std::shared_ptr<const Board> view_cache_;
  ConnectionStatus status_;
  std::vector<ClientEvent> events_;
  std::uint64_t op_counter_ = 0;
};

}  // namespace tavle::net
