// issue 14: see board/plan_ops.hpp.
#include "board/plan_ops.hpp"

namespace tavle::ops {
namespace {

Op make(OpKind kind, std::string target, std::string field, nlohmann::json value) {
  Op op;
  op.kind = kind;
  op.target = std::move(target);
  op.field = std::move(field);
  op.value = std::move(value);
  return op;
}

}  // namespace

// [SECTION] goals
Op add_goal(std::string goal_id, std::string text, const GoalFields& fields) {
  nlohmann::json value{{"text", std::move(text)}, {"for", fields.for_whom}};
  if (!fields.how_we_know.empty()) value["how_we_know"] = fields.how_we_know;
  if (!fields.themes.empty()) value["themes"] = fields.themes;
  return make(OpKind::AddGoal, std::move(goal_id), "", std::move(value));
}

Op set_goal_field(std::string goal_id, GoalText field, std::string value) {
  return make(OpKind::SetGoalField, std::move(goal_id), field == GoalText::Text ? "text" : "how_we_know",
              std::move(value));
}
Op set_goal_for(std::string goal_id, std::vector<std::string> for_whom) {
  return make(OpKind::SetGoalField, std::move(goal_id), "for", std::move(for_whom));
}
Op set_goal_themes(std::string goal_id, std::vector<std::string> themes) {
  return make(OpKind::SetGoalField, std::move(goal_id), "themes", std::move(themes));
}
Op set_goal_reached(std::string goal_id, bool reached) {
  return make(OpKind::SetGoalField, std::move(goal_id), "reached", reached);
}
Op delete_goal(std::string goal_id) { return make(OpKind::DeleteGoal, std::move(goal_id), "", nullptr); }

// [SECTION] interventions
Op add_intervention(std::string intervention_id, std::string text, const InterventionFields& f) {
  nlohmann::json value{{"text", std::move(text)}, {"for", f.for_whom}, {"status", tavle::name_of(f.status)}};
  if (!f.actor.empty()) value["actor"] = f.actor;
  if (!f.organisation.empty()) value["organisation"] = f.organisation;
  if (!f.starts.empty()) value["starts"] = f.starts;
  if (!f.ends.empty()) value["ends"] = f.ends;
  if (!f.goal.empty()) value["goal"] = f.goal;
  if (!f.themes.empty()) value["themes"] = f.themes;
  if (f.professional_only) value["professional_only"] = true;
  return make(OpKind::AddIntervention, std::move(intervention_id), "", std::move(value));
}
Op set_intervention_status(std::string intervention_id, InterventionStatus status) {
  return make(OpKind::SetInterventionField, std::move(intervention_id), "status", tavle::name_of(status));
}
Op set_intervention_themes(std::string intervention_id, std::vector<std::string> themes) {
  return make(OpKind::SetInterventionField, std::move(intervention_id), "themes", std::move(themes));
}
Op delete_intervention(std::string intervention_id) {
  return make(OpKind::DeleteIntervention, std::move(intervention_id), "", nullptr);
}

// [SECTION] consent
Op add_consent(std::string consent_id, std::string given_by, ConsentForm form, std::string at,
               std::vector<std::string> covers) {
  return make(OpKind::AddConsent, std::move(consent_id), "",
              {{"given_by", std::move(given_by)},
               {"form", tavle::name_of(form)},
               {"at", std::move(at)},
               {"covers", std::move(covers)}});
}
Op withdraw_consent(std::string consent_id, std::string date) {
  return make(OpKind::SetConsentField, std::move(consent_id), "withdrawn_at", std::move(date));
}

// [SECTION] sign-off as given
Op record_signoff(std::string participant_id, SignoffForm form) {
  return make(OpKind::SignOff, std::move(participant_id), "", {{"form", tavle::name_of(form)}});
}

// [SECTION] who was sent the plan
Op record_informed(std::string participant_id, InformMethod how) {
  return make(OpKind::RecordInformed, std::move(participant_id), "", {{"how", tavle::name_of(how)}});
}

}  // namespace tavle::ops
