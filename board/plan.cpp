// issue 14: names of the family plan's enums, and what is read off the plan:
// consent in force, overlapping interventions, continuity into the next meeting.
#include "board/plan.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "board/model.hpp"
#include "board/name_table.hpp"

namespace tavle {
namespace {

using detail::NameTable;
using detail::lookup_name;
using detail::lookup_value;

constexpr NameTable<InterventionStatus, 3> kInterventionStatusNames{{
    {InterventionStatus::Planned, "planned"},
    {InterventionStatus::Running, "running"},
    {InterventionStatus::Ended, "ended"},
}};
constexpr NameTable<ConsentForm, 2> kConsentFormNames{{
    {ConsentForm::Written, "written"},
    {ConsentForm::Oral, "oral"},
}};
constexpr NameTable<SignoffForm, 3> kSignoffFormNames{{
    {SignoffForm::OwnDevice, "own_device"},
    {SignoffForm::Oral, "oral"},
    {SignoffForm::Paper, "paper"},
}};

constexpr NameTable<InformMethod, 2> kInformMethodNames{{
    {InformMethod::Email, "email"},
    {InformMethod::Post, "post"},
}};


}  // namespace

std::string_view name_of(InterventionStatus v) { return lookup_name(kInterventionStatusNames, v); }
std::string_view name_of(ConsentForm v) { return lookup_name(kConsentFormNames, v); }
std::string_view name_of(SignoffForm v) { return lookup_name(kSignoffFormNames, v); }
std::optional<InterventionStatus> intervention_status_from(std::string_view s) {
  return lookup_value(kInterventionStatusNames, s);
}
std::optional<ConsentForm> consent_form_from(std::string_view s) { return lookup_value(kConsentFormNames, s); }
std::optional<SignoffForm> signoff_form_from(std::string_view s) { return lookup_value(kSignoffFormNames, s); }
std::string_view name_of(InformMethod v) { return lookup_name(kInformMethodNames, v); }
std::optional<InformMethod> inform_method_from(std::string_view s) { return lookup_value(kInformMethodNames, s); }

std::vector<const ConsentRecord*> consents_in_force(const Board& b) {
  std::vector<const ConsentRecord*> out;
  for (const auto& [id, c] : b.consents)
    if (!c.deleted && c.withdrawn_at.empty()) out.push_back(&c);
  return out;
}

bool consent_missing(const Board& b) { return consents_in_force(b).empty(); }

std::string actor_key(const Intervention& i) { return i.actor.empty() ? "org:" + i.organisation : i.actor; }

std::vector<Overlap> intervention_overlaps(const Board& b) {
  std::map<std::string, std::vector<const Intervention*>> by_person;
  for (const auto& [id, i] : b.interventions) {
    if (i.deleted || i.status == InterventionStatus::Ended) continue;
    if (i.for_whom.empty()) by_person[""].push_back(&i);
    for (const std::string& p : i.for_whom) by_person[p].push_back(&i);
  }
  std::vector<Overlap> out;
  for (const auto& [person, list] : by_person) {
    std::set<std::string> actors;
    for (const Intervention* i : list) actors.insert(actor_key(*i));
    if (actors.size() < 2) continue;
    Overlap o{person, {}};
    for (const Intervention* i : list) o.interventions.push_back(i->id);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<PersonOverview> plan_overview(const Board& b) {
  std::vector<PersonOverview> out{{"", {}, {}, {}, false}};
  for (ParticipantRole role : {ParticipantRole::Parent, ParticipantRole::Child})
    for (const auto& [id, p] : b.participants)
      if (!p.removed && p.role == role) out.push_back({id, {}, {}, {}, false});
  auto serves = [](const std::vector<std::string>& for_whom, const std::string& person) {
    return person.empty() ? for_whom.empty() : std::find(for_whom.begin(), for_whom.end(), person) != for_whom.end();
  };
  const std::vector<Overlap> overlaps = intervention_overlaps(b);
  for (PersonOverview& o : out) {
    for (const auto& [id, g] : b.goals)
      if (!g.deleted && serves(g.for_whom, o.person)) o.goals.push_back(id);
    for (const auto& [id, i] : b.interventions)
      if (!i.deleted && serves(i.for_whom, o.person)) o.interventions.push_back(id);
    for (const Card* c : b.column(Column::NextSteps))
      if (std::find(o.goals.begin(), o.goals.end(), c->goal) != o.goals.end()) o.steps.push_back(c->id);
    o.overlap = std::any_of(overlaps.begin(), overlaps.end(), [&](const Overlap& v) { return v.person == o.person; });
  }
  return out;
}

void carry_plan(const Board& previous, Board& next, Millis now) {
  for (const auto& [id, g] : previous.goals) {
    if (g.deleted || g.reached) continue;
    Goal carried = g;
    carried.carried_from = g.id;
    carried.updated = now;
    carried.version = 1;
    next.goals.emplace(id, std::move(carried));
  }
  for (const auto& [id, i] : previous.interventions) {
    if (i.deleted || i.status == InterventionStatus::Ended) continue;
    Intervention carried = i;
    carried.carried_from = i.id;
    carried.updated = now;
    carried.version = 1;
    if (!next.goals.count(carried.goal)) carried.goal.clear();
    next.interventions.emplace(id, std::move(carried));
  }
  for (const auto& [id, c] : previous.cards) {
    if (c.goal.empty() || !next.cards.count(id) || !next.goals.count(c.goal)) continue;
    const std::string goal = c.goal;
    next.cards.change(id, [&](Card& carried) { carried.goal = goal; });
  }
}

}  // namespace tavle
