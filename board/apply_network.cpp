// issue 15: set_entry, the one op for the plan's lists that are not cards: the
// child's voice, the safe adults of the family's network, the acute plan and the
// authority's bottom lines. An entry is written whole (an object) or removed
// (null); the inverse writes back what was there, so undo needs nothing else.
#include <algorithm>

#include "board/apply_parts.hpp"
#include "board/network.hpp"

namespace tavle::detail {
namespace {

// The keys each list's entries hold: nothing else is taken (the wire's rule, kept
// by the model too, so a file or journal never carries what no one can see).
const std::vector<const char*>& keys_of(PlanList list) {
  static const std::vector<const char*> voice = {"child", "text", "how", "heard_by", "on", "house"};
  static const std::vector<const char*> adult = {"name", "relation", "contact", "commits"};
  static const std::vector<const char*> acute = {"who", "phone", "when", "what"};
  static const std::vector<const char*> bottom = {"text"};
  switch (list) {
    case PlanList::ChildVoice: return voice;
    case PlanList::SafeAdults: return adult;
    case PlanList::AcutePlan: return acute;
    case PlanList::BottomLines: return bottom;
  }
  return bottom;
}

std::optional<Error> only_known_keys(const nlohmann::json& value, PlanList list) {
  const auto& keys = keys_of(list);
  for (const auto& item : value.items()) {
    const std::string& key = item.key();  // a named copy: clang 14 cannot capture a structured binding
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; }))
      return Error{"invalid", "op.value." + key + ": not a field of " + std::string(name_of(list))};
  }
  return std::nullopt;
}

std::optional<Error> read_voice(const Board& b, const Op& op, const Limits& limits, ChildWords& w) {
  ValueReader r{op.value, std::nullopt};
  w.child = r.string("child", limits.id_bytes, true);
  w.text = r.string("text", limits.card_text_bytes, true);
  const std::string how = r.string("how", 32, false);
  w.heard_by = r.string("heard_by", limits.short_text_bytes, false);
  w.on = r.string("on", 10, false);
  w.house = r.string("house", 16, false);
  if (r.error) return r.error;
  if (w.text.empty()) return Error{"invalid", "op.value.text: the child's words must not be empty"};
  const Participant* child = b.find_participant(w.child);
  if (!child || child->removed || child->role != ParticipantRole::Child)
    return Error{"not_found", "op.value.child: \"" + w.child + "\" is not a child taking part"};
  if (!how.empty()) {
    auto parsed = voice_how_from(how);
    if (!parsed) return Error{"invalid", "op.value.how: expected said_in_meeting, said_before, drawn or written"};
    w.how = *parsed;
  }
  if (auto e = check_date(w.on, false, "op.value.on")) return e;
  if (!w.house.empty() && w.house != "good" && w.house != "worries" && w.house != "dreams")
    return Error{"invalid", "op.value.house: expected good, worries or dreams"};
  w.by = op.author;
  w.at = op.at;
  return std::nullopt;
}

std::optional<Error> read_adult(const Op& op, const Limits& limits, SafeAdult& a) {
  ValueReader r{op.value, std::nullopt};
  a.name = r.string("name", limits.short_text_bytes, true);
  a.relation = r.string("relation", limits.short_text_bytes, false);
  a.contact = r.string("contact", limits.short_text_bytes, false);
  a.commits = r.string("commits", limits.reason_bytes, false);
  if (r.error) return r.error;
  if (a.name.empty()) return Error{"invalid", "op.value.name: a safe adult has a name"};
  return std::nullopt;
}

std::optional<Error> read_acute(const Op& op, const Limits& limits, AcuteContact& c) {
  ValueReader r{op.value, std::nullopt};
  c.who = r.string("who", limits.short_text_bytes, true);
  c.phone = r.string("phone", limits.short_text_bytes, false);
  c.when = r.string("when", 16, false);
  c.what = r.string("what", limits.reason_bytes, false);
  if (r.error) return r.error;
  if (c.who.empty()) return Error{"invalid", "op.value.who: say who to call"};
  if (c.when.empty()) c.when = "always";
  if (c.when != "day" && c.when != "night" && c.when != "always")
    return Error{"invalid", "op.value.when: expected day, night or always"};
  return std::nullopt;
}

std::optional<Error> read_bottom_line(const Op& op, const Limits& limits, BottomLine& l) {
  ValueReader r{op.value, std::nullopt};
  l.text = r.string("text", limits.card_text_bytes, true);
  if (r.error) return r.error;
  if (l.text.empty()) return Error{"invalid", "op.value.text: must not be empty"};
  l.by = op.author;
  return std::nullopt;
}

// Writes or removes entry `id` of `entries`, checking `expect` against what is there.
template <class Entry, class Read>
ApplyResult set_in(std::map<std::string, Entry>& entries, const Op& op, const Limits& limits, Read read) {
  auto it = entries.find(op.target);
  const nlohmann::json before = it == entries.end() ? nlohmann::json() : entry_json(it->second);
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "this entry was changed by someone else since");
  if (op.value.is_null()) {
    if (it == entries.end()) return reject("not_found", "no entry \"" + op.target + "\"");
    entries.erase(it);
    return ApplyResult{std::nullopt, inverse_of(op, OpKind::SetEntry, before, nullptr)};
  }
  if (it == entries.end() && entries.size() >= limits.entries_per_list)
    return reject("limit", "at most " + std::to_string(limits.entries_per_list) + " entries in one list");
  Entry entry;
  if (auto e = read(entry)) return ApplyResult{e, {}};
  const nlohmann::json after = entry_json(entry);
  entries[op.target] = std::move(entry);
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::SetEntry, before, after)};
}

}  // namespace

ApplyResult apply_set_entry(Board& b, const Op& op, const Limits& limits) {
  const auto list = plan_list_from(op.field);
  if (!list) return reject("invalid", "op.field: expected child_voice, safe_adults, acute_plan or bottom_lines");
  if (auto e = check_id(op.target, "op.target", limits)) return ApplyResult{e, {}};
  if (!op.value.is_null()) {
    if (!op.value.is_object()) return reject("invalid", "op.value: expected the entry's fields, or null to remove it");
    if (auto e = only_known_keys(op.value, *list)) return ApplyResult{e, {}};
  }
  switch (*list) {
    case PlanList::ChildVoice:
      return set_in(b.child_voice, op, limits, [&](ChildWords& w) { return read_voice(b, op, limits, w); });
    case PlanList::SafeAdults:
      // A safe adult who owns a next step stays until the step is given to someone else.
      if (op.value.is_null())
        for (const auto& [id, card] : b.cards)
          if (!card.deleted && std::count(card.step.owners.begin(), card.step.owners.end(), op.target))
            return reject("in_use", "this safe adult owns a next step; give the step to someone else first");
      return set_in(b.safe_adults, op, limits, [&](SafeAdult& a) { return read_adult(op, limits, a); });
    case PlanList::AcutePlan:
      return set_in(b.acute_plan, op, limits, [&](AcuteContact& c) { return read_acute(op, limits, c); });
    case PlanList::BottomLines:
      return set_in(b.bottom_lines, op, limits, [&](BottomLine& l) { return read_bottom_line(op, limits, l); });
  }
  return reject("invalid", "op.field: unknown list");
}

}  // namespace tavle::detail
