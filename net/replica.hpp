// A client's copy of the meeting: the board as the host confirmed it, plus this
// client's own ops that the host has not answered yet (optimistic editing).
// The view shown to the user is confirmed + pending, re-applied in order. No
// sockets here: the Client feeds it host messages, and so do socketless tests.
#pragma once

#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "board/op.hpp"
#include "net/protocol.hpp"

namespace tavle::net {

struct ClientEvent {
  enum class Kind {
    Joined,        // welcome received (message: participant id)
    Rejected,      // one of our ops was refused and rolled back (op_id, code, message)
    Error,         // the host reported an error (code, message; fatal ones end the connection)
    Resynced,      // the board was replaced by a snapshot (message: reason)
    HostLeaving,   // bye from the host
    Focus,         // the facilitator asks everyone to look here (message: who; card_id and/or column)
    Waiting,       // the host holds us until the facilitator lets us in (message: request id)
    Security,      // facilitator only: the host noticed an attack (code: the event, e.g. code_guessing)
  };
  ClientEvent() = default;
  ClientEvent(Kind kind, std::string code, std::string message, std::string op_id, bool fatal)
      : kind(kind), code(std::move(code)), message(std::move(message)), op_id(std::move(op_id)), fatal(fatal) {}

  Kind kind = Kind::Error;
  std::string code;
  std::string message;
  std::string op_id;
  bool fatal = false;
  std::string card_id;  // Focus: the card, or empty for a whole column
  std::string column;   // Focus: the column's wire name
};

// Someone asking to be let in, as the facilitator's connection hears it.
struct AdmissionRequest {
  std::uint64_t request_id = 0;
  std::string name;
  Role role = Role::Viewer;
  std::string address;
  std::string participant_id;  // who it says it was (a live board participant), or empty
};

// What a client keeps so that its unsent work outlives the program (the app's
// outbox, docs/reliability.md): who it was in the meeting, the board the host last
// confirmed and the ops the host has not answered yet, oldest first.
struct UnsentWork {
  std::string meeting_id;  // confirmed.meeting.id: the work goes back to this meeting only
  std::string participant_id;
  std::string token;  // the rejoin token: back in as the same participant
  std::uint64_t seq = 0;
  Board confirmed;
  std::vector<Op> ops;
};

class Replica {
 public:
  // Applies a local op at once. On success it waits in pending until the host answers,
  // and `inverse` (when given) receives the op that takes it back, for its author's undo.
  std::optional<Error> submit(const Op&, Op* inverse = nullptr);
  // One host message (an object; arrays are split by the caller).
  void receive(const nlohmann::json& message, std::vector<ClientEvent>& events);
  // After a reconnect: every pending op must be sent again.
  void mark_all_unsent();
  // Pending ops not yet sent on this connection, marked as sent.
  std::vector<Op> take_unsent();
  // A copy of what would be lost if the program ended now.
  UnsentWork unsent_work() const;
  std::vector<std::string> pending_ids() const;
  // Before the first connection: takes up the work an earlier run kept. Nothing is
  // sent until a welcome's snapshot shows the same meeting; another meeting at the
  // same address ends the connection with a fatal "other_meeting" error and the
  // work stays pending (never sent to the wrong family's meeting).
  void resume(UnsentWork);
  // The seq to name in the next hello: 0 while resumed work waits for its meeting's
  // snapshot (a catch-up of ops would not say which meeting it is).
  std::uint64_t hello_seq() const { return expected_meeting_.empty() ? seq_ : 0; }

  const Board& view();  // confirmed + pending
  const Board& confirmed() const { return confirmed_; }
  std::uint64_t seq() const { return seq_; }
  std::size_t pending_count() const { return pending_.size(); }
  const std::string& participant_id() const { return participant_id_; }
  const std::vector<PresenceEntry>& presence() const { return presence_; }
  bool joined() const { return joined_; }
  bool waiting() const { return waiting_; }
  // The secret the host gave with welcome: sent with every later hello.
  const std::string& token() const { return token_; }
  // Facilitator only: who waits for admission, and the meeting's current codes.
  const std::vector<AdmissionRequest>& admission_requests() const { return requests_; }
  const std::string& join_code() const { return join_code_; }
  const std::string& professional_code() const { return professional_code_; }
  // A broadcast op did not apply here: ask the host for a snapshot.
  bool take_resync_request();

 private:
  struct Pending {
    Op op;
    bool sent = false;
  };
  void on_welcome(const nlohmann::json&, std::vector<ClientEvent>&);
  void on_op(std::uint64_t seq, const nlohmann::json& op);
  void confirm(const std::string& op_id);
  void replace_board(const nlohmann::json& board, std::uint64_t seq, std::vector<ClientEvent>&, const std::string& why);

  Board confirmed_;
  Board view_;
  bool view_dirty_ = false;
  std::deque<Pending> pending_;
  std::uint64_t seq_ = 0;
  std::string participant_id_;
  std::vector<PresenceEntry> presence_;
  bool joined_ = false;
  bool waiting_ = false;
  bool resync_wanted_ = false;
  std::string token_;
  std::vector<AdmissionRequest> requests_;
  std::string join_code_;
  std::string professional_code_;
  std::string expected_meeting_;  // resumed work's meeting, until a snapshot shows it
};

std::vector<PresenceEntry> presence_from_json(const nlohmann::json& clients);

}  // namespace tavle::net
