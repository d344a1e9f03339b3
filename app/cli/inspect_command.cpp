// tavle inspect [--data DIR] [--meeting ID [-o FILE]]: what is stored, read-only.
#include <cstdio>
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

int list_everything(store::Store& s) {
  std::vector<store::FamilyInfo> families;
  if (auto e = s.list_families(families)) return fail(*e);
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

int show_meeting(store::Store& s, const std::string& id, const std::optional<std::string>& output) {
  store::MeetingInfo info;
  if (auto e = s.meeting_info(id, info)) return fail(*e);
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
  const std::string dir = store::data_directory(args.option("data"));
  store::OpenOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<store::Store> s;
  if (auto e = store::open_private_store(dir, args.option_or("key-file", ""), s, read_only)) return fail(*e);
  if (auto id = args.option("meeting")) return show_meeting(*s, *id, args.option("output"));
  if (args.option("output")) return usage_error(*find_command("inspect"), "-o FILE saves one meeting; give --meeting ID too");
  return list_everything(*s);
}

}  // namespace tavle::cli
