// The state of one meeting: what every replica (host, app, tablet) holds and
// what the file format and the state hash describe. Plain data; all changes go
// through apply() in board/apply.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "board/types.hpp"
#include "board/plan.hpp"  // issue 14

namespace tavle {

using Millis = std::int64_t;  // milliseconds since the Unix epoch, UTC

struct Participant {
  std::string id;
  std::string name;
  ParticipantRole role = ParticipantRole::Professional;
  std::string organisation;  // "Skolen", "Sundhedsplejen", "Jobcenter" ...
  bool present = true;
  bool removed = false;  // tombstone: references (ratings, owners) stay readable
  // issue 14: how to reach them (the coordinator's on the family's tablet and in the
  // plan; e-mail or post for sending the plan)
  std::string email;
  std::string phone;
  std::string address;
};

struct NextStepFields {
  std::vector<std::string> owners;  // participant ids responsible
  std::string due;                  // "YYYY-MM-DD" or empty
  StepStatus status = StepStatus::Open;
};

// issue 15: how the meeting followed up a next step carried from the last one:
// done, not done (with a short why) or carried on. Open = not followed up yet.
struct StepReview {
  StepStatus outcome = StepStatus::Open;
  std::string why;  // in the meeting's words; mostly for "not done"
  std::string by;   // participant id of who marked it
  Millis at = 0;
  bool empty() const { return outcome == StepStatus::Open && why.empty() && by.empty() && at == 0; }
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
  std::string goal;          // issue 14: a next step's goal (board/plan.hpp), or ""
  bool deleted = false;      // tombstone: late edits are rejected, never resurrect
  std::uint64_t version = 0; // bumps on every change; lets undo detect others' work
  // issue 15: the follow-up of a carried next step in this meeting, and the one the
  // previous meeting gave (carried along, so each meeting sees how it went last time).
  StepReview review;
  StepReview last_review;
};

// The board's cards by id (tombstones included), with the live cards of each
// column kept in display order beside them. Card ops ask "which card is last
// in this column", "is this order key taken", "how many live cards": with the
// index each is a lookup instead of a walk over the whole board, which matters
// on the host, where every op is applied while the room waits for it.
// Reading is a std::map's; every change goes through insert/put/erase/change so
// the index cannot fall out of step with the cards.
class CardTable {
 public:
  using Map = std::map<std::string, Card>;
  using const_iterator = Map::const_iterator;
  using value_type = Map::value_type;

  const_iterator begin() const { return cards_.begin(); }
  const_iterator end() const { return cards_.end(); }
  const_iterator find(const std::string& id) const { return cards_.find(id); }
  std::size_t count(const std::string& id) const { return cards_.count(id); }
  const Card& at(const std::string& id) const { return cards_.at(id); }
  std::size_t size() const { return cards_.size(); }
  bool empty() const { return cards_.empty(); }

  // Adds `card` unless its id is taken; returns whether it was added.
  bool insert(Card card);
  // Adds `card`, or replaces the card with its id.
  void put(Card card);
  const_iterator erase(const_iterator at);
  std::size_t erase(const std::string& id);

  // Changes the card `id` in place (std::out_of_range if there is none); the
  // index follows its column, order key and deletion. The id cannot change.
  template <class Change>
  const Card& change(const std::string& id, Change&& change_card) {
    auto it = cards_.find(id);
    if (it == cards_.end()) throw std::out_of_range("no card \"" + id + "\"");
    Card& card = it->second;
    const Placement before = placement_of(card);
    // Even when the change throws half-way, the index follows what the card is now.
    auto reindex = [&] {
      const Placement after = placement_of(card);
      if (after != before) {
        unindex(before, id);
        index(after, id);
      }
    };
    try {
      change_card(card);
    } catch (...) {
      card.id = id;
      reindex();
      throw;
    }
    const bool id_changed = card.id != id;
    card.id = id;
    reindex();
    if (id_changed) throw std::logic_error("CardTable::change: a card's id is its key and cannot change");
    return card;
  }

  // Live cards, and the live cards of one column in display order (order key,
  // then id), as (order key, id) pairs.
  using ColumnOrder = std::set<std::pair<std::string, std::string>>;
  std::size_t live_count() const;
  // An order key after every live card of `column`.
  std::string key_after_last(Column column) const;
  const ColumnOrder& in_column(Column column) const { return columns_[static_cast<std::size_t>(column)]; }

 private:
  struct Placement {
    Column column;
    std::string order;
    bool live;
    bool operator!=(const Placement& o) const { return column != o.column || order != o.order || live != o.live; }
  };
  static Placement placement_of(const Card& c) { return {c.column, c.order, !c.deleted}; }
  void index(const Placement&, const std::string& id);
  void unindex(const Placement&, const std::string& id);

  Map cards_;
  std::array<ColumnOrder, 3> columns_;
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
  // issue 14: how each sign-off was given (own device, orally, on paper) and who recorded it
  std::map<std::string, SignoffRecord> signoff_forms;
};

// issue 15: the plan's lists that are not cards (board/network.hpp).
enum class PlanList { ChildVoice, SafeAdults, AcutePlan, BottomLines };
// How the child's words reached the meeting.
enum class VoiceHow { SaidInMeeting, SaidBefore, Drawn, Written };

struct ChildWords {
  std::string child;     // participant id of the child whose words these are
  std::string text;      // the child's own words, or what the drawing shows
  VoiceHow how = VoiceHow::SaidInMeeting;
  std::string heard_by;  // who heard or recorded them, in words ("Mette, sundhedsplejerske")
  std::string on;        // "YYYY-MM-DD" or empty
  std::string house;     // the Three Houses: "", "good", "worries" or "dreams"
  std::string by;        // participant id who wrote them into the meeting
  Millis at = 0;
};

struct SafeAdult {  // someone of the family's network, in the room or not
  std::string name;
  std::string relation;  // "Mors veninde"
  std::string contact;   // how to reach them
  std::string commits;   // what they commit to
};

struct AcuteContact {  // who to call when things go wrong
  std::string who;
  std::string phone;
  std::string when = "always";  // day | night | always
  std::string what;             // what they do when called
};

struct BottomLine {  // what the authority requires regardless
  std::string text;
  std::string by;  // participant id
};

struct Board {
  Meeting meeting;
  std::map<std::string, Participant> participants;
  CardTable cards;  // includes tombstones
  SafetyScale scale;
  std::map<std::string, Suggestion> suggestions;
  // issue 14: the family plan (board/plan.hpp); tombstones included
  std::map<std::string, Goal> goals;
  std::map<std::string, Intervention> interventions;
  std::map<std::string, ConsentRecord> consents;
  // issue 15: by entry id
  std::map<std::string, ChildWords> child_voice;
  std::map<std::string, SafeAdult> safe_adults;
  std::map<std::string, AcuteContact> acute_plan;
  std::map<std::string, BottomLine> bottom_lines;
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
