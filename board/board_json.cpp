// [SECTION] writing
// [SECTION] a reader that names the field it stopped at
// [SECTION] reading
// [SECTION] files and parsing
// [SECTION] issue 14: the family plan (goals, interventions, consent, sign-off forms)
#include "board/board_json.hpp"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "board/apply.hpp"
#include "board/network.hpp"
#include "board/order_key.hpp"

namespace tavle {
using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] writing
// ---------------------------------------------------------------------------
namespace {

// issue 15: a follow-up is written only when there is one, so older meetings'
// files and hashes stay as they were.
json review_json(const StepReview& r) {
  return {{"outcome", name_of(r.outcome)}, {"why", r.why}, {"by", r.by}, {"at", r.at}};
}

json card_json(const Card& c) {
  json agreement = json::object();
  for (const auto& [pid, mark] : c.agreement) agreement[pid] = name_of(mark);
  json out = {{"id", c.id},
          {"column", name_of(c.column)},
          {"text", c.text},
          {"text_op", c.text_op},
          {"author", c.author},
          {"created", c.created},
          {"updated", c.updated},
          {"order", c.order},
          {"category", name_of(c.category)},
          {"professional_only", c.professional_only},
          {"paired_with", c.paired_with},
          {"owners", c.step.owners},
          {"due", c.step.due},
          {"status", name_of(c.step.status)},
          {"agreement", agreement},
          {"carried_from", c.carried_from},
          {"goal", c.goal},  // issue 14
          {"deleted", c.deleted},
          {"version", c.version}};
  // issue 15:
  if (!c.review.empty()) out["review"] = review_json(c.review);
  if (!c.last_review.empty()) out["last_review"] = review_json(c.last_review);
  return out;
}

// issue 14: defined in the family plan section below.
void write_plan(const Board& b, json& out);
// issue 15: the plan's lists, each written only when it has entries, so older
// meetings' files and hashes stay as they were.
template <class Entry>
void write_list(const std::map<std::string, Entry>& entries, const char* key, json& out,
                void (*extra)(const Entry&, json&) = nullptr) {
  if (entries.empty()) return;
  json list = json::array();
  for (const auto& [id, e] : entries) {
    json item = entry_json(e);
    item["id"] = id;
    if (extra) extra(e, item);
    list.push_back(std::move(item));
  }
  out[key] = std::move(list);
}

void write_plan_lists(const Board& b, json& out) {
  write_list<ChildWords>(b.child_voice, "child_voice", out, [](const ChildWords& w, json& j) {
    j["by"] = w.by;
    j["at"] = w.at;
  });
  write_list(b.safe_adults, "safe_adults", out);
  write_list(b.acute_plan, "acute_plan", out);
  write_list<BottomLine>(b.bottom_lines, "bottom_lines", out, [](const BottomLine& l, json& j) { j["by"] = l.by; });
}

}  // namespace

json to_json(const Board& b) {
  const Meeting& m = b.meeting;
  json signoffs = json::object();
  for (const auto& [pid, at] : m.signoffs) signoffs[pid] = at;
  json meeting{{"id", m.id},
               {"family_id", m.family_id},
               {"family_label", m.family_label},
               {"case_ref", m.case_ref},
               {"kind", name_of(m.kind)},
               {"starts_at", m.starts_at},
               {"place", m.place},
               {"facilitator", m.facilitator},
               {"coordinator", m.coordinator},
               {"consent", {{"given_by", m.consent.given_by}, {"at", m.consent.at}}},
               {"next_meeting", m.next_meeting},
               {"language", m.language},
               {"previous_meeting_id", m.previous_meeting_id},
               {"approval", {{"by", m.approval.by}, {"at", m.approval.at}}},
               {"signoffs", signoffs}};
  json participants = json::array();
  for (const auto& [id, p] : b.participants)
    participants.push_back({{"id", p.id},
                            {"name", p.name},
                            {"role", name_of(p.role)},
                            {"organisation", p.organisation},
                            {"present", p.present},
                            {"removed", p.removed},
                            // issue 14: how to reach them
                            {"email", p.email},
                            {"phone", p.phone},
                            {"address", p.address}});
  json cards = json::array();
  for (const auto& [id, c] : b.cards) cards.push_back(card_json(c));
  json ratings = json::array();
  for (const auto& [pid, r] : b.scale.ratings) {
    json rating{{"participant", pid}, {"value", r.value < 0 ? json(nullptr) : json(r.value)}, {"reason", r.reason}, {"at", r.at}};
    if (r.hidden) rating["hidden"] = true;
    ratings.push_back(rating);
  }
  json suggestions = json::array();
  for (const auto& [id, s] : b.suggestions)
    suggestions.push_back({{"id", s.id},
                           {"author", s.author},
                           {"column", name_of(s.column)},
                           {"text", s.text},
                           {"at", s.at},
                           {"state", name_of(s.state)},
                           {"card_id", s.card_id}});
  json out{{"schema", kSchemaVersion},
          {"format", "tavle-meeting"},
          {"meeting", meeting},
          {"participants", participants},
          {"cards", cards},
          {"scale", {{"question", b.scale.question}, {"blind", b.scale.blind}, {"revealed", b.scale.revealed}, {"ratings", ratings}}},
          {"suggestions", suggestions},
          {"revision", b.revision}};
  write_plan(b, out);  // issue 14
  write_plan_lists(b, out);  // issue 15
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] a reader that names the field it stopped at
// ---------------------------------------------------------------------------
namespace {

class Fields {
 public:
  Fields(const json& object, std::string path, std::optional<Error>& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object()) fail("invalid", "expected an object");
  }

  std::string text(const char* key, std::size_t limit) {
    const json* v = find(key);
    if (!v) return {};
    if (!v->is_string()) return fail_at(key, "expected a string"), std::string();
    if (auto e = check_text(v->get_ref<const std::string&>(), limit, where(key))) error_ = error_ ? error_ : e;
    return v->get<std::string>();
  }
  std::string id(const char* key, const Limits& limits, bool required) {
    std::string s = text(key, limits.id_bytes);
    if (!error_ && (required || !s.empty()))
      if (auto e = check_id(s, where(key), limits)) error_ = e;
    return s;
  }
  std::string date(const char* key, bool allow_time) {
    std::string s = text(key, 32);
    if (!error_)
      if (auto e = check_date(s, allow_time, where(key))) error_ = e;
    return s;
  }
  bool boolean(const char* key, bool fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) return fail_at(key, "expected true or false"), fallback;
    return v->get<bool>();
  }
  std::int64_t integer(const char* key, std::int64_t low, std::int64_t high) {
    const json* v = find(key);
    if (!v) return 0;
    if (!v->is_number_integer() || v->get<std::int64_t>() < low || v->get<std::int64_t>() > high)
      return fail_at(key, "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high)), 0;
    return v->get<std::int64_t>();
  }
  template <class E>
  E name(const char* key, std::optional<E> (*parse)(std::string_view), E fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    auto parsed = v->is_string() ? parse(v->get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) return fail_at(key, "unknown value " + v->dump()), fallback;
    return *parsed;
  }
  // A member that must be an array or object when present; nullptr when absent.
  const json* nested(const char* key, bool array) {
    const json* v = find(key);
    if (v && (array ? !v->is_array() : !v->is_object()))
      return fail_at(key, array ? "expected a list" : "expected an object"), nullptr;
    return v;
  }
  std::string where(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
  bool ok() const { return !error_; }

 private:
  const json* find(const char* key) const {
    if (error_ || !object_.is_object()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  void fail(const char* code, const std::string& what) {
    if (!error_) error_ = Error{code, (path_.empty() ? "file" : path_) + ": " + what};
  }
  void fail_at(const char* key, const std::string& what) {
    if (!error_) error_ = Error{"invalid", where(key) + ": " + what};
  }

  const json& object_;
  std::string path_;
  std::optional<Error>& error_;
};

std::string item_path(const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

// ---------------------------------------------------------------------------
// [SECTION] reading
// ---------------------------------------------------------------------------

void read_meeting(const json& j, Meeting& m, const Limits& limits, std::optional<Error>& err) {
  Fields f(j, "meeting", err);
  m.id = f.id("id", limits, false);
  m.family_id = f.id("family_id", limits, false);
  m.family_label = f.text("family_label", limits.short_text_bytes);
  m.case_ref = f.text("case_ref", limits.short_text_bytes);
  m.kind = f.name("kind", meeting_kind_from, MeetingKind::Network);
  m.starts_at = f.date("starts_at", true);
  m.place = f.text("place", limits.short_text_bytes);
  m.facilitator = f.id("facilitator", limits, false);
  m.coordinator = f.id("coordinator", limits, false);
  m.next_meeting = f.date("next_meeting", true);
  m.language = f.text("language", 8);
  if (m.language.empty()) m.language = "da";
  if (f.ok() && m.language != "da" && m.language != "en") err = Error{"invalid", "meeting.language: expected da or en"};
  m.previous_meeting_id = f.id("previous_meeting_id", limits, false);
  if (const json* consent = f.nested("consent", false)) {
    Fields c(*consent, "meeting.consent", err);
    m.consent.given_by = c.text("given_by", limits.short_text_bytes);
    m.consent.at = c.date("at", false);
  }
  if (const json* approval = f.nested("approval", false)) {
    Fields a(*approval, "meeting.approval", err);
    m.approval.by = a.id("by", limits, false);
    m.approval.at = a.integer("at", 0, INT64_MAX);
  }
  if (const json* signoffs = f.nested("signoffs", false))
    for (const auto& [pid, at] : signoffs->items()) {
      if (!at.is_number_integer()) {
        if (!err) err = Error{"invalid", "meeting.signoffs." + pid + ": expected milliseconds"};
        return;
      }
      m.signoffs[pid] = at.get<Millis>();
    }
}

void read_participants(const json& list, Board& b, const Limits& limits, std::optional<Error>& err) {
  for (std::size_t i = 0; i < list.size() && !err; ++i) {
    Fields f(list[i], item_path("participants", i), err);
    Participant p;
    p.id = f.id("id", limits, true);
    p.name = f.text("name", limits.short_text_bytes);
    p.role = f.name("role", participant_role_from, ParticipantRole::Professional);
    p.organisation = f.text("organisation", limits.short_text_bytes);
    p.present = f.boolean("present", true);
    p.removed = f.boolean("removed", false);
    p.email = f.text("email", limits.short_text_bytes);  // issue 14
    p.phone = f.text("phone", limits.short_text_bytes);
    p.address = f.text("address", limits.short_text_bytes);
    if (!err && !b.participants.emplace(p.id, p).second)
      err = Error{"invalid", f.where("id") + ": \"" + p.id + "\" appears twice"};
  }
  if (!err && b.participants.size() > limits.participants)
    err = Error{"limit", "participants: " + std::to_string(b.participants.size()) + ", the limit is " +
                             std::to_string(limits.participants)};
}

// issue 15: a card's follow-up.
void read_review(const json& j, const std::string& path, StepReview& r, const Limits& limits,
                 std::optional<Error>& err) {
  Fields f(j, path, err);
  r.outcome = f.name("outcome", step_status_from, StepStatus::Open);
  r.why = f.text("why", limits.short_text_bytes);
  r.by = f.id("by", limits, false);
  r.at = f.integer("at", 0, INT64_MAX);
}

void read_cards(const json& list, Board& b, const Limits& limits, std::optional<Error>& err) {
  for (std::size_t i = 0; i < list.size() && !err; ++i) {
    const std::string path = item_path("cards", i);
    Fields f(list[i], path, err);
    Card c;
    c.id = f.id("id", limits, true);
    c.column = f.name("column", column_from, Column::WorkingWell);
    c.text = f.text("text", limits.card_text_bytes);
    c.text_op = f.text("text_op", 160);
    c.author = f.text("author", limits.id_bytes);
    c.created = f.integer("created", 0, INT64_MAX);
    c.updated = f.integer("updated", 0, INT64_MAX);
    c.order = f.text("order", kMaxOrderKeyLength);
    c.category = f.name("category", category_from, Category::None);
    c.professional_only = f.boolean("professional_only", false);
    c.paired_with = f.id("paired_with", limits, false);
    c.step.due = f.date("due", false);
    c.step.status = f.name("status", step_status_from, StepStatus::Open);
    c.carried_from = f.id("carried_from", limits, false);
    c.goal = f.id("goal", limits, false);  // issue 14
    c.deleted = f.boolean("deleted", false);
    c.version = static_cast<std::uint64_t>(f.integer("version", 0, INT64_MAX));
    if (const json* owners = f.nested("owners", true))
      for (const auto& o : *owners) {
        if (!o.is_string() || o.get_ref<const std::string&>().size() > limits.id_bytes) {
          if (!err) err = Error{"invalid", path + ".owners: expected participant ids"};
          break;
        }
        c.step.owners.push_back(o.get<std::string>());
      }
    if (const json* agreement = f.nested("agreement", false))
      for (const auto& [pid, mark] : agreement->items()) {
        auto a = mark.is_string() ? agreement_from(mark.get_ref<const std::string&>()) : std::nullopt;
        if (!a) {
          if (!err) err = Error{"invalid", path + ".agreement." + pid + ": expected agree, disagree or none"};
          break;
        }
        if (*a != Agreement::None) c.agreement[pid] = *a;
      }
    // issue 15:
    if (const json* review = f.nested("review", false)) read_review(*review, path + ".review", c.review, limits, err);
    if (const json* last = f.nested("last_review", false))
      read_review(*last, path + ".last_review", c.last_review, limits, err);
    if (err) return;
    if (c.order.empty()) c.order = b.cards.key_after_last(c.column);
    if (!valid_order_key(c.order)) err = Error{"invalid", path + ".order: not a valid order key"};
    else if (!category_fits(c.category, c.column))
      err = Error{"invalid", path + ".category: " + std::string(name_of(c.category)) + " does not belong in " +
                                 std::string(name_of(c.column))};
    else if (!b.cards.insert(c))
      err = Error{"invalid", path + ".id: \"" + c.id + "\" appears twice"};
  }
  if (!err && b.live_card_count() > limits.cards)
    err = Error{"limit", "cards: " + std::to_string(b.live_card_count()) + " cards, the limit is " + std::to_string(limits.cards)};
}

void read_scale(const json& j, SafetyScale& s, const Limits& limits, std::optional<Error>& err) {
  Fields f(j, "scale", err);
  s.question = f.text("question", limits.card_text_bytes);
  s.blind = f.boolean("blind", false);
  s.revealed = f.boolean("revealed", false);
  const json* ratings = f.nested("ratings", true);
  for (std::size_t i = 0; ratings && i < ratings->size() && !err; ++i) {
    Fields r((*ratings)[i], item_path("scale.ratings", i), err);
    const std::string pid = r.id("participant", limits, true);
    Rating rating;
    rating.value = (*ratings)[i].is_object() && (*ratings)[i].value("value", json()).is_null()
                       ? -1
                       : static_cast<int>(r.integer("value", 0, 10));
    rating.reason = r.text("reason", limits.reason_bytes);
    rating.at = r.integer("at", 0, INT64_MAX);
    rating.hidden = r.boolean("hidden", false);
    if (!err) s.ratings[pid] = rating;
  }
}

void read_suggestions(const json& list, Board& b, const Limits& limits, std::optional<Error>& err) {
  for (std::size_t i = 0; i < list.size() && !err; ++i) {
    Fields f(list[i], item_path("suggestions", i), err);
    Suggestion s;
    s.id = f.id("id", limits, true);
    s.author = f.text("author", limits.id_bytes);
    s.column = f.name("column", column_from, Column::WorkingWell);
    s.text = f.text("text", limits.card_text_bytes);
    s.at = f.integer("at", 0, INT64_MAX);
    s.state = f.name("state", suggestion_state_from, SuggestionState::Pending);
    s.card_id = f.id("card_id", limits, false);
    if (!err) b.suggestions[s.id] = s;
  }
  if (!err && b.suggestions.size() > limits.suggestions)
    err = Error{"limit", "suggestions: the limit is " + std::to_string(limits.suggestions)};
}

// issue 14: defined in the family plan section below.
void read_plan(const json& top, Board& b, const Limits& limits, std::optional<Error>& err);
// issue 15: the plan's lists (board/network.hpp); forgiving like the rest of the file.
void read_plan_lists(const json& top, Board& b, const Limits& limits, std::optional<Error>& err) {
  Fields f(top, "", err);
  auto each = [&](const char* key, auto read_one) {
    const json* list = f.nested(key, true);
    for (std::size_t i = 0; list && i < list->size() && !err; ++i) {
      Fields e((*list)[i], item_path(key, i), err);
      const std::string id = e.id("id", limits, true);
      read_one(e, id);
    }
    if (list && !err && list->size() > limits.entries_per_list)
      err = Error{"limit", std::string(key) + ": the limit is " + std::to_string(limits.entries_per_list)};
  };
  each("child_voice", [&](Fields& e, const std::string& id) {
    ChildWords w;
    w.child = e.id("child", limits, false);
    w.text = e.text("text", limits.card_text_bytes);
    w.how = e.name("how", voice_how_from, VoiceHow::SaidInMeeting);
    w.heard_by = e.text("heard_by", limits.short_text_bytes);
    w.on = e.date("on", false);
    w.house = e.text("house", 16);
    w.by = e.text("by", limits.id_bytes);
    w.at = e.integer("at", 0, INT64_MAX);
    if (!err) b.child_voice[id] = w;
  });
  each("safe_adults", [&](Fields& e, const std::string& id) {
    SafeAdult a;
    a.name = e.text("name", limits.short_text_bytes);
    a.relation = e.text("relation", limits.short_text_bytes);
    a.contact = e.text("contact", limits.short_text_bytes);
    a.commits = e.text("commits", limits.reason_bytes);
    if (!err) b.safe_adults[id] = a;
  });
  each("acute_plan", [&](Fields& e, const std::string& id) {
    AcuteContact c;
    c.who = e.text("who", limits.short_text_bytes);
    c.phone = e.text("phone", limits.short_text_bytes);
    c.when = e.text("when", 16);
    c.what = e.text("what", limits.reason_bytes);
    if (c.when.empty()) c.when = "always";
    if (!err && c.when != "day" && c.when != "night" && c.when != "always")
      err = Error{"invalid", e.where("when") + ": expected day, night or always"};
    if (!err) b.acute_plan[id] = c;
  });
  each("bottom_lines", [&](Fields& e, const std::string& id) {
    BottomLine l;
    l.text = e.text("text", limits.card_text_bytes);
    l.by = e.text("by", limits.id_bytes);
    if (!err) b.bottom_lines[id] = l;
  });
}

}  // namespace

std::optional<Error> board_from_json(const json& j, Board& out, const Limits& limits) {
  if (!j.is_object()) return Error{"invalid", "file: expected a JSON object (a Tavle meeting)"};
  if (!j.contains("schema") || !j["schema"].is_number_integer())
    return Error{"invalid", "schema: missing; this does not look like a Tavle meeting file"};
  const auto schema = j["schema"].get<long long>();
  if (schema > kSchemaVersion)
    return Error{"future_schema", "schema: " + std::to_string(schema) + " is newer than this Tavle reads (" +
                                      std::to_string(kSchemaVersion) + "); update Tavle to open it"};
  if (schema < 1) return Error{"invalid", "schema: " + std::to_string(schema) + " is not a Tavle schema"};
  std::optional<Error> err;
  Board b;
  Fields top(j, "", err);
  if (const json* m = top.nested("meeting", false)) read_meeting(*m, b.meeting, limits, err);
  if (const json* p = top.nested("participants", true); p && !err) read_participants(*p, b, limits, err);
  if (const json* c = top.nested("cards", true); c && !err) read_cards(*c, b, limits, err);
  if (const json* s = top.nested("scale", false); s && !err) read_scale(*s, b.scale, limits, err);
  if (const json* s = top.nested("suggestions", true); s && !err) read_suggestions(*s, b, limits, err);
  if (!err) read_plan(j, b, limits, err);  // issue 14
  if (!err) read_plan_lists(j, b, limits, err);  // issue 15
  b.revision = static_cast<std::uint64_t>(top.integer("revision", 0, INT64_MAX));
  if (err) return err;
  out = std::move(b);
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] files and parsing
// ---------------------------------------------------------------------------

std::optional<Error> parse_json(std::string_view text, json& out, int max_depth) {
  bool too_deep = false;
  json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t, json&) {
    if (depth > max_depth) too_deep = true;
    return !too_deep;
  };
  try {
    out = json::parse(text.begin(), text.end(), limit_depth);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e309): both are
    // bad input. e.what() carries the byte offset or the number, which is what a
    // person fixing the file needs.
    return Error{"malformed", std::string("not valid JSON: ") + e.what()};
  }
  if (too_deep) return Error{"invalid", "JSON nested deeper than " + std::to_string(max_depth) + " levels"};
  return std::nullopt;
}

std::string canonical_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<Error> read_board_file(const std::string& path, Board& out, const Limits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io", path + ": cannot open for reading"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (text.size() > kMaxFileBytes) return Error{"limit", path + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB"};
  json j;
  if (auto e = parse_json(text, j)) return Error{e->code, path + ": " + e->message};
  if (auto e = board_from_json(j, out, limits)) return Error{e->code, path + ": " + e->message};
  return std::nullopt;
}

}  // namespace tavle

// ---------------------------------------------------------------------------
// [SECTION] issue 14: the family plan (goals, interventions, consent, sign-off forms)
// ---------------------------------------------------------------------------
namespace tavle {
namespace {

void write_plan(const Board& b, json& out) {
  json goals = json::array();
  for (const auto& [id, g] : b.goals)
    goals.push_back({{"id", g.id}, {"text", g.text}, {"for", g.for_whom}, {"how_we_know", g.how_we_know},
                     {"themes", g.themes}, {"reached", g.reached}, {"author", g.author}, {"created", g.created},
                     {"updated", g.updated}, {"carried_from", g.carried_from}, {"deleted", g.deleted},
                     {"version", g.version}});
  json interventions = json::array();
  for (const auto& [id, i] : b.interventions)
    interventions.push_back({{"id", i.id}, {"text", i.text}, {"actor", i.actor}, {"organisation", i.organisation},
                             {"for", i.for_whom}, {"starts", i.starts}, {"ends", i.ends},
                             {"status", name_of(i.status)}, {"goal", i.goal}, {"themes", i.themes},
                             {"professional_only", i.professional_only}, {"author", i.author},
                             {"created", i.created}, {"updated", i.updated}, {"carried_from", i.carried_from},
                             {"deleted", i.deleted}, {"version", i.version}});
  json consents = json::array();
  for (const auto& [id, c] : b.consents)
    consents.push_back({{"id", c.id}, {"given_by", c.given_by}, {"form", name_of(c.form)}, {"at", c.at},
                        {"covers", c.covers}, {"withdrawn_at", c.withdrawn_at}, {"author", c.author},
                        {"created", c.created}, {"updated", c.updated}, {"deleted", c.deleted},
                        {"version", c.version}});
  json forms = json::object();
  for (const auto& [pid, r] : b.meeting.signoff_forms)
    forms[pid] = {{"form", name_of(r.form)}, {"recorded_by", r.recorded_by}};
  out["goals"] = std::move(goals);
  out["interventions"] = std::move(interventions);
  out["consents"] = std::move(consents);
  out["meeting"]["signoff_forms"] = std::move(forms);
}

// A list of strings (ids or short texts) at `key`, each at most `bytes`.
std::vector<std::string> strings_at(Fields& f, const json& object, const char* key, std::size_t count,
                                    std::size_t bytes, std::optional<Error>& err) {
  std::vector<std::string> out;
  const json* list = f.nested(key, true);
  if (!list) return out;
  if (list->size() > count) {
    if (!err) err = Error{"limit", f.where(key) + ": at most " + std::to_string(count) + " entries"};
    return out;
  }
  for (const json& e : *list) {
    if (!e.is_string() || e.get_ref<const std::string&>().size() > bytes) {
      if (!err) err = Error{"invalid", f.where(key) + ": expected a list of strings of at most " + std::to_string(bytes) + " bytes"};
      return out;
    }
    out.push_back(e.get<std::string>());
  }
  (void)object;
  return out;
}

template <class Item>
void read_bookkeeping(Fields& f, Item& item, const Limits& limits) {
  item.id = f.id("id", limits, true);
  item.author = f.text("author", limits.id_bytes);
  item.created = f.integer("created", 0, INT64_MAX);
  item.updated = f.integer("updated", 0, INT64_MAX);
  item.deleted = f.boolean("deleted", false);
  item.version = static_cast<std::uint64_t>(f.integer("version", 0, INT64_MAX));
}

template <class Item, class ReadOne>
void read_items(const json& top, const char* key, std::map<std::string, Item>& out, std::size_t limit,
                std::optional<Error>& err, ReadOne read_one) {
  Fields t(top, "", err);
  const json* list = t.nested(key, true);
  for (std::size_t i = 0; list && i < list->size() && !err; ++i) {
    Fields f((*list)[i], item_path(key, i), err);
    Item item;
    read_one(f, (*list)[i], item);
    if (!err && !out.emplace(item.id, item).second)
      err = Error{"invalid", f.where("id") + ": \"" + item.id + "\" appears twice"};
  }
  const auto live = std::count_if(out.begin(), out.end(), [](const auto& kv) { return !kv.second.deleted; });
  if (!err && static_cast<std::size_t>(live) > limit)
    err = Error{"limit", std::string(key) + ": " + std::to_string(live) + ", the limit is " + std::to_string(limit)};
}

void read_plan(const json& top, Board& b, const Limits& limits, std::optional<Error>& err) {
  read_items(top, "goals", b.goals, limits.goals, err, [&](Fields& f, const json& j, Goal& g) {
    read_bookkeeping(f, g, limits);
    g.text = f.text("text", limits.card_text_bytes);
    g.for_whom = strings_at(f, j, "for", limits.people_per_item, limits.id_bytes, err);
    g.how_we_know = f.text("how_we_know", limits.card_text_bytes);
    g.themes = strings_at(f, j, "themes", limits.themes_per_item, limits.id_bytes, err);
    g.reached = f.boolean("reached", false);
    g.carried_from = f.id("carried_from", limits, false);
  });
  read_items(top, "interventions", b.interventions, limits.interventions, err,
             [&](Fields& f, const json& j, Intervention& i) {
               read_bookkeeping(f, i, limits);
               i.text = f.text("text", limits.card_text_bytes);
               i.actor = f.id("actor", limits, false);
               i.organisation = f.text("organisation", limits.short_text_bytes);
               i.for_whom = strings_at(f, j, "for", limits.people_per_item, limits.id_bytes, err);
               i.starts = f.date("starts", false);
               i.ends = f.date("ends", false);
               i.status = f.name("status", intervention_status_from, InterventionStatus::Planned);
               i.goal = f.id("goal", limits, false);
               i.themes = strings_at(f, j, "themes", limits.themes_per_item, limits.id_bytes, err);
               i.professional_only = f.boolean("professional_only", false);
               i.carried_from = f.id("carried_from", limits, false);
             });
  read_items(top, "consents", b.consents, limits.consents, err, [&](Fields& f, const json& j, ConsentRecord& c) {
    read_bookkeeping(f, c, limits);
    c.given_by = f.id("given_by", limits, false);
    c.form = f.name("form", consent_form_from, ConsentForm::Written);
    c.at = f.date("at", false);
    c.covers = strings_at(f, j, "covers", limits.covers_per_consent, limits.short_text_bytes, err);
    c.withdrawn_at = f.date("withdrawn_at", false);
  });
  if (err) return;
  const json* meeting = top.contains("meeting") ? &top.at("meeting") : nullptr;
  if (!meeting || !meeting->is_object() || !meeting->contains("signoff_forms")) return;
  Fields m(*meeting, "meeting", err);
  if (const json* forms = m.nested("signoff_forms", false))
    for (const auto& [pid, form] : forms->items()) {
      Fields f(form, "meeting.signoff_forms." + pid, err);
      SignoffRecord r;
      r.form = f.name("form", signoff_form_from, SignoffForm::OwnDevice);
      r.recorded_by = f.text("recorded_by", limits.id_bytes);
      if (err) return;
      b.meeting.signoff_forms[pid] = r;
    }
}

}  // namespace
}  // namespace tavle
