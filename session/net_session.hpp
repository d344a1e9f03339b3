// A meeting shared over the network: ops go through net::Client (optimistic,
// resent after reconnects), and the board shown is the client's view. For
// `tavle demo` (and hosting from the app) a net::Host runs in this process and
// the app joins it as facilitator, the same path every other device takes.
#pragma once

#include <functional>
#include <map>
#include <memory>

#include "session/session.hpp"
#include "board/undo.hpp"
#include "net/client.hpp"
#include "net/host.hpp"
#include "session/hosting.hpp"
#include "session/outbox.hpp"

namespace tavle::session {

class NetSession : public Session {
 public:
  // Joins a meeting hosted elsewhere (or by `host`, which this session then owns).
  // With `claim_facilitator`, once joined it names itself the meeting's facilitator
  // (a new meeting, or one a different person led before).
  // With `outbox` (session/outbox.hpp), unsent work kept there by an earlier run is
  // taken up, and this run's is kept there until the host has answered it.
  NetSession(net::JoinParams params, std::string shown_address, std::unique_ptr<net::Host> host = nullptr,
             bool claim_facilitator = false, OutboxPlace outbox = {});
  ~NetSession() override;

  const Board& board() const override { return *view_; }
  const std::string& self_id() const override { return self_id_; }
  std::optional<Error> submit(Op op) override;
  std::optional<Error> undo() override;
  std::optional<Error> redo() override;
  bool can_undo() const override { return undo_.can_undo(); }
  bool can_redo() const override { return undo_.can_redo(); }

  ConnectionInfo connection() const override;
  void allow_plain_family(bool allow) override;
  std::vector<PresenceEntry> presence() const override;
  void set_editing(const std::string& card_id) override;
  bool can_bring_everyone() const override { return role_ == net::Role::Facilitator; }
  void bring_everyone_to(const FocusTarget& focus) override;
  bool can_follow() const override { return role_ != net::Role::Facilitator; }
  std::optional<FocusTarget> take_follow_request() override;
  std::vector<AdmissionRequestView> admission_requests() const override;
  void answer_admission(std::uint64_t request_id, const std::string& as, const std::string& participant_id = "") override;
  void remove_connection(std::uint64_t connection, bool participant) override;
  void new_code() override;
  bool poll() override;
  void set_wake(std::function<void()> wake) override;

  std::optional<Error> save_to(const std::string& path) const override;
  const std::string& file_path() const override { return file_path_; }

 private:
  std::optional<Error> step_history(bool redo);
  void on_event(const net::ClientEvent&);
  void keep_unsent();  // the outbox follows the client's unsent ops

  std::shared_ptr<std::function<void()>> wake_;  // shared with the client's thread
  std::unique_ptr<net::Host> host_;              // stopped after the client leaves
  std::unique_ptr<net::Client> client_;
  std::shared_ptr<const Board> view_;
  std::string self_id_;
  std::string address_;
  std::string join_code_;
  std::string fingerprint_;  // the host's, pinned when joining
  std::string last_error_;
  std::string file_path_;
  std::string editing_;
  net::Role role_;
  bool claim_facilitator_ = false;
  bool code_guessing_ = false;
  std::optional<FocusTarget> follow_request_;
  UndoHistory undo_;
  std::map<std::string, std::string> sent_;  // op id -> kept until the host answers (for forget())
  OutboxPlace outbox_;                      // empty path: unsent work lives in memory only
  std::vector<std::string> kept_ids_;       // the unsent op ids the outbox holds
};

// A meeting to host and join as its facilitator: `setup` holds its board (and, for a
// stored meeting, what attach_stored_meeting() adds: seq, recent ops, journal, key,
// rejoin tokens), so the app hosts exactly as `tavle host --data` does.
struct HostedMeeting {
  HostSetup setup;
  std::string listen_address = "0.0.0.0";  // every interface, so tablets on the LAN can join
  // Who facilitates: when the board's facilitator has another name (or there is
  // none yet), the app joins as a new participant of this name and takes the role.
  // Empty: the board's own facilitator.
  std::string facilitator_name;
  std::string professional_code;  // empty: a random one (shown on the facilitator's own screen only)
  bool allow_plain_family = false;  // also serve the family view unencrypted (the Join panel can change it)
};

// Starts a host for `board` on `port` (0: any free port; empty join_code: a random one) serving the tablet page
// from `web_root`, and joins it as the board's facilitator.
std::optional<Error> host_meeting(HostedMeeting meeting, unsigned short port, const std::string& join_code, const std::string& web_root,
                                  std::unique_ptr<Session>& out);

}  // namespace tavle::session
