#include "tests/support/random_ops.hpp"

#include <vector>

#include "board/order_key.hpp"

namespace tavle::testing {
namespace {

const char* const kWords[] = {"Emma", "mor", "far", "mormor", "skolen", "aftensmad", "trygt", "hjemme", "planen",
                              "bekymret", "går godt", "æble", "Øresund", "på", "hver", "dag", "🙂", "ålborg", "ﺳﻼﻡ"};
constexpr const char* kColumns[] = {"working_well", "worries", "next_steps"};
constexpr const char* kCategories[] = {"none", "harm", "danger_statement", "complicating_factor", "strength",
                                       "existing_safety", "safety_goal", "next_step"};

}  // namespace

Op RandomOps::stamp(OpKind kind, const std::string& author) {
  Op op;
  op.id = client_ + ":" + std::to_string(++seq_);
  op.author = author;
  op.at = 1795593600000 + static_cast<Millis>(seq_) * 1000;
  op.kind = kind;
  return op;
}

std::string RandomOps::random_text(std::size_t max_words) {
  std::string s;
  const std::size_t n = 1 + rng_() % max_words;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += rng_() % 9 ? " " : "\n";
    s += kWords[rng_() % std::size(kWords)];
  }
  return s;
}

std::string RandomOps::pick_card(const Board& b, bool live_only) {
  std::vector<const std::string*> ids;
  for (const auto& [id, c] : b.cards)
    if (!live_only || !c.deleted) ids.push_back(&id);
  if (ids.empty()) return "c-none";
  return *ids[rng_() % ids.size()];
}

std::string RandomOps::pick_participant(const Board& b) {
  if (b.participants.empty()) return "p-none";
  auto it = b.participants.begin();
  std::advance(it, static_cast<long>(rng_() % b.participants.size()));
  return it->first;
}

Op RandomOps::next(const Board& b, const std::string& author) {
  const int roll = static_cast<int>(rng_() % 100);
  auto column_key = [&](const char* column_name, std::string& order) {
    auto cards = b.column(*column_from(column_name));
    const std::size_t at = cards.empty() ? 0 : rng_() % (cards.size() + 1);
    order = order_key_between(at == 0 ? "" : cards[at - 1]->order, at == cards.size() ? "" : cards[at]->order);
  };
  if (roll < 8 || b.participants.size() < 2) {
    Op op = stamp(OpKind::AddParticipant, author);
    op.target = "p-" + client_ + "-" + std::to_string(seq_);
    const char* roles[] = {"parent", "child", "private_network", "professional"};
    op.value = {{"name", random_text(2)}, {"role", roles[rng_() % 4]}, {"organisation", random_text(2)}};
    return op;
  }
  if (roll < 30 || b.cards.empty()) {
    Op op = stamp(OpKind::AddCard, author);
    op.target = "c-" + client_ + "-" + std::to_string(seq_);
    const char* column = kColumns[rng_() % 3];
    std::string order;
    column_key(column, order);
    op.value = {{"column", column}, {"text", random_text(12)}, {"order", order}};
    if (rng_() % 4 == 0) op.value["professional_only"] = true;
    return op;
  }
  if (roll < 45) {
    Op op = stamp(OpKind::EditText, author);
    op.target = pick_card(b, rng_() % 10 != 0);
    op.value = random_text(12);
    return op;
  }
  if (roll < 55) {
    Op op = stamp(OpKind::MoveCard, author);
    op.target = pick_card(b, true);
    const char* column = kColumns[rng_() % 3];
    std::string order;
    column_key(column, order);
    op.value = {{"column", column}, {"order", order}};
    return op;
  }
  if (roll < 60) {
    Op op = stamp(rng_() % 3 ? OpKind::DeleteCard : OpKind::RestoreCard, author);
    op.target = pick_card(b, false);
    return op;
  }
  if (roll < 70) {
    Op op = stamp(OpKind::SetCardField, author);
    op.target = pick_card(b, true);
    switch (rng_() % 5) {
      case 0: op.field = "category", op.value = kCategories[rng_() % 8]; break;
      case 1: op.field = "professional_only", op.value = rng_() % 2 == 0; break;
      case 2: op.field = "owners", op.value = {pick_participant(b)}; break;
      case 3: op.field = "due", op.value = "2027-0" + std::to_string(1 + rng_() % 9) + "-1" + std::to_string(rng_() % 9); break;
      default: op.field = "status", op.value = rng_() % 2 ? "done" : "not_done"; break;
    }
    return op;
  }
  if (roll < 78) {
    Op op = stamp(OpKind::SetRating, author);
    op.target = pick_participant(b);
    op.value = {{"value", static_cast<int>(rng_() % 11)}, {"reason", random_text(5)}};
    return op;
  }
  if (roll < 84) {
    Op op = stamp(OpKind::SetAgreement, author);
    op.target = pick_card(b, true);
    op.field = pick_participant(b);
    const char* marks[] = {"agree", "disagree", "none"};
    op.value = marks[rng_() % 3];
    return op;
  }
  if (roll < 89) {
    Op op = stamp(OpKind::SetMeetingField, author);
    switch (rng_() % 4) {
      case 0: op.field = "coordinator", op.value = pick_participant(b); break;
      case 1: op.field = "place", op.value = random_text(3); break;
      case 2: op.field = "scale_blind", op.value = rng_() % 2 == 0; break;
      default: op.field = "next_meeting", op.value = "2027-02-0" + std::to_string(1 + rng_() % 9); break;
    }
    return op;
  }
  if (roll < 93) {
    Op op = stamp(OpKind::AddSuggestion, author);
    op.target = "s-" + client_ + "-" + std::to_string(seq_);
    op.value = {{"column", kColumns[rng_() % 3]}, {"text", random_text(8)}};
    return op;
  }
  if (roll < 96 && !b.suggestions.empty()) {
    Op op = stamp(OpKind::ResolveSuggestion, author);
    auto it = b.suggestions.begin();
    std::advance(it, static_cast<long>(rng_() % b.suggestions.size()));
    op.target = it->first;
    op.value = {{"decision", rng_() % 2 ? "accept" : "decline"}, {"card_id", "c-acc-" + client_ + std::to_string(seq_)}};
    return op;
  }
  const OpKind plan[] = {OpKind::ApprovePlan, OpKind::WithdrawApproval, OpKind::SignOff, OpKind::RemoveParticipant,
                         OpKind::UpdateParticipant, OpKind::RevealRatings};
  Op op = stamp(plan[rng_() % std::size(plan)], author);
  op.target = pick_participant(b);
  if (op.kind == OpKind::SignOff) op.value = true;
  if (op.kind == OpKind::UpdateParticipant) op.field = "present", op.value = rng_() % 2 == 0;
  if (op.kind == OpKind::ApprovePlan || op.kind == OpKind::RevealRatings || op.kind == OpKind::WithdrawApproval)
    op.target.clear();
  return op;
}

Op RandomOps::invalid(const Board& b, const std::string& author) {
  switch (rng_() % 12) {
    case 0: { Op op = stamp(OpKind::EditText, author); op.target = "c-missing-" + std::to_string(seq_); op.value = "x"; return op; }
    case 1: { Op op = stamp(OpKind::EditText, author); op.target = pick_card(b, true); op.value = 42; return op; }
    case 2: { Op op = stamp(OpKind::AddCard, author); op.target = "bad id!"; op.value = {{"column", "worries"}, {"text", "x"}}; return op; }
    case 3: { Op op = stamp(OpKind::AddCard, author); op.target = "c-x" + std::to_string(seq_); op.value = {{"column", "sideways"}, {"text", "x"}}; return op; }
    case 4: { Op op = stamp(OpKind::AddCard, author); op.target = "c-y" + std::to_string(seq_); op.value = {{"column", "worries"}, {"text", std::string(5000, 'a')}}; return op; }
    case 5: { Op op = stamp(OpKind::MoveCard, author); op.target = pick_card(b, true); op.value = {{"column", "worries"}, {"order", "zz0"}}; return op; }
    case 6: { Op op = stamp(OpKind::SetCardField, author); op.target = pick_card(b, true); op.field = "colour"; op.value = "red"; return op; }
    case 7: { Op op = stamp(OpKind::SetRating, author); op.target = pick_participant(b); op.value = {{"value", 11}}; return op; }
    case 8: { Op op = stamp(OpKind::SetMeetingField, author); op.field = "next_meeting"; op.value = "tomorrow"; return op; }
    case 9: { Op op = stamp(OpKind::SetMeetingField, author); op.field = "coordinator"; op.value = "p-nobody"; return op; }
    case 10: { Op op = stamp(OpKind::SetAgreement, author); op.target = pick_card(b, true); op.field = pick_participant(b); op.value = "maybe"; return op; }
    default: { Op op = stamp(OpKind::AddCard, author); op.target = "c-z" + std::to_string(seq_); op.value = {{"column", "worries"}, {"text", std::string("\xff\xfe bad")}}; return op; }
  }
}

// issue 14: the family plan
namespace {
template <class Map>
std::string pick_id(const Map& items, std::mt19937_64& rng, const std::string& fallback) {
  if (items.empty()) return fallback;
  auto it = items.begin();
  std::advance(it, static_cast<long>(rng() % items.size()));
  return it->first;
}
}  // namespace

Op RandomOps::next_plan(const Board& b, const std::string& author) {
  const std::string fresh = client_ + "-" + std::to_string(seq_ + 1);
  const std::string goal = pick_id(b.goals, rng_, "g-none");
  const std::string intervention = pick_id(b.interventions, rng_, "i-none");
  const std::string consent = pick_id(b.consents, rng_, "k-none");
  std::string family;  // a family member, or nobody
  for (const auto& [id, p] : b.participants)
    if (!p.removed && p.role != ParticipantRole::Professional && rng_() % 2) family = id;
  const nlohmann::json for_whom = family.empty() ? nlohmann::json::array() : nlohmann::json::array({family});
  switch (rng_() % 14) {
    case 0:
    case 1: {
      Op op = stamp(OpKind::AddGoal, author);
      op.target = "g-" + fresh;
      op.value = {{"text", random_text(6)}, {"for", for_whom}, {"how_we_know", random_text(4)}};
      return op;
    }
    case 2: {
      Op op = stamp(OpKind::SetGoalField, author);
      op.target = goal;
      switch (rng_() % 3) {
        case 0: op.field = "text", op.value = random_text(5); break;
        case 1: op.field = "for", op.value = for_whom; break;
        default: op.field = "reached", op.value = rng_() % 2 == 0; break;
      }
      return op;
    }
    case 3: { Op op = stamp(rng_() % 2 ? OpKind::DeleteGoal : OpKind::RestoreGoal, author); op.target = goal; return op; }
    case 4:
    case 5: {
      Op op = stamp(OpKind::AddIntervention, author);
      op.target = "i-" + fresh;
      op.value = {{"text", random_text(5)}, {"organisation", rng_() % 2 ? "Skolen" : "PPR"}, {"for", for_whom},
                  {"status", rng_() % 2 ? "running" : "planned"}, {"professional_only", rng_() % 3 == 0}};
      if (b.goals.count(goal) && !b.goals.at(goal).deleted) op.value["goal"] = goal;
      return op;
    }
    case 6: {
      Op op = stamp(OpKind::SetInterventionField, author);
      op.target = intervention;
      switch (rng_() % 4) {
        case 0: op.field = "professional_only", op.value = rng_() % 2 == 0; break;
        case 1: op.field = "status", op.value = rng_() % 2 ? "ended" : "running"; break;
        case 2: op.field = "ends", op.value = "2027-0" + std::to_string(1 + rng_() % 9) + "-15"; break;
        default: op.field = "text", op.value = random_text(4); break;
      }
      return op;
    }
    case 7: {
      Op op = stamp(rng_() % 2 ? OpKind::DeleteIntervention : OpKind::RestoreIntervention, author);
      op.target = intervention;
      return op;
    }
    case 8: {
      Op op = stamp(OpKind::AddConsent, author);
      op.target = "k-" + fresh;
      op.value = {{"given_by", family}, {"form", rng_() % 2 ? "written" : "oral"}, {"at", "2026-11-20"},
                  {"covers", {"Skolen"}}};
      return op;
    }
    case 9: {
      Op op = stamp(OpKind::SetConsentField, author);
      op.target = consent;
      op.field = "withdrawn_at";
      op.value = rng_() % 2 ? "2026-12-01" : "";
      return op;
    }
    case 10: {
      Op op = stamp(OpKind::AddCard, author);
      op.target = "c-" + fresh;
      op.value = {{"column", "next_steps"}, {"text", random_text(5)}, {"goal", goal}};
      return op;
    }
    case 11: {
      Op op = stamp(OpKind::SetCardField, author);
      op.target = pick_card(b, true);
      op.field = "goal";
      op.value = goal;
      return op;
    }
    default: {
      Op op = stamp(OpKind::SignOff, author);
      op.target = family.empty() ? pick_participant(b) : family;
      const int how = static_cast<int>(rng_() % 3);
      op.value = how == 0 ? nlohmann::json(false) : nlohmann::json{{"form", how == 1 ? "oral" : "paper"}};
      return op;
    }
  }
}

}  // namespace tavle::testing
