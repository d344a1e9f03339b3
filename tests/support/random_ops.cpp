#include "tests/support/random_ops.hpp"

#include <vector>

#include "board/ops.hpp"
#include "board/plan_ops.hpp"
#include "board/order_key.hpp"

namespace tavle::testing {
namespace {

const char* const kWords[] = {"Emma", "mor", "far", "mormor", "skolen", "aftensmad", "trygt", "hjemme", "planen",
                              "bekymret", "går godt", "æble", "Øresund", "på", "hver", "dag", "🙂", "ålborg", "ﺳﻼﻡ"};

}  // namespace

Op RandomOps::stamp(Op op, const std::string& author) {
  op.id = client_ + ":" + std::to_string(++seq_);
  op.author = author;
  op.at = 1795593600000 + static_cast<Millis>(seq_) * 1000;
  return op;
}

Op RandomOps::stamp(OpKind kind, const std::string& author) {
  Op op;
  op.kind = kind;
  return stamp(std::move(op), author);
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

// Every random choice is made into a local first, in the order the generator has
// always drawn them (argument evaluation order is unspecified), so a seed keeps
// giving the same ops.
Op RandomOps::next(const Board& b, const std::string& author) {
  const int roll = static_cast<int>(rng_() % 100);
  auto column_key = [&](Column column, std::string& order) {
    auto cards = b.column(column);
    const std::size_t at = cards.empty() ? 0 : rng_() % (cards.size() + 1);
    order = order_key_between(at == 0 ? "" : cards[at - 1]->order, at == cards.size() ? "" : cards[at]->order);
  };
  const std::string fresh = client_ + "-" + std::to_string(seq_ + 1);  // the id the stamp gives this op's number
  if (roll < 8 || b.participants.size() < 2) {
    const ParticipantRole roles[] = {ParticipantRole::Parent, ParticipantRole::Child, ParticipantRole::PrivateNetwork,
                                     ParticipantRole::Professional};
    std::string name = random_text(2);
    const ParticipantRole role = roles[rng_() % 4];
    std::string organisation = random_text(2);
    return stamp(ops::add_participant("p-" + fresh, std::move(name), role, std::move(organisation)), author);
  }
  if (roll < 30 || b.cards.empty()) {
    const Column column = kColumns[rng_() % 3];
    std::string order;
    column_key(column, order);
    std::string text = random_text(12);
    const bool professional_only = rng_() % 4 == 0;
    return stamp(ops::add_card("c-" + fresh, column, std::move(text), std::move(order), {.professional_only = professional_only}),
                 author);
  }
  if (roll < 45) {
    std::string card = pick_card(b, rng_() % 10 != 0);
    return stamp(ops::edit_text(std::move(card), random_text(12)), author);
  }
  if (roll < 55) {
    std::string card = pick_card(b, true);
    const Column column = kColumns[rng_() % 3];
    std::string order;
    column_key(column, order);
    return stamp(ops::move_card(std::move(card), column, std::move(order)), author);
  }
  if (roll < 60) {
    const bool remove = rng_() % 3 != 0;
    std::string card = pick_card(b, false);
    return stamp(remove ? ops::delete_card(std::move(card)) : ops::restore_card(std::move(card)), author);
  }
  if (roll < 70) {
    std::string card = pick_card(b, true);
    switch (rng_() % 5) {
      case 0: return stamp(ops::set_card_field(std::move(card), static_cast<Category>(rng_() % 8)), author);
      case 1: return stamp(ops::set_card_field(std::move(card), ops::CardFlag::ProfessionalOnly, rng_() % 2 == 0), author);
      case 2: return stamp(ops::set_card_field(std::move(card), std::vector<std::string>{pick_participant(b)}), author);
      case 3: {
        std::string month = std::to_string(1 + rng_() % 9);
        std::string day = std::to_string(rng_() % 9);
        return stamp(ops::set_card_field(std::move(card), ops::CardText::Due, "2027-0" + month + "-1" + day), author);
      }
      default: return stamp(ops::set_card_field(std::move(card), rng_() % 2 ? StepStatus::Done : StepStatus::NotDone), author);
    }
  }
  if (roll < 78) {
    std::string who = pick_participant(b);
    const int value = static_cast<int>(rng_() % 11);
    return stamp(ops::set_rating(std::move(who), value, random_text(5)), author);
  }
  if (roll < 84) {
    std::string card = pick_card(b, true);
    std::string who = pick_participant(b);
    const Agreement marks[] = {Agreement::Agree, Agreement::Disagree, Agreement::None};
    return stamp(ops::set_agreement(std::move(card), std::move(who), marks[rng_() % 3]), author);
  }
  if (roll < 89) {
    switch (rng_() % 4) {
      case 0: return stamp(ops::set_meeting_field(ops::MeetingText::Coordinator, pick_participant(b)), author);
      case 1: return stamp(ops::set_meeting_field(ops::MeetingText::Place, random_text(3)), author);
      case 2: return stamp(ops::set_meeting_field(ops::MeetingFlag::ScaleBlind, rng_() % 2 == 0), author);
      default:
        return stamp(ops::set_meeting_field(ops::MeetingText::NextMeeting, "2027-02-0" + std::to_string(1 + rng_() % 9)),
                     author);
    }
  }
  if (roll < 93) {
    const Column column = kColumns[rng_() % 3];
    return stamp(ops::add_suggestion("s-" + fresh, column, random_text(8)), author);
  }
  if (roll < 96 && !b.suggestions.empty()) {
    auto it = b.suggestions.begin();
    std::advance(it, static_cast<long>(rng_() % b.suggestions.size()));
    const bool accept = rng_() % 2 != 0;
    return stamp(accept ? ops::accept_suggestion(it->first, "c-acc-" + client_ + std::to_string(seq_ + 1))
                        : ops::decline_suggestion(it->first),
                 author);
  }
  const int plan = static_cast<int>(rng_() % 6);
  std::string who = pick_participant(b);
  switch (plan) {
    case 0: return stamp(ops::approve_plan(), author);
    case 1: return stamp(ops::withdraw_approval(), author);
    case 2: return stamp(ops::sign_off(std::move(who), true), author);
    case 3: return stamp(ops::remove_participant(std::move(who)), author);
    case 4: return stamp(ops::update_participant(std::move(who), ops::ParticipantFlag::Present, rng_() % 2 == 0), author);
    default: return stamp(ops::reveal_ratings(), author);
  }
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
  switch (rng_() % 20) {
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
    // issue 14: who was sent the plan, and a consent entry made by mistake taken out and back.
    case 14: {
      std::string who = family.empty() ? pick_participant(b) : family;
      return stamp(ops::record_informed(std::move(who), rng_() % 2 ? InformMethod::Email : InformMethod::Post), author);
    }
    case 15: {
      Op op = stamp(rng_() % 2 ? OpKind::DeleteConsent : OpKind::RestoreConsent, author);
      op.target = consent;
      return op;
    }
    // issue 15: the follow-up of a carried step, and the plan's lists (child's voice, safe adults, acute plan, bottom lines).
    case 16: {
      std::string card = pick_card(b, true);
      const StepStatus outcomes[] = {StepStatus::Done, StepStatus::NotDone, StepStatus::CarriedOn, StepStatus::Open};
      const StepStatus outcome = outcomes[rng_() % 4];
      std::string why = outcome == StepStatus::NotDone ? random_text(4) : "";
      return stamp(ops::review_step(std::move(card), outcome, std::move(why)), author);
    }
    case 17: return next_entry(b, author);
    // issue 14: a person's organisation and contact details, a removed person back, and
    // the meeting's kind, case number and language, as the app's People and Meeting tabs send them.
    case 18: {
      std::string who = pick_participant(b);
      const ops::ParticipantText fields[] = {ops::ParticipantText::Organisation, ops::ParticipantText::Email,
                                             ops::ParticipantText::Phone, ops::ParticipantText::Address};
      const int field = static_cast<int>(rng_() % 5);
      if (field == 4) return stamp(ops::restore_participant(std::move(who)), author);
      std::string value = field == 1 ? "mor@example.dk" : random_text(3);
      return stamp(ops::update_participant(std::move(who), fields[field], std::move(value)), author);
    }
    case 19: {
      const int field = static_cast<int>(rng_() % 3);
      const MeetingKind kinds[] = {MeetingKind::Network, MeetingKind::Status, MeetingKind::FollowUp};
      if (field == 0) return stamp(ops::set_meeting_field(kinds[rng_() % 3]), author);
      if (field == 1) return stamp(ops::set_meeting_field(ops::MeetingText::CaseRef, "SAG-" + std::to_string(rng_() % 1000)), author);
      return stamp(ops::set_meeting_field(ops::MeetingText::Language, rng_() % 2 ? "da" : "en"), author);
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

// issue 15: an entry of one of the plan's lists, replaced or taken out. Ids come from
// a short list so replacing and removing hit entries that exist.
Op RandomOps::next_entry(const Board& b, const std::string& author) {
  const PlanList lists[] = {PlanList::ChildVoice, PlanList::SafeAdults, PlanList::AcutePlan, PlanList::BottomLines};
  const PlanList list = lists[rng_() % 4];
  const char* const prefixes[] = {"v-", "a-", "n-", "b-"};
  std::string id = prefixes[static_cast<int>(list)] + std::to_string(rng_() % 3);
  if (rng_() % 4 == 0) return stamp(ops::remove_entry(list, std::move(id)), author);
  switch (list) {
    case PlanList::ChildVoice: {
      std::string child;
      for (const auto& [pid, p] : b.participants)
        if (!p.removed && p.role == ParticipantRole::Child) child = pid;
      const VoiceHow hows[] = {VoiceHow::SaidInMeeting, VoiceHow::SaidBefore, VoiceHow::Drawn, VoiceHow::Written};
      const char* const houses[] = {"", "good", "worries", "dreams"};
      ChildWords words;
      words.child = child.empty() ? pick_participant(b) : child;
      words.text = random_text(6);
      words.how = hows[rng_() % 4];
      words.heard_by = random_text(2);
      words.house = houses[rng_() % 4];
      return stamp(ops::set_entry(std::move(id), words), author);
    }
    case PlanList::SafeAdults: {
      SafeAdult adult;
      adult.name = random_text(2);
      adult.relation = random_text(2);
      adult.contact = "20 30 40 50";
      adult.commits = random_text(5);
      return stamp(ops::set_entry(std::move(id), adult), author);
    }
    case PlanList::AcutePlan: {
      const char* const whens[] = {"day", "night", "always"};
      AcuteContact contact;
      contact.who = random_text(2);
      contact.phone = "112";
      contact.when = whens[rng_() % 3];
      contact.what = random_text(4);
      return stamp(ops::set_entry(std::move(id), contact), author);
    }
    case PlanList::BottomLines:
    default: {
      BottomLine line;
      line.text = random_text(6);
      line.by = pick_participant(b);
      return stamp(ops::set_entry(std::move(id), line), author);
    }
  }
}

}  // namespace tavle::testing
