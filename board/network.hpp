// issue 15: the plan's lists that are not cards. The child's voice (the child's
// own words with who heard them, when and how), the family's safety network (safe
// adults with their relation, how to reach them and what they commit to), the
// acute plan (who to call, day and night) and the authority's bottom lines (what
// must happen regardless, kept apart from the family's goals). Changed by one op,
// set_entry (board/apply_network.cpp, docs/format.md).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/model.hpp"

namespace tavle {

std::string_view name_of(PlanList);
std::optional<PlanList> plan_list_from(std::string_view);
std::string_view name_of(VoiceHow);
std::optional<VoiceHow> voice_how_from(std::string_view);

// An entry as set_entry's value (and its expect): the fields a person gives.
nlohmann::json entry_json(const ChildWords&);
nlohmann::json entry_json(const SafeAdult&);
nlohmann::json entry_json(const AcuteContact&);
nlohmann::json entry_json(const BottomLine&);

// The name of a next step's owner: a participant, or a safe adult of the network
// who is not in the room; empty when the id is neither.
std::string owner_name(const Board&, const std::string& id);

// Cards in a child's own words: made by a child (an accepted suggestion), live,
// in board order (column, then order).
std::vector<const Card*> cards_in_childs_words(const Board&);

}  // namespace tavle
