// issue 14: typed constructors for the family plan's ops (goals, interventions,
// consent records, how a sign-off was given), like board/ops.hpp for the rest: the
// field names of docs/format.md ("The family plan") are written once, here. Undo
// fills in `expect`; the sender fills in id, author and at.
// [SECTION] goals · interventions · consent · sign-off as given · who was sent the plan
#pragma once

#include <string>
#include <vector>

#include "board/op.hpp"

namespace tavle::ops {

// [SECTION] goals ------------------------------------------------------------------
struct GoalFields {
  std::vector<std::string> for_whom{};  // family members' ids; none = the whole family
  std::string how_we_know{};
  std::vector<std::string> themes{};
};
Op add_goal(std::string goal_id, std::string text, const GoalFields& fields = {});
enum class GoalText { Text, HowWeKnow };
Op set_goal_field(std::string goal_id, GoalText field, std::string value);
Op set_goal_for(std::string goal_id, std::vector<std::string> for_whom);
Op set_goal_themes(std::string goal_id, std::vector<std::string> themes);
Op set_goal_reached(std::string goal_id, bool reached);
Op delete_goal(std::string goal_id);

// [SECTION] interventions ----------------------------------------------------------
// Who provides it: `actor` (a participant) or `organisation` (one of them is needed).
struct InterventionFields {
  std::string actor{};
  std::string organisation{};
  std::vector<std::string> for_whom{};
  std::string starts{};  // YYYY-MM-DD
  std::string ends{};
  InterventionStatus status = InterventionStatus::Planned;
  std::string goal{};
  std::vector<std::string> themes{};
  bool professional_only = false;
};
Op add_intervention(std::string intervention_id, std::string text, const InterventionFields& fields);
Op set_intervention_status(std::string intervention_id, InterventionStatus status);
Op set_intervention_themes(std::string intervention_id, std::vector<std::string> themes);
Op delete_intervention(std::string intervention_id);

// [SECTION] consent ----------------------------------------------------------------
Op add_consent(std::string consent_id, std::string given_by, ConsentForm form, std::string at,
               std::vector<std::string> covers = {});
// A withdrawal is recorded with its date, never deleted.
Op withdraw_consent(std::string consent_id, std::string date);

// [SECTION] sign-off as given -------------------------------------------------------
// Someone else records a parent's agreement given out loud or on paper (never OwnDevice:
// that is sign_off(own id, true) from the person's own connection).
Op record_signoff(std::string participant_id, SignoffForm form);

// [SECTION] who was sent the plan ----------------------------------------------------
Op record_informed(std::string participant_id, InformMethod how);

}  // namespace tavle::ops
