// `tavle host --data DIR`: durable hosting. The meeting comes from the store (the
// latest one, --meeting ID, a new one continuing --family ID, or a --file imported
// into the store); ops go through a SqliteJournal (one transaction and sync per
// batch) before they are broadcast, and a restart continues at the same seq.
#include <chrono>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/host_files.hpp"
#include "app/cli/host_command.hpp"
#include "net/host.hpp"
#include "store/data_dir.hpp"
#include "store/sqlite_journal.hpp"
#include "store/store.hpp"

namespace tavle::cli {
namespace {

constexpr std::uint64_t kRecentOpsForLateJoiners = 2000;
// A restart replays at most this many ops (~45 us each on a 2000-card board).
constexpr std::uint64_t kSnapshotEvery = 5000;

Millis now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Which stored meeting to host; creates it when the arguments ask for a new one.
std::optional<Error> choose_meeting(const Args& args, store::Store& s, const Board& from_file, std::string& id) {
  const Millis now = now_millis();
  if (args.option("file")) {
    id = from_file.meeting.id;
    store::MeetingInfo stored;
    if (!s.meeting_info(id, stored)) {
      std::fprintf(stderr, "tavle host: meeting %s is already stored; continuing the stored one, not the file\n", id.c_str());
      return std::nullopt;
    }
    return s.import_meeting(from_file, now);
  }
  if (auto meeting = args.option("meeting")) {
    id = *meeting;
    return std::nullopt;
  }
  if (auto family = args.option("family")) {
    id = "m-" + std::to_string(now);
    Board started;
    return s.create_meeting(*family, id, now, true, started);
  }
  std::vector<store::MeetingInfo> meetings;
  if (auto e = s.list_meetings("", meetings)) return e;
  if (!meetings.empty()) {
    id = meetings.back().id;
    return std::nullopt;
  }
  store::FamilyInfo family;
  if (auto e = s.create_family("Ny familie", now, family)) return e;
  id = "m-" + std::to_string(now);
  Board started;
  return s.create_meeting(family.id, id, now, false, started);
}

}  // namespace

std::optional<Error> attach_storage(const Args& args, HostSetup& setup) {
  if (!args.option("data") && (args.option("meeting") || args.option("family")))
    return Error{"usage", "--meeting and --family choose a stored meeting; give --data DIR too"};
  if (!args.option("data")) return std::nullopt;
  std::unique_ptr<store::Store> s;
  if (auto e = store::Store::open(store::data_directory(args.option("data")), s)) return e;
  std::string meeting_id;
  if (auto e = choose_meeting(args, *s, setup.board, meeting_id)) return e;
  store::LoadedMeeting loaded;
  if (auto e = s->load_meeting(meeting_id, loaded)) return e;
  const std::uint64_t from = loaded.last_seq > kRecentOpsForLateJoiners ? loaded.last_seq - kRecentOpsForLateJoiners : 0;
  std::vector<store::JournaledOp> recent;
  if (auto e = s->ops_since(meeting_id, from, recent)) return e;
  setup.recent.clear();
  for (auto& r : recent) setup.recent.push_back({r.seq, std::move(r.op)});
  std::fprintf(stderr, "tavle host: meeting %s of family %s from %s, continuing after seq %llu\n", meeting_id.c_str(),
              loaded.board.meeting.family_id.c_str(), s->path().c_str(),
              static_cast<unsigned long long>(loaded.last_seq));
  setup.board = loaded.board;
  setup.last_seq = loaded.last_seq;
  if (setup.config.meeting.facilitator_key.empty())
    if (auto e = stored_facilitator_key(store::data_directory(args.option("data")), setup.config.meeting.facilitator_key))
      return e;
  keep_rejoin_tokens(store::data_directory(args.option("data")), meeting_id, setup.config.meeting);
  setup.journal = std::make_shared<store::SqliteJournal>(std::move(s), meeting_id, loaded, kSnapshotEvery);
  return std::nullopt;
}

}  // namespace tavle::cli
