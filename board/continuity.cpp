#include "board/continuity.hpp"

#include "board/followup.hpp"

#include <algorithm>
#include <tuple>

namespace tavle {
namespace {

// What a new meeting carries over: danger statements, safety goals and every card
// of "what needs to happen" that is a next step (explicitly, or uncategorised).
bool carried_over(const Card& c) {
  if (c.deleted) return false;
  if (c.category == Category::DangerStatement || c.category == Category::SafetyGoal) return true;
  return c.column == Column::NextSteps && (c.category == Category::NextStep || c.category == Category::None);
}

Card carried_card(const Card& c, Millis now) {
  Card out;
  out.id = c.id;
  out.column = c.column;
  out.text = c.text;
  out.text_op = "";  // no op of this meeting has set the text yet
  out.author = c.author;
  out.created = c.created;
  out.updated = now;
  out.order = c.order;
  out.category = c.category;
  out.professional_only = c.professional_only;
  out.step = c.step;
  out.carried_from = c.id;
  // issue 15: how the last meeting followed it up travels with it; this meeting
  // gives its own.
  out.last_review = c.review;
  return out;  // agreement marks belong to the meeting that gave them
}

Meeting next_meeting_fields(const Meeting& m, const std::string& new_meeting_id) {
  Meeting out;
  out.id = new_meeting_id;
  out.family_id = m.family_id;
  out.family_label = m.family_label;
  out.case_ref = m.case_ref;
  out.kind = m.kind;
  out.starts_at = m.next_meeting;  // the date agreed at the last meeting
  out.place = m.place;
  out.facilitator = m.facilitator;
  out.coordinator = m.coordinator;
  out.language = m.language;
  out.previous_meeting_id = m.id;
  // Consent is confirmed again at every meeting, and approval/sign-offs are given
  // to this meeting's plan, so neither is carried.
  return out;
}

}  // namespace

Board start_next_meeting(const Board& previous, const std::string& new_meeting_id, Millis now) {
  Board next;
  next.meeting = next_meeting_fields(previous.meeting, new_meeting_id);
  for (const auto& [id, p] : previous.participants) {
    Participant carried = p;
    carried.present = true;  // who attends is taken at the new meeting
    next.participants.emplace(id, carried);
  }
  for (const auto& [id, c] : previous.cards)
    if (carried_over(c)) next.cards.insert(carried_card(c, now));
  // Keep a pairing only when both sides came along.
  for (const auto& [id, c] : previous.cards)
    if (next.cards.count(id) && next.cards.count(c.paired_with)) {
      const std::string& pair = c.paired_with;  // clang 14 (the fuzz build) cannot capture a structured binding
      next.cards.change(id, [&](Card& carried) { carried.paired_with = pair; });
    }
  carry_plan(previous, next, now);  // issue 14: goals and running interventions (board/plan.cpp)
  // issue 15: the family's network, its acute plan and the authority's bottom lines
  // stand until changed; the child is heard again at every meeting.
  next.safe_adults = previous.safe_adults;
  next.acute_plan = previous.acute_plan;
  next.bottom_lines = previous.bottom_lines;
  next.scale.question = previous.scale.question;
  next.scale.blind = previous.scale.blind;
  return next;
}

std::vector<const Card*> steps_to_review(const Board& board) {
  std::vector<const Card*> out;
  for (const Card* c : board.column(Column::NextSteps))
    if (!c->carried_from.empty() && c->category != Category::SafetyGoal) out.push_back(c);
  return out;
}

// ---------------------------------------------------------------------------
// changes since the last meeting
// ---------------------------------------------------------------------------
namespace {

std::vector<std::string> changed_fields(const Card& before, const Card& after) {
  std::vector<std::string> f;
  if (before.text != after.text) f.push_back("text");
  if (before.column != after.column) f.push_back("column");
  if (before.category != after.category) f.push_back("category");
  if (before.step.status != after.step.status) f.push_back("status");
  if (before.step.owners != after.step.owners) f.push_back("owners");
  if (before.step.due != after.step.due) f.push_back("due");
  if (before.professional_only != after.professional_only) f.push_back("professional_only");
  return f;
}

}  // namespace

bool rating_is_public(const Board& b, const Rating& r) {
  return !r.hidden && r.value >= 0 && (!b.scale.blind || b.scale.revealed);
}

namespace {

int visible_rating(const Board& b, const std::string& participant) {
  auto it = b.scale.ratings.find(participant);
  if (it == b.scale.ratings.end() || !rating_is_public(b, it->second)) return -1;
  return it->second.value;
}

}  // namespace

MeetingChanges changes_since(const Board& previous, const Board& current) {
  MeetingChanges out;
  std::map<std::string, bool> matched;  // previous live card id -> found in current
  for (const auto& [id, c] : previous.cards)
    if (!c.deleted) matched[id] = false;
  for (const auto& [id, c] : current.cards) {
    if (c.deleted) continue;
    const std::string& earlier_id = c.carried_from.empty() ? c.id : c.carried_from;
    const Card* earlier = previous.find_card(earlier_id);
    if (!earlier || earlier->deleted || matched[earlier_id]) {
      out.cards.push_back({CardChange::Kind::Added, c.id, c.column, "", c.text, {}});
      continue;
    }
    matched[earlier_id] = true;
    auto fields = changed_fields(*earlier, c);
    if (!fields.empty())
      out.cards.push_back({CardChange::Kind::Changed, c.id, c.column, earlier->text, c.text, std::move(fields)});
  }
  for (const auto& [id, found] : matched) {
    if (found) continue;
    const Card& c = previous.cards.at(id);
    out.cards.push_back({CardChange::Kind::Removed, c.id, c.column, c.text, "", {}});
  }
  std::sort(out.cards.begin(), out.cards.end(), [](const CardChange& a, const CardChange& b) {
    return std::tie(a.column, a.card_id) < std::tie(b.column, b.card_id);
  });
  std::map<std::string, RatingChange> ratings;
  for (const Board* b : {&previous, &current})
    for (const auto& [pid, r] : b->scale.ratings) ratings[pid].participant_id = pid;
  for (auto& [pid, change] : ratings) {
    change.before = visible_rating(previous, pid);
    change.after = visible_rating(current, pid);
    if (change.before >= 0 || change.after >= 0) out.ratings.push_back(change);
  }
  return out;
}

// ---------------------------------------------------------------------------
// safety-scale history
// ---------------------------------------------------------------------------

ScalePoint scale_point(const Board& board) {
  ScalePoint p;
  p.meeting_id = board.meeting.id;
  p.date = board.meeting.starts_at.substr(0, 10);
  int sum = 0;
  for (const auto& [pid, r] : board.scale.ratings) {
    if (!rating_is_public(board, r)) continue;
    p.by_participant[pid] = r.value;
    sum += r.value;
    p.lowest = p.lowest < 0 ? r.value : std::min(p.lowest, r.value);
    p.highest = std::max(p.highest, r.value);
  }
  if (!p.by_participant.empty()) p.average = static_cast<double>(sum) / static_cast<double>(p.by_participant.size());
  const FollowUpCount followed = followup_count(board);  // issue 15: the trend of agreements kept
  p.steps_followed = followed.total();
  p.steps_done = followed.done;
  return p;
}

std::vector<ScalePoint> scale_history(const std::vector<Board>& meetings) {
  std::vector<ScalePoint> out;
  out.reserve(meetings.size());
  for (const Board& b : meetings) out.push_back(scale_point(b));
  std::stable_sort(out.begin(), out.end(), [](const ScalePoint& a, const ScalePoint& b) {
    return std::tie(a.date, a.meeting_id) < std::tie(b.date, b.meeting_id);
  });
  return out;
}

}  // namespace tavle
