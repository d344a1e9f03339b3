#include "board/network.hpp"

#include <array>
#include <utility>

namespace tavle {
namespace {

constexpr std::array<std::pair<PlanList, std::string_view>, 4> kLists{{
    {PlanList::ChildVoice, "child_voice"},
    {PlanList::SafeAdults, "safe_adults"},
    {PlanList::AcutePlan, "acute_plan"},
    {PlanList::BottomLines, "bottom_lines"},
}};

constexpr std::array<std::pair<VoiceHow, std::string_view>, 4> kHows{{
    {VoiceHow::SaidInMeeting, "said_in_meeting"},
    {VoiceHow::SaidBefore, "said_before"},
    {VoiceHow::Drawn, "drawn"},
    {VoiceHow::Written, "written"},
}};

template <class E, std::size_t N>
std::string_view lookup(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace

std::string_view name_of(PlanList l) { return lookup(kLists, l); }
std::optional<PlanList> plan_list_from(std::string_view s) { return parse(kLists, s); }
std::string_view name_of(VoiceHow h) { return lookup(kHows, h); }
std::optional<VoiceHow> voice_how_from(std::string_view s) { return parse(kHows, s); }

nlohmann::json entry_json(const ChildWords& w) {
  return {{"child", w.child}, {"text", w.text},        {"how", name_of(w.how)},
          {"heard_by", w.heard_by}, {"on", w.on}, {"house", w.house}};
}
nlohmann::json entry_json(const SafeAdult& a) {
  return {{"name", a.name}, {"relation", a.relation}, {"contact", a.contact}, {"commits", a.commits}};
}
nlohmann::json entry_json(const AcuteContact& c) {
  return {{"who", c.who}, {"phone", c.phone}, {"when", c.when}, {"what", c.what}};
}
nlohmann::json entry_json(const BottomLine& l) { return {{"text", l.text}}; }

std::string owner_name(const Board& b, const std::string& id) {
  if (const Participant* p = b.find_participant(id)) return p->name;
  if (auto it = b.safe_adults.find(id); it != b.safe_adults.end()) return it->second.name;
  return "";
}

std::vector<const Card*> cards_in_childs_words(const Board& b) {
  std::vector<const Card*> out;
  for (Column column : kColumns)
    for (const Card* c : b.column(column))
      if (const Participant* p = b.find_participant(c->author); p && p->role == ParticipantRole::Child) out.push_back(c);
  return out;
}

}  // namespace tavle
