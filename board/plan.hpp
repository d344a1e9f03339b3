// issue 14: the family plan the municipality files (docs/format.md, "The family plan"):
// goals for the family and for each family member, the interventions (indsatser)
// of each actor around each person, structured consent, and how each person's
// agreement to the plan was given. Plain data, held by the Board (board/model.hpp);
// changed only through apply() (board/apply_plan.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tavle {

using Millis = std::int64_t;  // milliseconds since the Unix epoch, UTC

enum class InterventionStatus { Planned, Running, Ended };
enum class ConsentForm { Written, Oral };
// How a person's agreement to the plan was given. OwnDevice: they pressed "I agree"
// on their own device (or, in files from before issue 14, someone recorded it).
enum class SignoffForm { OwnDevice, Oral, Paper };
// How someone was sent the plan: an e-mail draft with the PDF, or a printed PDF by post.
enum class InformMethod { Email, Post };

std::string_view name_of(InterventionStatus);
std::string_view name_of(ConsentForm);
std::string_view name_of(SignoffForm);
std::optional<InterventionStatus> intervention_status_from(std::string_view);
std::optional<ConsentForm> consent_form_from(std::string_view);
std::optional<SignoffForm> signoff_form_from(std::string_view);
std::string_view name_of(InformMethod);
std::optional<InformMethod> inform_method_from(std::string_view);

// A goal in the family's own words, for the family as a whole (for_whom empty) or
// for one or more family members.
struct Goal {
  std::string id;
  std::string text;
  std::vector<std::string> for_whom;  // participant ids; empty = the whole family
  std::string how_we_know;            // how we will know it is reached
  std::vector<std::string> themes;    // optional tags from the municipality's list
  bool reached = false;
  std::string author;  // participant id
  Millis created = 0;
  Millis updated = 0;
  std::string carried_from;  // its id in the previous meeting
  bool deleted = false;      // tombstone, like cards
  std::uint64_t version = 0;
};

// What an actor (a participant, or an organisation not at the table) provides or
// will start for whom: the school's support, the job centre's course, ...
struct Intervention {
  std::string id;
  std::string text;
  std::string actor;         // participant id of who provides it, or ""
  std::string organisation;  // the provider when no participant is named ("Børnepsykiatrien")
  std::vector<std::string> for_whom;  // participant ids; empty = the whole family
  std::string starts;  // "YYYY-MM-DD" or ""
  std::string ends;    // "YYYY-MM-DD" or ""
  InterventionStatus status = InterventionStatus::Planned;
  std::string goal;  // the goal it serves, or ""
  std::vector<std::string> themes;
  bool professional_only = false;  // never reaches family, viewers or the projector
  std::string author;
  Millis created = 0;
  Millis updated = 0;
  std::string carried_from;
  bool deleted = false;
  std::uint64_t version = 0;
};

// One person's consent to share information in this meeting. A withdrawal is
// recorded (withdrawn_at), never deleted; `deleted` is only for an entry made by mistake.
struct ConsentRecord {
  std::string id;
  std::string given_by;  // participant id: a parent with custody, or the young person
  ConsentForm form = ConsentForm::Written;
  std::string at;                   // "YYYY-MM-DD"
  std::vector<std::string> covers;  // organisations that may share information
  std::string withdrawn_at;         // "YYYY-MM-DD"; "" = in force
  std::string author;
  Millis created = 0;
  Millis updated = 0;
  bool deleted = false;
  std::uint64_t version = 0;
};

// How one person's agreement (Meeting::signoffs) was given and who recorded it.
struct SignoffRecord {
  SignoffForm form = SignoffForm::OwnDevice;
  std::string recorded_by;  // participant id of whoever sent the op
};

// That someone was sent the plan (Meeting::informed), how, when and by whom. A
// person sent the plan again keeps only the latest; the journal keeps every one.
struct InformedRecord {
  InformMethod how = InformMethod::Email;
  Millis at = 0;
  std::string by;  // participant id of who sent it
};

struct Board;

// Consent records that are live and not withdrawn.
std::vector<const ConsentRecord*> consents_in_force(const Board&);
// True while no consent is in force: the facilitator's screen and the exports say so.
bool consent_missing(const Board&);

// Where two interventions of different actors serve one person at the same time
// (neither ended): the reason network meetings exist. `person` is a participant id,
// or "" for interventions for the whole family. Sorted by person.
struct Overlap {
  std::string person;
  std::vector<std::string> interventions;  // ids, at least two, of at least two actors
};
std::vector<Overlap> intervention_overlaps(const Board&);
// Who provides an intervention, as one key: the actor's id, else its organisation.
std::string actor_key(const Intervention&);

// The overview (issue 14): for the whole family ("") and then each family member
// (parents, then children), their goals, the interventions around them, the next
// steps that serve one of their goals, and whether interventions of different
// actors overlap for them. Professional-only interventions are included: a caller
// showing the family's view passes view_for(board, Audience::Family).
struct PersonOverview {
  std::string person;  // participant id, or "" for the whole family
  std::vector<std::string> goals;          // goal ids
  std::vector<std::string> interventions;  // intervention ids
  std::vector<std::string> steps;          // next-step card ids
  bool overlap = false;
};
std::vector<PersonOverview> plan_overview(const Board&);

// Continuity (board/continuity.hpp): goals not yet reached and interventions planned
// or running carry into the next meeting with their ids (carried_from = id); a next
// step keeps its goal when the goal came along.
void carry_plan(const Board& previous, Board& next, Millis now);

}  // namespace tavle
