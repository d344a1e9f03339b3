// issue 14: the family plan's own sections: our goals (per person), who helps (the
// interventions, with a mark where two actors serve one person), consent, and how
// each person agreed to the plan: on their own device, orally or on paper, never
// "signed" for someone who did not.
#include <algorithm>

#include "export/document_parts.hpp"

namespace tavle::exporting {
namespace {

std::string for_whom_text(const Board& board, const std::vector<std::string>& ids, const Strings& s) {
  return ids.empty() ? s.get("whole_family") : people_names(board, ids, s);
}

std::string provider_text(const Board& board, const Intervention& i, const Strings& s) {
  if (i.actor.empty()) return clean_text(i.organisation);
  std::string out = person_name(board, i.actor, s);
  std::string org = i.organisation;
  if (org.empty())
    if (const Participant* p = board.find_participant(i.actor)) org = p->organisation;
  if (!org.empty()) out += " (" + clean_text(org) + ")";
  return out;
}

std::string period_text(const Intervention& i, const Strings& s) {
  if (i.starts.empty() && i.ends.empty()) return s.get("no_dates");
  if (i.ends.empty()) return s.fill("from_date", {{"from", format_date(i.starts, s)}});
  if (i.starts.empty()) return s.fill("until_date", {{"until", format_date(i.ends, s)}});
  return s.fill("from_until", {{"from", format_date(i.starts, s)}, {"until", format_date(i.ends, s)}});
}

// Live family members in the order the plan shows them (parents, children, network).
std::vector<const Participant*> family_members(const Board& board) {
  std::vector<const Participant*> out;
  for (const auto& [id, p] : board.participants)
    if (!p.removed && p.role != ParticipantRole::Professional) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const Participant* a, const Participant* b) { return a->role < b->role; });
  return out;
}

using ThemeWords = std::map<std::string, std::string>;

// "Temaer: Skole og dagtilbud, Sundhed" (issue 14), when the item has any.
void add_themes(const std::vector<std::string>& ids, const ThemeWords& words, Block& b, const Strings& s) {
  if (ids.empty()) return;
  std::string list;
  for (const std::string& id : ids) {
    auto it = words.find(id);
    list += (list.empty() ? "" : ", ") + clean_text(it == words.end() ? id : it->second);
  }
  b.fields.push_back({s.get("themes"), list});
}

Block goal_item(const Board& board, const Goal& g, const Strings& s, const ThemeWords& themes) {
  Block b;
  b.kind = BlockKind::Item;
  b.text = clean_text(g.text);
  if (g.reached) b.tag = s.get("goal_reached");
  if (!g.carried_from.empty()) b.tag += (b.tag.empty() ? "" : " · ") + s.get("carried_from_last");
  b.fields.push_back({s.get("for_whom"), for_whom_text(board, g.for_whom, s)});
  if (!g.how_we_know.empty()) b.fields.push_back({s.get("how_we_know"), clean_text(g.how_we_know)});
  add_themes(g.themes, themes, b, s);
  if (board.find_participant(g.author))
    b.fields.push_back({s.get("written_by"), author_text(board, g.author, s)});
  return b;
}

}  // namespace

std::string author_text(const Board& board, const std::string& id, const Strings& s) {
  const Participant* p = board.find_participant(id);
  if (!p) return person_name(board, id, s);
  std::string out = clean_text(p->name) + " (" + role_text(p->role, s);
  if (!p->organisation.empty() && p->role == ParticipantRole::Professional) out += ", " + clean_text(p->organisation);
  return out + ")";
}

void add_voices(const Board& board, const Card& card, Block& item, const Strings& s) {
  if (!card.author.empty()) item.fields.push_back({s.get("written_by"), author_text(board, card.author, s)});
  std::vector<std::string> agree, disagree;
  for (const auto& [pid, mark] : card.agreement)
    (mark == Agreement::Agree ? agree : disagree).push_back(pid);
  if (!agree.empty()) item.fields.push_back({s.get("agree_marks"), people_names(board, agree, s)});
  if (!disagree.empty()) item.fields.push_back({s.get("disagree_marks"), people_names(board, disagree, s)});
}

Section goals_section(const Board& board, const Strings& s, const ThemeWords& themes) {
  Section section{s.get("section_goals"), {note(s.get("intro_goals"))}};
  // The whole family's goals first, then each family member's, so every person finds theirs.
  std::vector<std::pair<std::string, std::string>> groups{{"", s.get("whole_family")}};
  for (const Participant* p : family_members(board)) groups.emplace_back(p->id, clean_text(p->name));
  for (const auto& [person, heading] : groups) {
    std::vector<Block> items;
    for (const auto& [id, g] : board.goals) {
      if (g.deleted) continue;
      const bool for_them = person.empty() ? g.for_whom.empty()
                                           : std::find(g.for_whom.begin(), g.for_whom.end(), person) != g.for_whom.end();
      if (for_them) items.push_back(goal_item(board, g, s, themes));
    }
    if (items.empty()) continue;
    Block title = paragraph(s.fill("goals_for", {{"who", heading}}));
    title.keeps_with_next = true;  // "Mål for Emma" alone at a page's foot, her goals on the next, read as no goals
    section.blocks.push_back(std::move(title));
    for (Block& b : items) section.blocks.push_back(std::move(b));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_goals")));
  return section;
}

Section interventions_section(const Board& board, const Strings& s, const ThemeWords& themes) {
  Section section{s.get("section_interventions"), {note(s.get("intro_interventions"))}};
  const std::vector<Overlap> overlaps = intervention_overlaps(board);
  for (const auto& [id, i] : board.interventions) {
    if (i.deleted) continue;
    Block b;
    b.kind = BlockKind::Item;
    b.text = clean_text(i.text);
    b.tag = s.get("intervention_" + std::string(name_of(i.status)));
    if (i.professional_only) {
      b.flagged = true;
      b.tag += " · " + s.get("professional_only");
    }
    b.fields.push_back({s.get("provided_by"), provider_text(board, i, s)});
    b.fields.push_back({s.get("for_whom"), for_whom_text(board, i.for_whom, s)});
    b.fields.push_back({s.get("period"), period_text(i, s)});
    if (auto g = board.goals.find(i.goal); g != board.goals.end() && !g->second.deleted)
      b.fields.push_back({s.get("serves_goal"), clean_text(g->second.text)});
    add_themes(i.themes, themes, b, s);
    // Where another actor helps the same person: the reason network meetings exist.
    for (const Overlap& o : overlaps) {
      if (std::find(o.interventions.begin(), o.interventions.end(), i.id) == o.interventions.end()) continue;
      std::vector<std::string> others;
      for (const std::string& other : o.interventions)
        if (other != i.id && actor_key(board.interventions.at(other)) != actor_key(i))
          others.push_back(provider_text(board, board.interventions.at(other), s));
      if (others.empty()) continue;
      std::string list;
      for (const std::string& name : others) list += (list.empty() ? "" : ", ") + name;
      const std::string who = o.person.empty() ? s.get("whole_family") : person_name(board, o.person, s);
      b.fields.push_back({s.get("overlap"), s.fill("overlap_text", {{"who", who}, {"others", list}})});
    }
    section.blocks.push_back(std::move(b));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_interventions")));
  return section;
}

std::string consent_summary(const Board& board, const Strings& s) {
  const auto in_force = consents_in_force(board);
  if (in_force.empty()) {
    // A meeting from before structured consent may still hold the old free-text line.
    const Consent& legacy = board.meeting.consent;
    if (!legacy.given_by.empty())
      return legacy.at.empty() ? s.fill("consent_given_no_date", {{"who", clean_text(legacy.given_by)}})
                               : s.fill("consent_given", {{"who", clean_text(legacy.given_by)},
                                                          {"when", format_date(legacy.at, s)}});
    return s.get("consent_missing");
  }
  std::string out;
  for (const ConsentRecord* c : in_force)
    out += (out.empty() ? "" : "; ") + s.fill("consent_record", {{"who", person_name(board, c->given_by, s)},
                                                                 {"form", s.get("consent_" + std::string(name_of(c->form)))},
                                                                 {"when", format_date(c->at, s)}});
  return out;
}

Section consent_section(const Board& board, const Strings& s) {
  Section section{s.get("section_consent"), {}};
  if (consent_missing(board)) section.blocks.push_back(paragraph(s.get("consent_missing")));
  for (const auto& [id, c] : board.consents) {
    if (c.deleted) continue;
    Block b;
    b.kind = BlockKind::Item;
    b.text = s.fill("consent_record", {{"who", person_name(board, c.given_by, s)},
                                      {"form", s.get("consent_" + std::string(name_of(c.form)))},
                                      {"when", format_date(c.at, s)}});
    std::string covers;
    for (const std::string& org : c.covers) covers += (covers.empty() ? "" : ", ") + clean_text(org);
    b.fields.push_back({s.get("consent_covers"), covers.empty() ? s.get("consent_covers_none") : covers});
    if (!c.withdrawn_at.empty()) {
      b.tag = s.get("consent_withdrawn");
      b.flagged = true;
      b.fields.push_back({s.get("consent_withdrawn"), format_date(c.withdrawn_at, s)});
    }
    section.blocks.push_back(std::move(b));
  }
  return section;
}

Section overview_section(const Board& board, const Strings& s) {
  Section section{s.get("section_overview"), {note(s.get("intro_overview"))}};
  auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  };
  for (const PersonOverview& o : plan_overview(board)) {
    if (o.goals.empty() && o.interventions.empty()) continue;
    Block b;
    b.kind = BlockKind::Item;
    b.text = o.person.empty() ? s.get("whole_family") : person_name(board, o.person, s);
    if (!b.text.empty() && b.text[0] >= 'a' && b.text[0] <= 'z') b.text[0] = static_cast<char>(b.text[0] - 'a' + 'A');  // a title
    if (o.overlap) b.tag = s.get("overview_overlap");
    std::vector<std::string> goals, helps, steps;
    for (const std::string& id : o.goals) goals.push_back(clean_text(board.goals.at(id).text));
    for (const std::string& id : o.interventions) {
      const Intervention& i = board.interventions.at(id);
      helps.push_back(provider_text(board, i, s) + ": " + clean_text(i.text));
    }
    for (const std::string& id : o.steps) steps.push_back(clean_text(board.cards.at(id).text));
    b.fields.push_back({s.get("overview_goals"), goals.empty() ? s.get("overview_none") : join(goals)});
    b.fields.push_back({s.get("overview_helps"), helps.empty() ? s.get("overview_none") : join(helps)});
    if (!steps.empty()) b.fields.push_back({s.get("overview_steps"), join(steps)});
    section.blocks.push_back(std::move(b));
  }
  if (section.blocks.size() == 1) section.blocks.push_back(note(s.get("no_goals")));
  return section;
}

Section informed_section(const Board& board, const Strings& s) {
  Section section{s.get("section_informed"), {}};
  std::vector<std::pair<Millis, std::string>> in_order;
  for (const auto& [pid, r] : board.meeting.informed) in_order.emplace_back(r.at, pid);
  std::sort(in_order.begin(), in_order.end());
  for (const auto& [at, pid] : in_order) {
    const InformedRecord& r = board.meeting.informed.at(pid);
    section.blocks.push_back(paragraph(s.fill(r.how == InformMethod::Email ? "informed_email" : "informed_post",
                                              {{"who", author_text(board, pid, s)}, {"when", format_moment(at, s)},
                                               {"by", person_name(board, r.by, s)}})));
  }
  if (section.blocks.empty()) section.blocks.push_back(note(s.get("no_informed")));
  return section;
}

std::string signoff_text(const Board& board, const std::string& pid, Millis at, const Strings& s) {
  SignoffRecord r;
  if (auto f = board.meeting.signoff_forms.find(pid); f != board.meeting.signoff_forms.end()) r = f->second;
  const std::map<std::string, std::string> values{{"who", person_name(board, pid, s)},
                                                  {"when", format_moment(at, s)},
                                                  {"by", r.recorded_by.empty() ? s.get("unknown_person")
                                                                               : person_name(board, r.recorded_by, s)}};
  switch (r.form) {
    case SignoffForm::Oral: return s.fill("agreed_orally", values);
    case SignoffForm::Paper: return s.fill("signed_on_paper", values);
    case SignoffForm::OwnDevice: break;
  }
  // Only the person themself pressing "I agree" is an agreement on their own device.
  return r.recorded_by == pid ? s.fill("agreed_own_device", values) : s.fill("agreement_recorded_by", values);
}

}  // namespace tavle::exporting
