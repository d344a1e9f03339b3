// The room: owns the authoritative Board, gives accepted ops their sequence
// numbers, makes them durable through the Journal, and fans them out to every
// joined connection in the form its audience may see. It also decides who gets
// in and as what (docs/security.md): the room's code admits family and viewers,
// professionals come in with the professional code or the facilitator's
// admission, and every connection pays for what it sends from one budget.
// Knows nothing about sockets: a connection is a Peer, so tests can drive it
// without a network. Everything here runs on one thread (the network thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "board/limits.hpp"
#include "board/model.hpp"
#include "net/audience_filter.hpp"
#include "net/journal.hpp"
#include "net/journal_writer.hpp"
#include "net/protocol.hpp"
#include "net/security_log.hpp"

namespace tavle::net {

using Clock = std::chrono::steady_clock;

// What a rejoin token gives back: never more than its connection had.
struct RejoinGrant {
  std::string participant_id;
  Role role = Role::Viewer;
};
using RejoinTokens = std::map<std::string, RejoinGrant>;  // token -> grant

// Failed joins, per address and across addresses (docs/security.md, "Guessing the
// code"). A meeting keeps them here; a server of many meetings keeps each meeting's
// beyond its unloading (net/server.hpp), so leaving and coming back never wipes them.
struct JoinFailures {
  int count = 0;
  Clock::time_point first;
  Clock::time_point blocked_until;
};
struct JoinFailureLog {
  std::map<std::string, JoinFailures> by_address;
  std::deque<Clock::time_point> overall;  // within failure_window, across addresses
  bool told_attack = false;               // the facilitator knows (once per window)
};

struct MeetingConfig {
  std::string join_code;          // the room's code (projected, in the QR code): family and viewers
  std::string professional_code;  // shown only on the facilitator's screen; empty: admission only
  std::string facilitator_key;
  std::size_t max_clients = 100;
  std::size_t reserved_slots = 10;    // of max_clients: only the facilitator and professionals use these
  std::size_t max_per_address = 8;    // joined and waiting connections from one address
  bool loopback_exempt = true;        //   ... except from this machine (the app's own client)
  std::size_t max_waiting = 20;       // connections waiting for the facilitator at once
  std::size_t max_join_participants = 40;  // board participants the host adds for joins, per run
  std::size_t max_tokens = 4096;      // rejoin tokens kept (the oldest is forgotten first)
  double messages_per_second = 200;   // every message a connection sends costs 1; 0 = unlimited
  double message_burst = 1000;        // messages a connection may send at once before slowing down
  double resync_cost = 100;           // a resync (a whole snapshot) costs this many messages
  std::size_t recent_ops = 4096;  // kept for catch-up on reconnect
  std::size_t messages_per_frame = 1000;  // a client's array frame holds at most this many
  std::size_t remembered_op_ids = 20000;  // duplicate detection window
  int failed_joins_slowdown = 5;  // per address and minute: answers slowed from here
  int failed_joins_block = 10;    // ... and refused for block_time from here
  int global_failed_joins = 10;   // across all addresses, per failure_window: then code joins are refused
  std::chrono::seconds failure_window{60};
  std::chrono::seconds block_time{300};
  std::chrono::milliseconds slowdown{1000};
  Limits limits = kDefaultLimits;
  SecurityLogSink security_log;  // empty: no security log
  // Rejoin tokens that outlive a restart: a durable host keeps them beside its data
  // (0600) and gives them back here, so devices rejoin as themselves and their unsent
  // ops still count (docs/security.md). Told every change; empty: memory only.
  RejoinTokens initial_tokens;
  std::function<void(const RejoinTokens&)> tokens_changed;
  // issue 13: told every join (who, which role, from where) for the store's access
  // log (docs/privacy.md); runs on the network thread. Empty: not recorded.
  std::function<void(const PresenceEntry&, const std::string& address)> joined;
  // issue 18: a meeting of a server is unloaded and loaded again; its codes must
  // survive that (a `new_code` must stay new). Told the new join and professional
  // codes on every change; empty: not kept.
  std::function<void(const std::string& join_code, const std::string& professional_code)> codes_changed;
  // issue 18: true while what the three callbacks above handed over is not yet in the
  // store (they queue it: session/store_writer.hpp). A server unloads the meeting
  // only after, so whoever loads it next (another server too) reads it. Empty: never.
  std::function<bool()> writes_pending;
  // issue 18: where failed joins are counted (null: the meeting's own).
  std::shared_ptr<JoinFailureLog> join_failures;
};

// One connection as the meeting sees it.
class Peer {
 public:
  virtual ~Peer() = default;
  virtual void deliver(const Frame&) = 0;
  // Write what is queued, then close (after a fatal error or bye).
  virtual void close_after_flush() = 0;
  virtual const std::string& address() const = 0;
  // A connection without TLS that the facilitator allowed for the family view:
  // it may be family or viewer only (docs/protocol.md, "Encryption").
  virtual bool plain_family_only() const { return false; }
};

class Meeting {
 public:
  // Runs a function on the network thread (journal completions come back through it).
  using Post = std::function<void(std::function<void()>)>;

  Meeting(MeetingConfig, Board initial, std::uint64_t last_seq, std::vector<SequencedOp> recent,
          std::shared_ptr<Journal>, Post post);
  ~Meeting();
  Meeting(const Meeting&) = delete;
  Meeting& operator=(const Meeting&) = delete;

  // Handles one text frame (a message, or an array of messages from a joined
  // client); returns how long to wait before reading this peer again.
  std::chrono::milliseconds receive(Peer&, std::string_view text);
  void binary_frame(Peer&);
  bool joined(Peer& peer) const { return member_ids_.count(&peer) > 0; }
  // Waiting for the facilitator's admission: sees nothing, is not timed out.
  bool waiting(Peer& peer) const { return waiting_ids_.count(&peer) > 0; }
  // Messages of this peer's last frame not handled yet (its budget ran out).
  bool has_backlog(Peer& peer) const;
  // Handles more of the backlog; returns how long to wait before the next try.
  std::chrono::milliseconds resume(Peer&);
  // How long to hold back the join answer of an address that failed too often.
  std::chrono::milliseconds join_delay(const std::string& address) const;
  void leave(Peer&);
  // Puts out every plain (family-view-only) connection: plain HTTP is no longer allowed.
  void close_plain_connections();
  // issue 18: the store gave the meeting a new facilitator key (an account's access
  // was taken away: docs/server.md). Every facilitator connection goes, told why;
  // the old key, and a facilitator's rejoin token with it, make no facilitator now.
  void replace_facilitator_key(const std::string& key);
  // The peer fell too far behind: its queue was dropped; this is its fresh snapshot.
  Frame resync(Peer&);
  // The host is stopping: bye to everyone.
  void shutdown();

  const Board& board() const { return board_; }
  std::uint64_t seq() const { return seq_; }
  std::uint64_t durable_seq() const { return durable_seq_; }
  std::size_t connections() const { return members_.size(); }
  bool read_only() const { return read_only_; }
  const MeetingConfig& config() const { return config_; }
  std::size_t waiting_count() const { return waiting_.size(); }

 private:
  struct Member {
    Peer* peer = nullptr;
    std::uint64_t id = 0;
    PresenceEntry presence;
    Audience audience = Audience::Family;
    Role role = Role::Viewer;
    std::uint64_t skip_through = 0;  // its board already holds every op up to here
    double budget = 0;  // messages it may still send now
    Clock::time_point refilled;
    bool told_rate_limited = false;
    std::deque<std::string> own_ops;  // its newest durable op ids (named in snapshots)
    std::string token;                // its rejoin token
    std::string client_id;
    nlohmann::json backlog;           // the rest of a frame its budget did not cover
    std::size_t backlog_next = 0;
    // Its welcome waits until the board the welcome shows holds its own participant
    // (the host's op adding it may still be on its way to the disk).
    bool welcomed = false;
    std::uint64_t welcome_at_seq = 0;
    std::uint64_t hello_last_seq = 0;
  };
  struct Waiting {  // a connection asking the facilitator to be let in
    Peer* peer = nullptr;
    std::uint64_t id = 0;
    Hello hello;
  };
  using Grant = RejoinGrant;
  struct Accepted {
    SequencedOp sequenced;
    Op inverse;  // takes it back if the journal fails
    Deliveries deliveries;
    std::uint64_t author = 0;  // member id; 0 = the host or a departed member
  };
  struct Recent {
    std::uint64_t seq;
    Op op;
    Deliveries deliveries;
  };
  struct Outcome {  // what happened to an op id, for duplicates
    std::uint64_t seq = 0;
    std::optional<Error> error;
  };

  std::chrono::milliseconds receive_message(Peer&, Member*, const nlohmann::json&);

  // joining (meeting.cpp)
  void hello(Peer&, const nlohmann::json&);
  void refuse(Peer&, const std::string& code, const std::string& message, bool counts_as_failure);
  bool under_attack(Clock::time_point now);
  void forget_old_failures(Clock::time_point now);
  void join(Peer&, const Hello&, Role, std::string participant, std::string token);
  std::string new_participant(const Hello&, Role);
  void welcome(Member&, std::uint64_t last_seq);
  void welcome_when_durable(Member&, std::uint64_t last_seq);
  void welcome_those_waiting();
  void broadcast_presence();
  std::vector<PresenceEntry> presence() const;
  Member* member_of(Peer&);
  std::chrono::milliseconds drain(Member&);
  double cost_of(const nlohmann::json& message) const;
  void log(std::string_view event, const std::string& address, const std::string& detail = "") const;

  // admission, removal, codes (meeting_admission.cpp)
  bool address_has_room(const std::string& address) const;
  bool needs_admission(const Peer&, const Hello&) const;
  void wait_for_admission(Peer&, const Hello&);
  void send_admission_list();
  void send_codes(Member&);
  void admit(Member& facilitator, const nlohmann::json& message);
  void refuse_request(Member& facilitator, const nlohmann::json& message);
  void remove(Member& facilitator, const nlohmann::json& message);
  void new_code(Member& facilitator);
  std::string issue_token(const std::string& participant_id, Role);
  void revoke_tokens(const std::string& participant_id, const std::string& token);
  void tell_tokens_changed() const;
  std::string scope_of(const Member&) const;

  // ops (meeting_ops.cpp)
  void propose(Member&, const nlohmann::json& message);
  std::optional<Error> check_role(const Member&, const Op&) const;
  std::optional<Error> accept(const Op&, std::uint64_t author);
  // Op ids are remembered per sender (its participant id, or its connection for a
  // viewer), so nobody can spend or block another's ids.
  void remember(const std::string& scope, const std::string& op_id, Outcome);
  void write_journal();
  void on_durable(std::optional<Error>);
  void deliver_batch(const std::vector<Accepted>&);
  void remember_own_op(std::uint64_t member, const std::string& op_id);
  // The board and seq that snapshots, welcomes and catch-up may show: only what the
  // journal holds, so nothing is acknowledged before it is durable.
  const Board& durable_board() const { return writer_ ? durable_board_ : board_; }
  void fail_journal(const Error&);
  Frame snapshot_for(Member&, std::string_view reason);

  // "bring everyone to my view" (meeting_focus.cpp)
  void focus(Member&, const nlohmann::json& message);

  MeetingConfig config_;
  Board board_;
  Board durable_board_;  // the board at durable_seq_, kept only with a slow journal
  std::uint64_t seq_ = 0;
  std::uint64_t durable_seq_ = 0;
  std::shared_ptr<Journal> journal_;
  std::unique_ptr<JournalWriter> writer_;
  Post post_;
  bool writing_ = false;
  bool read_only_ = false;
  std::vector<Accepted> unsent_;
  std::vector<Accepted> in_flight_;
  std::deque<Recent> recent_;
  std::unordered_map<std::string, Outcome> outcomes_;
  // Members that resent an op still on its way to the disk: answered when it is durable.
  std::unordered_map<std::string, std::vector<std::uint64_t>> awaiting_durable_;
  std::deque<std::string> outcome_order_;
  std::map<std::uint64_t, Member> members_;
  std::unordered_map<Peer*, std::uint64_t> member_ids_;
  std::uint64_t next_member_id_ = 1;
  std::shared_ptr<JoinFailureLog> failures_;  // config_.join_failures, or its own
  bool presence_dirty_ = false;                    // sent once the current frame is handled
  std::map<std::uint64_t, Waiting> waiting_;
  std::unordered_map<Peer*, std::uint64_t> waiting_ids_;
  std::unordered_map<std::string, Grant> tokens_;
  std::deque<std::string> token_order_;
  std::set<std::string> removed_addresses_;  // put out by the facilitator: admission only
  std::set<std::string> removed_clients_;
  std::size_t join_participants_ = 0;  // participants added for joins in this run
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace tavle::net
