// The meeting as the UI sees it: the current board, a way to send ops, per-author
// undo/redo, the connection state and who else is here. The UI never changes the
// board itself; it only reads board() and calls submit(). LocalSession applies ops
// in-process; the networked session talks to a host through net/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"
#include "board/model.hpp"
#include "board/op.hpp"
#include "board/text.hpp"  // now_millis(): the clock ops are stamped with
#include "net/protocol.hpp"

namespace tavle::session {

// The connection's states and the people present are the network's own types
// (net/protocol.hpp): one set, read by the app as the client keeps them.
using net::ConnectionState;
using net::PresenceEntry;

struct ConnectionInfo {
  bool local = true;  // a file on this machine: no host, no connection (state is then meaningless)
  ConnectionState state = ConnectionState::Offline;
  std::size_t unsent_ops = 0;  // typed while offline; sent when the host is back
  std::string address;         // "HOST:PORT" when hosting or joined
  std::string join_code;       // shown with the QR code when this app hosts
  std::string professional_code;  // the facilitator's own screen only: never projected, never in the QR code
  std::string last_error;      // the host's or the socket's last complaint
  std::string last_error_code;  // its protocol code: refused, removed, wrong_code, ...
  bool waiting = false;        // asked to be let in; the facilitator has not answered yet
  bool code_guessing = false;  // the host saw many wrong codes lately (facilitator only)
  // Encryption (docs/protocol.md, "Encryption"): the host's certificate fingerprint
  // (what joining apps pin), whether tablets get https://, and whether this meeting
  // also serves the family view unencrypted (the facilitator's choice, shown on the board).
  std::string fingerprint;
  bool tablets_https = false;
  bool plain_family = false;
  bool hosting = false;  // this app hosts: it may switch plain_family
};

// Someone asking to be let in, as the facilitator sees it.
struct AdmissionRequestView {
  std::uint64_t request_id = 0;
  std::string name;
  std::string role;     // what they asked for: professional, family or viewer
  std::string address;  // their machine's network address
  std::string participant_id;  // the board participant it says it was (unproven), or empty
};

// Where the facilitator asks everyone to look: a card, or a whole column.
struct FocusTarget {
  std::string card_id;  // empty: the column as a whole
  Column column = Column::WorkingWell;
};

class Session {
 public:
  virtual ~Session() = default;

  virtual const Board& board() const = 0;
  // The participant this app speaks for (author of its ops).
  virtual const std::string& self_id() const = 0;
  // Stamps id "<client>:<seq>", author and time, applies it (optimistically when
  // networked) and returns the model's error when apply() refuses it.
  virtual std::optional<Error> submit(Op op) = 0;
  virtual std::optional<Error> undo() = 0;
  virtual std::optional<Error> redo() = 0;
  virtual bool can_undo() const = 0;
  virtual bool can_redo() const = 0;

  virtual ConnectionInfo connection() const = 0;
  // The facilitator's choice for the meeting this app hosts: also serve the family
  // view over plain HTTP (for tablets that cannot trust the certificate).
  virtual void allow_plain_family(bool) {}
  virtual std::vector<PresenceEntry> presence() const = 0;
  // Tells the others which card this app is editing (empty: none).
  virtual void set_editing(const std::string& card_id) = 0;
  // "Bring everyone to my view": asks followers to scroll to this card/column.
  // Only the facilitator of a shared meeting can (the button is hidden otherwise).
  virtual bool can_bring_everyone() const = 0;
  virtual void bring_everyone_to(const FocusTarget& focus) = 0;
  // True when someone else may lead this window's view (a shared meeting we do not lead).
  virtual bool can_follow() const = 0;
  // The newest focus the facilitator asked everyone to follow, consumed once.
  virtual std::optional<FocusTarget> take_follow_request() = 0;

  // Admission (docs/security.md): only the facilitator of a shared meeting has any.
  virtual std::vector<AdmissionRequestView> admission_requests() const { return {}; }
  // Lets a waiting person in as `as` (professional, family or viewer); empty refuses.
  // With `participant_id`, as that existing board participant (of the same kind):
  // someone from the last meeting on a new device.
  virtual void answer_admission(std::uint64_t /*request_id*/, const std::string& /*as*/,
                                const std::string& /*participant_id*/ = "") {}
  // Puts a connection out of the meeting (and its board participant, if asked).
  virtual void remove_connection(std::uint64_t /*connection*/, bool /*participant*/) {}
  // A new room code (and professional code); the old ones stop working.
  virtual void new_code() {}

  // Drains events from the network; true if anything visible changed.
  virtual bool poll() = 0;
  // Called from another thread when poll() has news (wakes the UI loop).
  virtual void set_wake(std::function<void()> wake) = 0;

  // Where the meeting is saved as a file, if it came from one.
  virtual std::optional<Error> save_to(const std::string& path) const = 0;
  virtual const std::string& file_path() const = 0;
};

}  // namespace tavle::session
