// Vocabulary of a Signs of Safety meeting: the enums the whole model speaks in,
// and their stable wire/file names (never translated; the UI translates them).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tavle {

enum class Column { WorkingWell, Worries, NextSteps };

// Optional Signs of Safety category of a card; each belongs to one column.
enum class Category {
  None,
  Harm,               // worries
  DangerStatement,    // worries
  ComplicatingFactor, // worries
  Strength,           // working well
  ExistingSafety,     // working well
  SafetyGoal,         // what needs to happen
  NextStep,           // what needs to happen
};

// CarriedOn: reviewed at a later meeting and kept going.
enum class StepStatus { Open, Done, NotDone, CarriedOn };

enum class ParticipantRole { Parent, Child, PrivateNetwork, Professional };

enum class MeetingKind { Network, Status, FollowUp };

enum class Agreement { None, Agree, Disagree };

enum class SuggestionState { Pending, Accepted, Declined };

std::string_view name_of(Column);
std::string_view name_of(Category);
std::string_view name_of(StepStatus);
std::string_view name_of(ParticipantRole);
std::string_view name_of(MeetingKind);
std::string_view name_of(Agreement);
std::string_view name_of(SuggestionState);

std::optional<Column> column_from(std::string_view);
std::optional<Category> category_from(std::string_view);
std::optional<StepStatus> step_status_from(std::string_view);
std::optional<ParticipantRole> participant_role_from(std::string_view);
std::optional<MeetingKind> meeting_kind_from(std::string_view);
std::optional<Agreement> agreement_from(std::string_view);
std::optional<SuggestionState> suggestion_state_from(std::string_view);

// The column a category belongs to (None fits every column).
bool category_fits(Category, Column);

inline constexpr Column kColumns[] = {Column::WorkingWell, Column::Worries, Column::NextSteps};

}  // namespace tavle
