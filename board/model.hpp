// The state of one meeting: what every replica (host, app, tablet) holds and
// what the file format and the state hash describe. Plain data; all changes go
// through apply() in board/apply.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "board/types.hpp"

namespace tavle {

using Millis = std::int64_t;  // milliseconds since the Unix epoch, UTC

struct Participant {
  std::string id;
  std::string name;
  ParticipantRole role = ParticipantRole::Professional;
  std::string organisation;  // "Skolen", "Sundhedsplejen", "Jobcenter" ...
  bool present = true;
  bool removed = false;  // tombstone: references (ratings, owners) stay readable
};

struct NextStepFields {
  std::vector<std::string> owners;  // participant ids responsible
  std::string due;                  // "YYYY-MM-DD" or empty
  StepStatus status = StepStatus::Open;
};

struct Card {
  std::string id;
  Column column = Column::WorkingWell;
  std::string text;    // the family's own words; UTF-8, may span lines
  std::string text_op; // id of the op that last set the text: undo checks it
  std::string author;  // participant id
  Millis created = 0;
  Millis updated = 0;
  std::string order;  // fractional order key within the column (board/order_key.hpp)
  Category category = Category::None;
  bool professional_only = false;  // never shown to family, viewers or the projector
  std::string paired_with;         // danger statement -> the safety goal answering it
  NextStepFields step;             // meaningful in the NextSteps column
  std::map<std::string, Agreement> agreement;  // participant id -> mark
  std::string carried_from;  // card id in the previous meeting this one continues
  bool deleted = false;      // tombstone: late edits are rejected, never resurrect
  std::uint64_t version = 0; // bumps on every change; lets undo detect others' work
};

struct Rating {
  int value = -1;  // 0..10; -1 = not given (or hidden in a redacted view)
  bool hidden = false;  // true only in views where a blind rating is not revealed
  std::string reason;
  Millis at = 0;
};

struct SafetyScale {
  std::string question;
  bool blind = false;
  bool revealed = false;
  std::map<std::string, Rating> ratings;  // participant id -> rating
};

struct Suggestion {
  std::string id;
  std::string author;  // participant id (usually family)
  Column column = Column::WorkingWell;
  std::string text;
  Millis at = 0;
  SuggestionState state = SuggestionState::Pending;
  std::string card_id;  // the card it became, when accepted
};

struct Consent {
  std::string given_by;  // who gave written consent, in their words ("Mor og far")
  std::string at;        // "YYYY-MM-DD"
};

struct Approval {
  std::string by;  // participant id; empty = not approved
  Millis at = 0;
};

struct Meeting {
  std::string id;
  std::string family_id;
  std::string family_label;  // how the family wants to be named on the board
  std::string case_ref;
  MeetingKind kind = MeetingKind::Network;
  std::string starts_at;  // "YYYY-MM-DDTHH:MM" local time
  std::string place;
  std::string facilitator;  // participant id
  std::string coordinator;  // participant id
  Consent consent;
  std::string next_meeting;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
  std::string language = "da";
  std::string previous_meeting_id;
  Approval approval;
  std::map<std::string, Millis> signoffs;  // participant id -> when signed
};

struct Board {
  Meeting meeting;
  std::map<std::string, Participant> participants;
  std::map<std::string, Card> cards;  // includes tombstones
  SafetyScale scale;
  std::map<std::string, Suggestion> suggestions;
  std::uint64_t revision = 0;  // ops applied; same on every replica in host order

  const Card* find_card(const std::string& id) const;
  const Participant* find_participant(const std::string& id) const;
  // Live cards of a column in display order (order key, then id as tie-break).
  std::vector<const Card*> column(Column) const;
  std::size_t live_card_count() const;
};

// Who is looking: decides what a view of the board may contain.
enum class Audience {
  Full,          // the facilitator's replica and the host
  Professional,  // sees professional-only cards; blind ratings stay hidden
  Family,        // never professional-only cards
  Projection,    // what the room sees on the wall: like Family
};

// The board as `audience` may see it: professional-only cards removed for family
// and projection, other people's blind ratings hidden until revealed.
// `viewer` (a participant id) always sees their own rating.
Board view_for(const Board&, Audience, const std::string& viewer);

}  // namespace tavle
