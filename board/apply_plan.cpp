// issue 14: ops on the family plan: goals, interventions, consent records, and
// sign-off (who agreed to the plan, and how). One generic set of add / set field /
// delete / restore for the three kinds of item, each described by a small table
// of its fields (docs/format.md, "Ops").
// [SECTION] field values: readers that name the field
// [SECTION] the three kinds of item
// [SECTION] add, set field, delete, restore
// [SECTION] sign-off: own device, orally, on paper
// [SECTION] dispatch
#include <algorithm>
#include <cstdint>

#include "board/apply_parts.hpp"

namespace tavle::detail {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] field values: readers that name the field
// ---------------------------------------------------------------------------

std::optional<Error> read_text(const json& v, std::size_t limit, const std::string& path, bool required,
                               std::string& out) {
  if (!v.is_string()) return Error{"invalid", path + ": expected a string"};
  const auto& s = v.get_ref<const std::string&>();
  if (auto e = check_text(s, limit, path)) return e;
  if (required && s.empty()) return Error{"invalid", path + ": must not be empty"};
  out = s;
  return std::nullopt;
}

std::optional<Error> read_date(const json& v, const std::string& path, std::string& out) {
  if (!v.is_string()) return Error{"invalid", path + ": expected YYYY-MM-DD or \"\""};
  if (auto e = check_date(v.get_ref<const std::string&>(), false, path)) return e;
  out = v.get<std::string>();
  return std::nullopt;
}

std::optional<Error> read_flag(const json& v, const std::string& path, bool& out) {
  if (!v.is_boolean()) return Error{"invalid", path + ": expected true or false"};
  out = v.get<bool>();
  return std::nullopt;
}

// A live participant's id, or "" when `may_be_empty`.
std::optional<Error> read_person(const Board& b, const json& v, const std::string& path, bool may_be_empty,
                                 std::string& out) {
  if (!v.is_string()) return Error{"invalid", path + ": expected a participant id"};
  const auto& id = v.get_ref<const std::string&>();
  if (id.empty() && may_be_empty) return out.clear(), std::nullopt;
  const Participant* p = b.find_participant(id);
  if (!p || p->removed) return Error{"not_found", path + ": no participant \"" + id + "\""};
  out = id;
  return std::nullopt;
}

// Family members (not professionals) a goal or an intervention is for; [] = the whole family.
std::optional<Error> read_family(const Board& b, const json& v, const Limits& limits, const std::string& path,
                                 std::vector<std::string>& out) {
  if (!v.is_array()) return Error{"invalid", path + ": expected a list of participant ids ([] = the whole family)"};
  if (v.size() > limits.people_per_item)
    return Error{"limit", path + ": at most " + std::to_string(limits.people_per_item) + " people"};
  std::vector<std::string> ids;
  for (const json& e : v) {
    std::string id;
    if (auto err = read_person(b, e, path, false, id)) return err;
    if (b.participants.at(id).role == ParticipantRole::Professional)
      return Error{"invalid", path + ": \"" + id + "\" is a professional, not a family member"};
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  out = std::move(ids);
  return std::nullopt;
}

// A list of short texts (organisations) or of keys (themes).
std::optional<Error> read_list(const json& v, std::size_t count, std::size_t bytes, bool keys,
                               const std::string& path, std::vector<std::string>& out) {
  if (!v.is_array()) return Error{"invalid", path + ": expected a list"};
  if (v.size() > count) return Error{"limit", path + ": at most " + std::to_string(count) + " entries"};
  std::vector<std::string> items;
  for (const json& e : v) {
    std::string s;
    if (auto err = read_text(e, bytes, path, true, s)) return err;
    if (keys)
      if (auto err = check_id(s, path)) return err;
    if (std::find(items.begin(), items.end(), s) == items.end()) items.push_back(std::move(s));
  }
  out = std::move(items);
  return std::nullopt;
}

std::optional<Error> read_goal_link(const Board& b, const json& v, const std::string& path, std::string& out) {
  if (!v.is_string()) return Error{"invalid", path + ": expected a goal id or \"\""};
  const auto& id = v.get_ref<const std::string&>();
  if (!id.empty()) {
    auto it = b.goals.find(id);
    if (it == b.goals.end() || it->second.deleted) return Error{"not_found", path + ": no goal \"" + id + "\""};
  }
  out = id;
  return std::nullopt;
}

template <class E>
std::optional<Error> read_name(const json& v, std::optional<E> (*parse)(std::string_view), const std::string& path,
                               const char* expected, E& out) {
  auto parsed = v.is_string() ? parse(v.get_ref<const std::string&>()) : std::nullopt;
  if (!parsed) return Error{"invalid", path + ": expected " + expected};
  out = *parsed;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] the three kinds of item
// ---------------------------------------------------------------------------
// Each kind says where its items live, which fields an op may set (get/put), which
// an add must carry, and what must hold across fields (check).

struct GoalKind {
  using Item = Goal;
  static constexpr const char* noun = "goal";
  static constexpr OpKind add = OpKind::AddGoal, set = OpKind::SetGoalField, del = OpKind::DeleteGoal,
                          restore = OpKind::RestoreGoal;
  static constexpr const char* fields[] = {"text", "for", "how_we_know", "themes", "reached"};
  static constexpr const char* required[] = {"text"};
  static std::map<std::string, Goal>& items(Board& b) { return b.goals; }
  static std::size_t limit(const Limits& l) { return l.goals; }
  static json get(const Goal& g, const std::string& f) {
    if (f == "text") return g.text;
    if (f == "for") return g.for_whom;
    if (f == "how_we_know") return g.how_we_know;
    if (f == "themes") return g.themes;
    if (f == "reached") return g.reached;
    return nullptr;
  }
  static std::optional<Error> put(const Board& b, Goal& g, const std::string& f, const json& v, const Limits& l) {
    const std::string path = std::string("goal.") + f;
    if (f == "text") return read_text(v, l.card_text_bytes, path, true, g.text);
    if (f == "for") return read_family(b, v, l, path, g.for_whom);
    if (f == "how_we_know") return read_text(v, l.card_text_bytes, path, false, g.how_we_know);
    if (f == "themes") return read_list(v, l.themes_per_item, l.id_bytes, true, path, g.themes);
    return read_flag(v, path, g.reached);
  }
  static std::optional<Error> check(const Board&, const Goal&) { return std::nullopt; }
};

struct InterventionKind {
  using Item = Intervention;
  static constexpr const char* noun = "intervention";
  static constexpr OpKind add = OpKind::AddIntervention, set = OpKind::SetInterventionField,
                          del = OpKind::DeleteIntervention, restore = OpKind::RestoreIntervention;
  static constexpr const char* fields[] = {"text",   "actor",  "organisation", "for",    "starts",
                                           "ends",   "status", "goal",         "themes", "professional_only"};
  static constexpr const char* required[] = {"text"};
  static std::map<std::string, Intervention>& items(Board& b) { return b.interventions; }
  static std::size_t limit(const Limits& l) { return l.interventions; }
  static json get(const Intervention& i, const std::string& f) {
    if (f == "text") return i.text;
    if (f == "actor") return i.actor;
    if (f == "organisation") return i.organisation;
    if (f == "for") return i.for_whom;
    if (f == "starts") return i.starts;
    if (f == "ends") return i.ends;
    if (f == "status") return name_of(i.status);
    if (f == "goal") return i.goal;
    if (f == "themes") return i.themes;
    if (f == "professional_only") return i.professional_only;
    return nullptr;
  }
  static std::optional<Error> put(const Board& b, Intervention& i, const std::string& f, const json& v,
                                  const Limits& l) {
    const std::string path = std::string("intervention.") + f;
    if (f == "text") return read_text(v, l.card_text_bytes, path, true, i.text);
    if (f == "actor") return read_person(b, v, path, true, i.actor);
    if (f == "organisation") return read_text(v, l.short_text_bytes, path, false, i.organisation);
    if (f == "for") return read_family(b, v, l, path, i.for_whom);
    if (f == "starts") return read_date(v, path, i.starts);
    if (f == "ends") return read_date(v, path, i.ends);
    if (f == "status")
      return read_name(v, intervention_status_from, path, "planned, running or ended", i.status);
    if (f == "goal") return read_goal_link(b, v, path, i.goal);
    if (f == "themes") return read_list(v, l.themes_per_item, l.id_bytes, true, path, i.themes);
    return read_flag(v, path, i.professional_only);
  }
  static std::optional<Error> check(const Board&, const Intervention& i) {
    if (i.actor.empty() && i.organisation.empty())
      return Error{"invalid", "intervention: name who provides it (actor or organisation)"};
    if (!i.starts.empty() && !i.ends.empty() && i.ends < i.starts)
      return Error{"invalid", "intervention.ends: " + i.ends + " is before it starts (" + i.starts + ")"};
    return std::nullopt;
  }
};

struct ConsentKind {
  using Item = ConsentRecord;
  static constexpr const char* noun = "consent";
  static constexpr OpKind add = OpKind::AddConsent, set = OpKind::SetConsentField, del = OpKind::DeleteConsent,
                          restore = OpKind::RestoreConsent;
  static constexpr const char* fields[] = {"given_by", "form", "at", "covers", "withdrawn_at"};
  static constexpr const char* required[] = {"given_by", "form", "at"};
  static std::map<std::string, ConsentRecord>& items(Board& b) { return b.consents; }
  static std::size_t limit(const Limits& l) { return l.consents; }
  static json get(const ConsentRecord& c, const std::string& f) {
    if (f == "given_by") return c.given_by;
    if (f == "form") return name_of(c.form);
    if (f == "at") return c.at;
    if (f == "covers") return c.covers;
    if (f == "withdrawn_at") return c.withdrawn_at;
    return nullptr;
  }
  static std::optional<Error> put(const Board& b, ConsentRecord& c, const std::string& f, const json& v,
                                  const Limits& l) {
    const std::string path = std::string("consent.") + f;
    if (f == "given_by") {
      std::string id;
      if (auto e = read_person(b, v, path, false, id)) return e;
      const ParticipantRole role = b.participants.at(id).role;
      if (role != ParticipantRole::Parent && role != ParticipantRole::Child)
        return Error{"invalid", path + ": consent is given by a parent with custody or by the young person"};
      c.given_by = id;
      return std::nullopt;
    }
    if (f == "form") return read_name(v, consent_form_from, path, "written or oral", c.form);
    if (f == "at") return read_date(v, path, c.at);
    if (f == "covers") return read_list(v, l.covers_per_consent, l.short_text_bytes, false, path, c.covers);
    return read_date(v, path, c.withdrawn_at);
  }
  static std::optional<Error> check(const Board&, const ConsentRecord& c) {
    if (c.at.empty()) return Error{"invalid", "consent.at: when was it given? (YYYY-MM-DD)"};
    if (!c.withdrawn_at.empty() && c.withdrawn_at < c.at)
      return Error{"invalid", "consent.withdrawn_at: " + c.withdrawn_at + " is before it was given (" + c.at + ")"};
    return std::nullopt;
  }
};

template <class K>
bool is_field(const std::string& f) {
  return std::find(std::begin(K::fields), std::end(K::fields), f) != std::end(K::fields);
}

// ---------------------------------------------------------------------------
// [SECTION] add, set field, delete, restore
// ---------------------------------------------------------------------------

// What an item holds, as a short tag: the undo of an add (a delete) and of a delete
// (a restore) expects it, so it is refused once someone else changed the item, but
// not after the author's own later changes were undone (a version would be).
template <class K>
std::string content_tag(const typename K::Item& item) {
  json fields = json::object();
  for (const char* f : K::fields) fields[f] = K::get(item, f);
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : fields.dump()) h = (h ^ c) * 0x100000001b3ull;
  static const char* hex = "0123456789abcdef";
  std::string out = "h:";
  for (int shift = 60; shift >= 0; shift -= 4) out += hex[(h >> shift) & 0xF];
  return out;
}

template <class K>
std::size_t live_items(Board& b) {
  const auto& items = K::items(b);
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [](const auto& kv) { return !kv.second.deleted; }));
}

template <class K>
std::optional<Error> check_room(Board& b, const Limits& limits) {
  if (live_items<K>(b) >= K::limit(limits))
    return Error{"limit", std::string(K::noun) + "s: at most " + std::to_string(K::limit(limits)) + " per meeting"};
  return std::nullopt;
}

template <class K>
ApplyResult add_item(Board& b, const Op& op, const Limits& limits) {
  if (auto e = check_id(op.target, "op.target", limits)) return ApplyResult{e, {}};
  if (K::items(b).count(op.target)) return reject("exists", std::string(K::noun) + " \"" + op.target + "\" already exists");
  if (auto e = check_room<K>(b, limits)) return ApplyResult{e, {}};
  if (!op.value.is_object()) return reject("invalid", "op.value: expected an object");
  for (const char* f : K::required)
    if (!op.value.contains(f)) return reject("invalid", std::string("op.value.") + f + ": missing");
  typename K::Item item;
  item.id = op.target;
  for (const auto& [key, v] : op.value.items()) {
    if (key == "carried_from") {
      if constexpr (!std::is_same_v<K, ConsentKind>) {
        if (auto e = read_text(v, limits.id_bytes, "op.value.carried_from", false, item.carried_from))
          return ApplyResult{e, {}};
        continue;
      }
    }
    if (!is_field<K>(key)) return reject("invalid", "op.value." + key + ": not a field of a " + K::noun);
    if (auto e = K::put(b, item, key, v, limits)) return ApplyResult{e, {}};
  }
  if (auto e = K::check(b, item)) return ApplyResult{e, {}};
  item.author = op.author;
  item.created = item.updated = op.at;
  item.version = 1;
  K::items(b).emplace(item.id, item);
  return ApplyResult{std::nullopt, inverse_of(op, K::del, nullptr, content_tag<K>(item))};
}

template <class K>
ApplyResult live_item(Board& b, const Op& op, typename K::Item*& out) {
  auto it = K::items(b).find(op.target);
  if (it == K::items(b).end()) return reject("not_found", std::string("no ") + K::noun + " \"" + op.target + "\"");
  if (it->second.deleted)
    return reject("deleted", std::string(K::noun) + " \"" + op.target + "\" was deleted; the change was not applied");
  out = &it->second;
  return {};
}

template <class K>
ApplyResult set_item_field(Board& b, const Op& op, const Limits& limits) {
  typename K::Item* item = nullptr;
  if (ApplyResult r = live_item<K>(b, op, item); !r.ok()) return r;
  if (!is_field<K>(op.field))
    return reject("invalid", "op.field: \"" + op.field + "\" is not a field of a " + K::noun);
  const json before = K::get(*item, op.field);
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", std::string(K::noun) + " " + op.field + " was changed by someone else since");
  typename K::Item changed = *item;
  if (auto e = K::put(b, changed, op.field, op.value, limits)) return ApplyResult{e, {}};
  if (auto e = K::check(b, changed)) return ApplyResult{e, {}};
  changed.updated = op.at;
  ++changed.version;
  *item = std::move(changed);
  return ApplyResult{std::nullopt, inverse_of(op, K::set, before, K::get(*item, op.field))};
}

template <class K>
ApplyResult delete_item(Board& b, const Op& op) {
  typename K::Item* item = nullptr;
  if (ApplyResult r = live_item<K>(b, op, item); !r.ok()) return r;
  if (!op.expect.is_null() && op.expect != content_tag<K>(*item))
    return reject("conflict", std::string("the ") + K::noun + " was changed by someone else since");
  item->deleted = true;
  item->updated = op.at;
  ++item->version;
  return ApplyResult{std::nullopt, inverse_of(op, K::restore, nullptr, content_tag<K>(*item))};
}

template <class K>
ApplyResult restore_item(Board& b, const Op& op, const Limits& limits) {
  auto it = K::items(b).find(op.target);
  if (it == K::items(b).end()) return reject("not_found", std::string("no ") + K::noun + " \"" + op.target + "\"");
  auto& item = it->second;
  if (!item.deleted) return reject("conflict", std::string(K::noun) + " \"" + op.target + "\" is not deleted");
  if (!op.expect.is_null() && op.expect != content_tag<K>(item))
    return reject("conflict", std::string("the ") + K::noun + " was changed by someone else since");
  if (auto e = check_room<K>(b, limits)) return ApplyResult{e, {}};
  item.deleted = false;
  item.updated = op.at;
  ++item.version;
  return ApplyResult{std::nullopt, inverse_of(op, K::del, nullptr, content_tag<K>(item))};
}

template <class K>
ApplyResult apply_item_op(Board& b, const Op& op, const Limits& limits) {
  if (op.kind == K::add) return add_item<K>(b, op, limits);
  if (op.kind == K::set) return set_item_field<K>(b, op, limits);
  if (op.kind == K::del) return delete_item<K>(b, op);
  return restore_item<K>(b, op, limits);
}

// ---------------------------------------------------------------------------
// [SECTION] sign-off: own device, orally, on paper
// ---------------------------------------------------------------------------

// The value that puts back `target`'s sign-off as it is now (or takes it back).
json signoff_state(const Board& b, const std::string& target) {
  auto at = b.meeting.signoffs.find(target);
  if (at == b.meeting.signoffs.end()) return false;
  SignoffRecord record;
  if (auto f = b.meeting.signoff_forms.find(target); f != b.meeting.signoff_forms.end()) record = f->second;
  return {{"form", name_of(record.form)}, {"at", at->second}, {"recorded_by", record.recorded_by}};
}

}  // namespace

// value true: the author agrees (on their own device when author == target; the host
// makes sure of that). {"form": "oral"|"paper"}: someone else records an agreement
// given out loud or on paper. {"form", "at", "recorded_by"}: the undo of a take-back
// puts the sign-off back as it was. false: take it back.
ApplyResult apply_signoff(Board& b, const Op& op) {
  const Participant* p = b.find_participant(op.target);
  if (!p || p->removed) return reject("not_found", "no participant \"" + op.target + "\" to sign off");
  const json before = signoff_state(b, op.target);
  if (op.value.is_boolean()) {
    if (!op.value.get<bool>()) {
      b.meeting.signoffs.erase(op.target);
      b.meeting.signoff_forms.erase(op.target);
    } else {
      b.meeting.signoffs[op.target] = op.at;
      b.meeting.signoff_forms[op.target] = SignoffRecord{SignoffForm::OwnDevice, op.author};
    }
    return ApplyResult{std::nullopt, inverse_of(op, OpKind::SignOff, before, nullptr)};
  }
  const char* expected = "op.value: expected true (I agree), false (take back) or {\"form\": \"oral\" or \"paper\"}";
  if (!op.value.is_object()) return reject("invalid", expected);
  SignoffRecord record{SignoffForm::OwnDevice, op.author};
  Millis at = op.at;
  for (const auto& [key, v] : op.value.items()) {
    if (key == "form") {
      if (auto e = read_name(v, signoff_form_from, "op.value.form", "own_device, oral or paper", record.form))
        return ApplyResult{e, {}};
    } else if (key == "at") {
      if (!v.is_number_integer()) return reject("invalid", "op.value.at: expected milliseconds");
      at = v.get<Millis>();
    } else if (key == "recorded_by") {
      if (auto e = read_person(b, v, "op.value.recorded_by", true, record.recorded_by)) return ApplyResult{e, {}};
      if (record.recorded_by.empty()) record.recorded_by = op.author;
    } else {
      return reject("invalid", "op.value." + key + ": not part of a sign-off");
    }
  }
  if (!op.value.contains("form")) return reject("invalid", expected);
  b.meeting.signoffs[op.target] = at;
  b.meeting.signoff_forms[op.target] = record;
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::SignOff, before, nullptr)};
}

// ---------------------------------------------------------------------------
// [SECTION] dispatch
// ---------------------------------------------------------------------------

ApplyResult apply_plan_op(Board& b, const Op& op, const Limits& limits) {
  switch (op.kind) {
    case OpKind::AddGoal:
    case OpKind::SetGoalField:
    case OpKind::DeleteGoal:
    case OpKind::RestoreGoal: return apply_item_op<GoalKind>(b, op, limits);
    case OpKind::AddIntervention:
    case OpKind::SetInterventionField:
    case OpKind::DeleteIntervention:
    case OpKind::RestoreIntervention: return apply_item_op<InterventionKind>(b, op, limits);
    case OpKind::AddConsent:
    case OpKind::SetConsentField:
    case OpKind::DeleteConsent:
    case OpKind::RestoreConsent: return apply_item_op<ConsentKind>(b, op, limits);
    default: return reject("invalid", "op.kind: not an op on the family plan");
  }
}

std::optional<Error> check_goal_link(const Board& b, const nlohmann::json& value, const std::string& path,
                                     std::string& out) {
  return read_goal_link(b, value, path, out);
}

}  // namespace tavle::detail
