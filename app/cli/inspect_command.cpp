// tavle inspect [--data DIR] [--meeting ID [-o FILE]]: what is stored, read-only
// (only the access log is written to: who looked at which family or meeting).
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "board/board_json.hpp"
#include "files/safe_file.hpp"
#include "board/continuity.hpp"
#include "board/hash.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"

namespace tavle::cli {
namespace {

using nlohmann::json;

int fail(const Error& e) {
  std::fprintf(stderr, "tavle inspect: %s\n", e.message.c_str());
  return 1;
}

std::optional<Error> record(const Args& args, const std::vector<store::AccessEntry>& entries);

// The list names every family (its label is the family's name): each is recorded as opened.
int list_everything(const Args& args, store::Store& s) {
  std::vector<store::FamilyInfo> families;
  if (auto e = s.list_families(families)) return fail(*e);
  std::vector<store::AccessEntry> seen;
  const Millis now = static_cast<Millis>(std::time(nullptr)) * 1000;
  for (const auto& f : families)
    seen.push_back({0, now, f.id, store::access::kOpened, store::system_user() + " (tavle inspect)", "families listed", false});
  if (auto e = record(args, seen)) return fail(Error{e->code, "cannot record in the access log: " + e->message});
  std::printf("%s: %zu families\n", s.path().c_str(), families.size());
  for (const auto& f : families) {
    std::printf("\n%s  %s  (%zu meetings)\n", f.id.c_str(), f.label.c_str(), f.meetings);
    std::vector<store::MeetingInfo> meetings;
    if (auto e = s.list_meetings(f.id, meetings)) return fail(*e);
    for (const auto& m : meetings)
      std::printf("  %-24s starts %-16s %6llu ops%s%s\n", m.id.c_str(), m.starts_at.empty() ? "-" : m.starts_at.c_str(),
                  static_cast<unsigned long long>(m.op_count), m.previous_id.empty() ? "" : "  continues ",
                  m.previous_id.c_str());
  }
  return 0;
}

json summary_of(const Board& b) {
  json columns = json::object();
  for (Column c : kColumns) columns[std::string(name_of(c))] = b.column(c).size();
  std::map<std::string, int> steps;  // status -> how many next steps have it
  for (const Card* c : b.column(Column::NextSteps))
    if (c->category != Category::SafetyGoal) ++steps[std::string(name_of(c->step.status))];
  const ScalePoint scale = scale_point(b);
  std::size_t present = 0;
  for (const auto& [id, p] : b.participants) present += !p.removed && p.present;
  return {{"family_label", b.meeting.family_label},
          {"kind", name_of(b.meeting.kind)},
          {"starts_at", b.meeting.starts_at},
          {"participants", present},
          {"cards", columns},
          {"next_steps", steps},
          {"steps_to_review", steps_to_review(b).size()},
          {"ratings", scale.by_participant.size()},
          {"scale_average", scale.by_participant.empty() ? json(nullptr) : json(scale.average)},
          {"approved", !b.meeting.approval.by.empty()}};
}

json changes_json(const Board& previous, const Board& current) {
  const MeetingChanges changes = changes_since(previous, current);
  std::map<std::string, int> counts{{"added", 0}, {"removed", 0}, {"changed", 0}};
  for (const auto& c : changes.cards)
    ++counts[c.kind == CardChange::Kind::Added ? "added" : c.kind == CardChange::Kind::Removed ? "removed" : "changed"];
  json ratings = json::array();
  for (const auto& r : changes.ratings)
    ratings.push_back({{"participant", r.participant_id},
                       {"before", r.before < 0 ? json(nullptr) : json(r.before)},
                       {"after", r.after < 0 ? json(nullptr) : json(r.after)}});
  return {{"cards", counts}, {"ratings", ratings}};
}

// issue 13: reading a family's meeting (and writing it to a file), or the list of
// families, is recorded in the access log, through a writing connection of its
// own; without the record nothing is shown.
std::optional<Error> record(const Args& args, const std::vector<store::AccessEntry>& entries) {
  if (entries.empty()) return std::nullopt;
  std::unique_ptr<store::Store> w;
  if (auto e = open_command_store(args, false, w)) return e;
  for (const store::AccessEntry& entry : entries)
    if (auto e = w->record_access(entry)) return e;
  return std::nullopt;
}

std::optional<Error> record(const Args& args, const store::MeetingInfo& info, const std::optional<std::string>& output) {
  const Millis now = static_cast<Millis>(std::time(nullptr)) * 1000;
  const std::string who = store::system_user() + " (tavle inspect)";
  std::vector<store::AccessEntry> entries{{0, now, info.family_id, store::access::kOpened, who, "meeting=" + info.id, false}};
  if (output)
    entries.push_back({0, now, info.family_id, store::access::kExported, who,
                       "meeting=" + info.id + " as=meeting-file to=" + *output, false});
  return record(args, entries);
}

int show_meeting(const Args& args, store::Store& s, const std::string& id, const std::optional<std::string>& output) {
  store::MeetingInfo info;
  if (auto e = s.meeting_info(id, info)) return fail(*e);
  if (auto e = record(args, info, output)) return fail(Error{e->code, "cannot record in the access log: " + e->message});
  store::LoadedMeeting loaded;
  if (auto e = s.load_meeting(id, loaded)) return fail(*e);
  json out{{"meeting", info.id},
           {"family", info.family_id},
           {"previous_meeting", info.previous_id},
           {"op_count", info.op_count},
           {"last_seq", loaded.last_seq},
           {"snapshot_seq", loaded.snapshot_seq},
           {"state_hash", state_hash_hex(loaded.board)},
           {"summary", summary_of(loaded.board)}};
  if (!info.previous_id.empty()) {
    store::LoadedMeeting previous;
    if (!s.load_meeting(info.previous_id, previous)) out["changes_since_previous"] = changes_json(previous.board, loaded.board);
  }
  if (output) {
    if (auto e = write_board_file(*output, loaded.board)) return fail(*e);
    out["saved_to"] = *output;
  }
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

int inspect_command(Args& args) {
  if (!args.positional().empty())
    return usage_error(*find_command("inspect"), "unexpected argument \"" + args.positional()[0] + "\"");
  std::unique_ptr<store::Store> s;
  if (auto e = open_command_store(args, true, s)) return fail(*e);
  if (auto id = args.option("meeting")) return show_meeting(args, *s, *id, args.option("output"));
  if (args.option("output")) return usage_error(*find_command("inspect"), "-o FILE saves one meeting; give --meeting ID too");
  return list_everything(args, *s);
}

}  // namespace tavle::cli
