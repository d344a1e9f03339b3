#include "board/types.hpp"

#include <array>
#include <utility>

#include "board/name_table.hpp"

namespace tavle {
namespace {

using detail::NameTable;
using detail::lookup_name;
using detail::lookup_value;

constexpr NameTable<Column, 3> kColumnNames{{
    {Column::WorkingWell, "working_well"},
    {Column::Worries, "worries"},
    {Column::NextSteps, "next_steps"},
}};
constexpr NameTable<Category, 8> kCategoryNames{{
    {Category::None, "none"},
    {Category::Harm, "harm"},
    {Category::DangerStatement, "danger_statement"},
    {Category::ComplicatingFactor, "complicating_factor"},
    {Category::Strength, "strength"},
    {Category::ExistingSafety, "existing_safety"},
    {Category::SafetyGoal, "safety_goal"},
    {Category::NextStep, "next_step"},
}};
constexpr NameTable<StepStatus, 4> kStepStatusNames{{
    {StepStatus::Open, "open"},
    {StepStatus::Done, "done"},
    {StepStatus::NotDone, "not_done"},
    {StepStatus::CarriedOn, "carried_on"},
}};
constexpr NameTable<ParticipantRole, 4> kRoleNames{{
    {ParticipantRole::Parent, "parent"},
    {ParticipantRole::Child, "child"},
    {ParticipantRole::PrivateNetwork, "private_network"},
    {ParticipantRole::Professional, "professional"},
}};
constexpr NameTable<MeetingKind, 3> kKindNames{{
    {MeetingKind::Network, "network"},
    {MeetingKind::Status, "status"},
    {MeetingKind::FollowUp, "follow_up"},
}};
constexpr NameTable<Agreement, 3> kAgreementNames{{
    {Agreement::None, "none"},
    {Agreement::Agree, "agree"},
    {Agreement::Disagree, "disagree"},
}};
constexpr NameTable<SuggestionState, 3> kSuggestionNames{{
    {SuggestionState::Pending, "pending"},
    {SuggestionState::Accepted, "accepted"},
    {SuggestionState::Declined, "declined"},
}};


}  // namespace

std::string_view name_of(Column v) { return lookup_name(kColumnNames, v); }
std::string_view name_of(Category v) { return lookup_name(kCategoryNames, v); }
std::string_view name_of(StepStatus v) { return lookup_name(kStepStatusNames, v); }
std::string_view name_of(ParticipantRole v) { return lookup_name(kRoleNames, v); }
std::string_view name_of(MeetingKind v) { return lookup_name(kKindNames, v); }
std::string_view name_of(Agreement v) { return lookup_name(kAgreementNames, v); }
std::string_view name_of(SuggestionState v) { return lookup_name(kSuggestionNames, v); }

std::optional<Column> column_from(std::string_view s) { return lookup_value(kColumnNames, s); }
std::optional<Category> category_from(std::string_view s) { return lookup_value(kCategoryNames, s); }
std::optional<StepStatus> step_status_from(std::string_view s) { return lookup_value(kStepStatusNames, s); }
std::optional<ParticipantRole> participant_role_from(std::string_view s) { return lookup_value(kRoleNames, s); }
std::optional<MeetingKind> meeting_kind_from(std::string_view s) { return lookup_value(kKindNames, s); }
std::optional<Agreement> agreement_from(std::string_view s) { return lookup_value(kAgreementNames, s); }
std::optional<SuggestionState> suggestion_state_from(std::string_view s) {
  return lookup_value(kSuggestionNames, s);
}

bool category_fits(Category category, Column column) {
  switch (category) {
    case Category::None: return true;
    case Category::Harm:
    case Category::DangerStatement:
    case Category::ComplicatingFactor: return column == Column::Worries;
    case Category::Strength:
    case Category::ExistingSafety: return column == Column::WorkingWell;
    case Category::SafetyGoal:
    case Category::NextStep: return column == Column::NextSteps;
  }
  return false;
}

}  // namespace tavle
