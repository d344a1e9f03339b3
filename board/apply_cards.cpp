// [SECTION] order keys inside a column
// [SECTION] card fields
// [SECTION] card ops
// [SECTION] suggestions (the family's own words, waiting for the facilitator)
#include <algorithm>

#include "board/apply_parts.hpp"
#include "board/order_key.hpp"

namespace tavle::detail {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] order keys inside a column
// ---------------------------------------------------------------------------

// Where an op wants its card: the order key it names, or a new one after the
// column's last card, which no other card can have. `respace`: the op was settled
// by a host that respaced the column first, so its key belongs to the fresh keys.
struct WantedOrder {
  std::string key;
  bool after_last = false;
  bool respace = false;
};

std::optional<Error> read_order(const Board& b, const nlohmann::json& value, Column column, WantedOrder& out) {
  bool respace = false;
  if (auto r = value.find("respace"); r != value.end()) {
    if (!r->is_boolean()) return Error{"invalid", "op.value.respace: expected true or false"};
    respace = r->get<bool>();
  }
  if (!value.contains("order")) {
    out = {b.cards.key_after_last(column), true, respace};
    return std::nullopt;
  }
  const auto& o = value.at("order");
  if (!o.is_string() || !valid_order_key(o.get_ref<const std::string&>()))
    return Error{"invalid", "op.value.order: expected an order key (1-" + std::to_string(kMaxOrderKeyLength) +
                                " of 0-9A-Za-z, not ending in 0)"};
  out = {o.get<std::string>(), false, respace};
  return std::nullopt;
}

// Gives every live card of `column` but `card_id` a fresh short key, in the same order.
void respace_column(Board& b, Column column, const std::string& card_id) {
  std::vector<std::string> ids;
  for (const auto& [key, id] : b.cards.in_column(column))
    if (id != card_id) ids.push_back(id);
  const std::vector<std::string> keys = spread_order_keys(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) b.cards.change(ids[i], [&](Card& c) { c.order = keys[i]; });
}

// The key the card gets: only a named key can collide with another card's. A key
// the model would refuse (a column whose keys grew long, by accident or on
// purpose) is never handed out: the column is respaced first and the card keeps
// its place among the others. Changes the board only when it respaces, so call
// it after every check of the op.
std::string place_card(Board& b, Column column, const WantedOrder& wanted, const std::string& card_id,
                       bool& respaced) {
  if (!wanted.respace) {
    std::string key = wanted.after_last ? wanted.key : settle_order_key(b, column, wanted.key, card_id);
    if (valid_order_key(key)) return key;
  }
  // How many of the other cards come before the wanted place.
  std::size_t rank = 0;
  for (const auto& [key, id] : b.cards.in_column(column))
    if (id != card_id && (wanted.after_last || key <= wanted.key)) ++rank;  // a taken key: after its holder
  respace_column(b, column, card_id);
  respaced = true;
  if (wanted.respace && !wanted.after_last) {
    // Settled by the host against these same fresh keys: the named key is free.
    std::string key = settle_order_key(b, column, wanted.key, card_id);
    if (valid_order_key(key)) return key;
  }
  std::vector<std::string> keys;
  for (const auto& [key, id] : b.cards.in_column(column))
    if (id != card_id) keys.push_back(key);
  const std::string before = rank == 0 ? std::string() : keys[rank - 1];
  const std::string after = rank < keys.size() ? keys[rank] : std::string();
  return order_key_between(before, after);
}

std::optional<Error> read_column(const nlohmann::json& value, Column& out) {
  if (!value.is_object() || !value.contains("column") || !value.at("column").is_string())
    return Error{"invalid", "op.value.column: expected working_well, worries or next_steps"};
  auto c = column_from(value.at("column").get_ref<const std::string&>());
  if (!c) return Error{"invalid", "op.value.column: expected working_well, worries or next_steps"};
  out = *c;
  return std::nullopt;
}

std::optional<Error> live_card(const Board& b, const std::string& id, const Card*& out) {
  auto it = b.cards.find(id);
  if (it == b.cards.end()) return Error{"not_found", "no card \"" + id + "\""};
  if (it->second.deleted) return Error{"deleted", "card \"" + id + "\" was deleted; the change was not applied"};
  out = &it->second;
  return std::nullopt;
}

std::optional<Error> check_card_room(const Board& b, const Limits& limits) {
  if (b.live_card_count() >= limits.cards)
    return Error{"limit", "cards: at most " + std::to_string(limits.cards) + " cards on one board"};
  return std::nullopt;
}

void touch(Card& card, const Op& op) {
  card.updated = op.at;
  ++card.version;
}

// ---------------------------------------------------------------------------
// [SECTION] card fields
// ---------------------------------------------------------------------------

nlohmann::json card_field(const Card& c, const std::string& field) {
  if (field == "category") return name_of(c.category);
  if (field == "professional_only") return c.professional_only;
  if (field == "paired_with") return c.paired_with;
  if (field == "owners") return c.step.owners;
  if (field == "due") return c.step.due;
  if (field == "status") return name_of(c.step.status);
  if (field == "goal") return c.goal;  // issue 14
  return nullptr;
}

// Validates `value` for `field` on `card` and, if `write`, stores it.
std::optional<Error> set_card_field_value(Board& b, Card& card, const std::string& field, const nlohmann::json& value,
                                          const Limits& limits, bool write) {
  const std::string path = "card." + field;
  if (field == "category") {
    auto cat = value.is_string() ? category_from(value.get_ref<const std::string&>()) : std::nullopt;
    if (!cat) return Error{"invalid", path + ": unknown category"};
    if (!category_fits(*cat, card.column))
      return Error{"invalid", path + ": " + std::string(name_of(*cat)) + " does not belong in the " +
                                  std::string(name_of(card.column)) + " column"};
    if (write) card.category = *cat;
  } else if (field == "professional_only") {
    if (!value.is_boolean()) return Error{"invalid", path + ": expected true or false"};
    if (write) card.professional_only = value.get<bool>();
  } else if (field == "paired_with") {
    if (!value.is_string()) return Error{"invalid", path + ": expected a card id or \"\""};
    const auto& goal_id = value.get_ref<const std::string&>();
    if (!goal_id.empty()) {
      const Card* goal = b.find_card(goal_id);
      if (!goal || goal->deleted) return Error{"not_found", path + ": no card \"" + goal_id + "\""};
      if (card.column != Column::Worries || goal->column != Column::NextSteps)
        return Error{"invalid", path + ": a worry (danger statement) is paired with a card in what needs to happen (safety goal)"};
    }
    if (write) card.paired_with = goal_id;
  } else if (field == "owners") {
    std::vector<std::string> owners;
    if (auto e = check_owners(b, value, limits, owners)) return Error{e->code, "card." + e->message};
    if (write) card.step.owners = owners;
  } else if (field == "due") {
    if (!value.is_string()) return Error{"invalid", path + ": expected YYYY-MM-DD or \"\""};
    if (auto e = check_date(value.get_ref<const std::string&>(), false, path)) return e;
    if (write) card.step.due = value.get<std::string>();
  } else if (field == "status") {
    auto st = value.is_string() ? step_status_from(value.get_ref<const std::string&>()) : std::nullopt;
    if (!st) return Error{"invalid", path + ": expected open, done, not_done or carried_on"};
    if (write) card.step.status = *st;
  } else if (field == "goal") {  // issue 14: the goal a next step serves
    std::string goal;
    if (auto e = check_goal_link(b, value, path, goal)) return e;
    if (write) card.goal = goal;
  } else {
    return Error{"invalid", "op.field: \"" + field + "\" is not a card field"};
  }
  return std::nullopt;
}

constexpr const char* kOptionalCardFields[] = {"category", "professional_only", "paired_with", "owners", "due", "status",
                                              "goal" /* issue 14 */};

// ---------------------------------------------------------------------------
// [SECTION] card ops
// ---------------------------------------------------------------------------

ApplyResult add_card(Board& b, const Op& op, const Limits& limits) {
  if (auto e = check_id(op.target, "op.target", limits)) return ApplyResult{e, {}};
  if (b.cards.count(op.target)) return reject("exists", "card \"" + op.target + "\" already exists");
  if (auto e = check_card_room(b, limits)) return ApplyResult{e, {}};
  Card card;
  card.id = op.target;
  if (auto e = read_column(op.value, card.column)) return ApplyResult{e, {}};
  ValueReader r{op.value, std::nullopt};
  card.text = r.string("text", limits.card_text_bytes, true);
  card.carried_from = r.string("carried_from", limits.id_bytes, false);
  if (r.error) return ApplyResult{r.error, {}};
  WantedOrder order;
  if (auto e = read_order(b, op.value, card.column, order)) return ApplyResult{e, {}};
  for (const char* field : kOptionalCardFields)
    if (op.value.contains(field))
      if (auto e = set_card_field_value(b, card, field, op.value.at(field), limits, true)) return ApplyResult{e, {}};
  bool respaced = false;
  card.order = place_card(b, card.column, order, card.id, respaced);
  card.author = op.author;
  card.text_op = op.id;
  card.created = card.updated = op.at;
  card.version = 1;
  b.cards.insert(card);
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::DeleteCard, nullptr, card.version), respaced};
}

ApplyResult edit_text(Board& b, const Op& op, const Limits& limits) {
  const Card* card = nullptr;
  if (auto e = live_card(b, op.target, card)) return ApplyResult{e, {}};
  if (!op.value.is_string()) return reject("invalid", "op.value: expected the card's new text");
  if (auto e = check_text(op.value.get_ref<const std::string&>(), limits.card_text_bytes, "card.text"))
    return ApplyResult{e, {}};
  // `expect` names the edit being taken back; a later edit by anyone wins.
  if (!op.expect.is_null() && op.expect != card->text_op)
    return reject("conflict", "the card's text was changed by someone else since");
  const std::string before = card->text;
  b.cards.change(op.target, [&](Card& c) {
    c.text = op.value.get<std::string>();
    c.text_op = op.id;
    touch(c, op);
  });
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::EditText, before, op.id)};
}

ApplyResult move_card(Board& b, const Op& op, const Limits&) {
  const Card* card = nullptr;
  if (auto e = live_card(b, op.target, card)) return ApplyResult{e, {}};
  Column column;
  if (auto e = read_column(op.value, column)) return ApplyResult{e, {}};
  WantedOrder order;
  if (auto e = read_order(b, op.value, column, order)) return ApplyResult{e, {}};
  const nlohmann::json place{{"column", name_of(card->column)}, {"order", card->order}};
  if (!op.expect.is_null() && op.expect != place)
    return reject("conflict", "the card was moved by someone else since");
  Category category = category_fits(card->category, column) ? card->category : Category::None;
  if (op.value.contains("category")) {
    const auto& c = op.value.at("category");
    auto parsed = c.is_string() ? category_from(c.get_ref<const std::string&>()) : std::nullopt;
    if (!parsed || !category_fits(*parsed, column))
      return reject("invalid", "op.value.category: not a category of the " + std::string(name_of(column)) + " column");
    category = *parsed;
  }
  nlohmann::json back = place;
  back["category"] = name_of(card->category);
  const std::string card_id = card->id;
  bool respaced = false;
  const std::string key = place_card(b, column, order, card_id, respaced);  // may move the other cards' keys
  const Card& moved = b.cards.change(op.target, [&](Card& c) {
    c.order = key;
    c.column = column;
    c.category = category;
    touch(c, op);
  });
  return ApplyResult{std::nullopt,
                     inverse_of(op, OpKind::MoveCard, back, {{"column", name_of(moved.column)}, {"order", moved.order}}),
                     respaced};
}

ApplyResult delete_card(Board& b, const Op& op) {
  const Card* card = nullptr;
  if (auto e = live_card(b, op.target, card)) return ApplyResult{e, {}};
  if (!op.expect.is_null() && op.expect != card->version)
    return reject("conflict", "the card was changed by someone else since");
  const Card& deleted = b.cards.change(op.target, [&](Card& c) {
    c.deleted = true;
    touch(c, op);
  });
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::RestoreCard, nullptr, deleted.version)};
}

ApplyResult restore_card(Board& b, const Op& op, const Limits& limits) {
  auto it = b.cards.find(op.target);
  if (it == b.cards.end()) return reject("not_found", "no card \"" + op.target + "\"");
  const Card& card = it->second;
  if (!card.deleted) return reject("conflict", "card \"" + op.target + "\" is not deleted");
  if (!op.expect.is_null() && op.expect != card.version)
    return reject("conflict", "the card was changed by someone else since");
  if (auto e = check_card_room(b, limits)) return ApplyResult{e, {}};
  bool respaced = false;
  const std::string key = place_card(b, card.column, WantedOrder{card.order, false, false}, card.id, respaced);
  const Card& restored = b.cards.change(op.target, [&](Card& c) {
    c.order = key;
    c.deleted = false;
    touch(c, op);
  });
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::DeleteCard, nullptr, restored.version), respaced};
}

ApplyResult set_card_field(Board& b, const Op& op, const Limits& limits) {
  const Card* card = nullptr;
  if (auto e = live_card(b, op.target, card)) return ApplyResult{e, {}};
  const nlohmann::json before = card_field(*card, op.field);
  if (before.is_null()) return reject("invalid", "op.field: \"" + op.field + "\" is not a card field");
  if (!op.expect.is_null() && op.expect != before)
    return reject("conflict", "card " + op.field + " was changed by someone else since");
  std::optional<Error> refused;
  const Card& changed = b.cards.change(op.target, [&](Card& c) {
    refused = set_card_field_value(b, c, op.field, op.value, limits, true);
    if (!refused) touch(c, op);
  });
  if (refused) return ApplyResult{refused, {}};
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::SetCardField, before, card_field(changed, op.field))};
}

ApplyResult set_agreement(Board& b, const Op& op) {
  const Card* card = nullptr;
  if (auto e = live_card(b, op.target, card)) return ApplyResult{e, {}};
  const Participant* p = b.find_participant(op.field);
  if (!p || p->removed) return reject("not_found", "op.field: no participant \"" + op.field + "\"");
  auto mark = op.value.is_string() ? agreement_from(op.value.get_ref<const std::string&>()) : std::nullopt;
  if (!mark) return reject("invalid", "op.value: expected agree, disagree or none");
  auto it = card->agreement.find(op.field);
  const Agreement before = it == card->agreement.end() ? Agreement::None : it->second;
  if (!op.expect.is_null() && op.expect != name_of(before))
    return reject("conflict", "the agreement mark was changed by someone else since");
  b.cards.change(op.target, [&](Card& c) {
    if (*mark == Agreement::None)
      c.agreement.erase(op.field);
    else
      c.agreement[op.field] = *mark;
    touch(c, op);
  });
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::SetAgreement, name_of(before), name_of(*mark))};
}

// ---------------------------------------------------------------------------
// [SECTION] suggestions (the family's own words, waiting for the facilitator)
// ---------------------------------------------------------------------------

ApplyResult add_suggestion(Board& b, const Op& op, const Limits& limits) {
  if (auto e = check_id(op.target, "op.target", limits)) return ApplyResult{e, {}};
  if (b.suggestions.count(op.target)) return reject("exists", "suggestion \"" + op.target + "\" already exists");
  if (b.suggestions.size() >= limits.suggestions)
    return reject("limit", "suggestions: at most " + std::to_string(limits.suggestions) + " per meeting");
  Suggestion s;
  s.id = op.target;
  if (auto e = read_column(op.value, s.column)) return ApplyResult{e, {}};
  ValueReader r{op.value, std::nullopt};
  s.text = r.string("text", limits.card_text_bytes, true);
  if (r.error) return ApplyResult{r.error, {}};
  if (s.text.empty()) return reject("invalid", "op.value.text: must not be empty");
  s.author = op.author;
  s.at = op.at;
  b.suggestions[s.id] = s;
  // Undoing a suggestion takes it back as if never made (withdraw), not a decline
  // that would leave the family's words on the board marked "not taken up".
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::ResolveSuggestion, {{"decision", "withdraw"}}, "pending")};
}

ApplyResult accept_suggestion(Board& b, const Op& op, Suggestion& s, const Limits& limits) {
  ValueReader r{op.value, std::nullopt};
  const std::string card_id = r.string("card_id", limits.id_bytes, true);
  const std::string text = r.has("text") ? r.string("text", limits.card_text_bytes, true) : s.text;
  if (r.error) return ApplyResult{r.error, {}};
  if (auto e = check_id(card_id, "op.value.card_id", limits)) return ApplyResult{e, {}};
  if (auto e = check_card_room(b, limits)) return ApplyResult{e, {}};
  auto existing = b.cards.find(card_id);
  const bool readopt = existing != b.cards.end() && existing->second.deleted && s.card_id == card_id;
  if (existing != b.cards.end() && !readopt) return reject("exists", "card \"" + card_id + "\" already exists");
  Column column = s.column;
  if (op.value.contains("column"))
    if (auto e = read_column(op.value, column)) return ApplyResult{e, {}};
  WantedOrder order;
  if (auto e = read_order(b, op.value, column, order)) return ApplyResult{e, {}};
  Card card = readopt ? existing->second : Card{};
  card.id = card_id;
  card.column = column;
  card.text = text;
  card.text_op = op.id;
  if (!category_fits(card.category, column)) card.category = Category::None;
  card.author = s.author;  // the family's words stay the family's
  if (!readopt) card.created = op.at;
  bool respaced = false;
  card.order = place_card(b, column, order, card_id, respaced);
  card.deleted = false;
  touch(card, op);
  b.cards.put(card);
  s.state = SuggestionState::Accepted;
  s.card_id = card_id;
  return ApplyResult{std::nullopt,
                     inverse_of(op, OpKind::ResolveSuggestion, {{"decision", "reopen"}, {"card_version", card.version}},
                                "accepted"),
                     respaced};
}

ApplyResult resolve_suggestion(Board& b, const Op& op, const Limits& limits) {
  auto it = b.suggestions.find(op.target);
  if (it == b.suggestions.end()) return reject("not_found", "no suggestion \"" + op.target + "\"");
  Suggestion& s = it->second;
  const std::string decision = op.value.is_object() && op.value.contains("decision") && op.value["decision"].is_string()
                                   ? op.value["decision"].get<std::string>()
                                   : "";
  if (!op.expect.is_null() && op.expect != name_of(s.state))
    return reject("conflict", "the suggestion was handled by someone else since");
  if (decision == "accept" || decision == "decline") {
    if (s.state != SuggestionState::Pending)
      return reject("conflict", "the suggestion was already " + std::string(name_of(s.state)));
    if (decision == "accept") return accept_suggestion(b, op, s, limits);
    s.state = SuggestionState::Declined;
    return ApplyResult{std::nullopt, inverse_of(op, OpKind::ResolveSuggestion, {{"decision", "reopen"}}, "declined")};
  }
  if (decision == "withdraw") {
    if (s.state != SuggestionState::Pending)
      return reject("conflict", "the suggestion was already " + std::string(name_of(s.state)));
    nlohmann::json again{{"column", name_of(s.column)}, {"text", s.text}};
    b.suggestions.erase(it);
    return ApplyResult{std::nullopt, inverse_of(op, OpKind::AddSuggestion, again, nullptr)};
  }
  if (decision != "reopen")
    return reject("invalid", "op.value.decision: expected accept, decline, withdraw or reopen");
  if (s.state == SuggestionState::Pending) return reject("conflict", "the suggestion is still waiting");
  nlohmann::json redo{{"decision", s.state == SuggestionState::Accepted ? "accept" : "decline"}};
  if (s.state == SuggestionState::Accepted) {
    auto card = b.cards.find(s.card_id);
    if (card != b.cards.end() && !card->second.deleted) {
      if (op.value.contains("card_version") && op.value["card_version"] != card->second.version)
        return reject("conflict", "the card made from this suggestion was changed by someone else since");
      b.cards.change(s.card_id, [&](Card& c) {
        c.deleted = true;
        touch(c, op);
      });
    }
    redo["card_id"] = s.card_id;
  }
  s.state = SuggestionState::Pending;
  return ApplyResult{std::nullopt, inverse_of(op, OpKind::ResolveSuggestion, redo, "pending")};
}

}  // namespace

std::string settle_order_key(const Board& b, Column column, const std::string& wanted, const std::string& card_id) {
  const CardTable::ColumnOrder& order = b.cards.in_column(column);
  bool taken = false;
  const std::string* next = nullptr;  // the smallest key after `wanted`
  for (auto it = order.lower_bound({wanted, ""}); it != order.end() && !next; ++it) {
    if (it->second == card_id) continue;
    if (it->first == wanted) taken = true;
    else next = &it->first;
  }
  if (!taken) return wanted;
  return order_key_between(wanted, next ? *next : "");
}

ApplyResult apply_card_op(Board& b, const Op& op, const Limits& limits) {
  switch (op.kind) {
    case OpKind::AddCard: return add_card(b, op, limits);
    case OpKind::EditText: return edit_text(b, op, limits);
    case OpKind::MoveCard: return move_card(b, op, limits);
    case OpKind::DeleteCard: return delete_card(b, op);
    case OpKind::RestoreCard: return restore_card(b, op, limits);
    case OpKind::SetCardField: return set_card_field(b, op, limits);
    case OpKind::SetAgreement: return set_agreement(b, op);
    default: return reject("invalid", "op.kind: not a card op");
  }
}

ApplyResult apply_suggestion_op(Board& b, const Op& op, const Limits& limits) {
  if (op.kind == OpKind::AddSuggestion) return add_suggestion(b, op, limits);
  return resolve_suggestion(b, op, limits);
}

}  // namespace tavle::detail
