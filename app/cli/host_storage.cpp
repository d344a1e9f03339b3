// `tavle host --data DIR`: durable hosting. The meeting comes from the store (the
// latest one, --meeting ID, a new one continuing --family ID, or a --file imported
// into the store); ops go through a SqliteJournal (one transaction and sync per
// batch) before they are broadcast, and a restart continues at the same seq.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/args.hpp"
#include "app/cli/host_command.hpp"
#include "net/host.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
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

// Writes a file only this user may read (0600): a temporary file beside it,
// synced, then renamed over it, so a crash leaves the old or the new file.
std::optional<Error> write_private_file(const std::filesystem::path& path, const std::string& text) {
  std::string temp = path.string() + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());  // mode 0600
  if (fd < 0) return Error{"io", path.string() + ": cannot create the file"};
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return Error{"io", path.string() + ": cannot write the file (disk full?)"};
  }
  return std::nullopt;
}

// A durable host keeps its facilitator key beside its data (0600), so that after a
// crash or a restart the facilitator's app rejoins as facilitator with the key it
// already has (docs/protocol.md, "A restarted host").
std::optional<Error> stored_facilitator_key(const std::string& dir, std::string& key) {
  const std::filesystem::path path = std::filesystem::path(dir) / "facilitator.key";
  std::ifstream in(path);
  if (in && std::getline(in, key)) {
    const bool hex = key.size() == 32 && std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isxdigit(c); });
    if (hex) return std::nullopt;
    return Error{"corrupt", path.string() + ": not a facilitator key (32 hex digits); remove it to make a new one"};
  }
  key = net::random_facilitator_key();
  return write_private_file(path, key + "\n");
}

// Rejoin tokens outlive a restart of a durable host (docs/security.md): kept in
// DATA/rejoin-tokens.json (0600, never in the database or on the wire), written
// whole on every change (joins are rare), replaced by rename so a crash leaves the
// old or the new file.
net::RejoinTokens read_rejoin_tokens(const std::filesystem::path& path, const std::string& meeting_id) {
  net::RejoinTokens tokens;
  std::ifstream in(path);
  if (!in) return tokens;
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!j.is_object() || j.value("meeting", "") != meeting_id || !j.contains("tokens") || !j["tokens"].is_object())
    return tokens;
  for (const auto& [token, grant] : j["tokens"].items()) {
    if (!grant.is_object() || !grant.contains("role") || !grant["role"].is_string()) continue;
    const auto role = net::role_from(grant["role"].get<std::string>());
    if (!role || *role == net::Role::Facilitator) continue;
    tokens[token] = net::RejoinGrant{grant.value("participant", ""), *role};
  }
  return tokens;
}

void write_rejoin_tokens(const std::filesystem::path& path, const std::string& meeting_id,
                         const net::RejoinTokens& tokens) {
  nlohmann::json j{{"meeting", meeting_id}, {"tokens", nlohmann::json::object()}};
  for (const auto& [token, grant] : tokens)
    j["tokens"][token] = {{"participant", grant.participant_id}, {"role", std::string(net::name_of(grant.role))}};
  if (auto e = write_private_file(path, j.dump() + "\n"))
    std::fprintf(stderr, "tavle host: could not keep the rejoin tokens: %s\n", e->message.c_str());
}

}  // namespace

std::optional<Error> attach_storage(const Args& args, HostSetup& setup) {
  if (!args.option("data") && (args.option("meeting") || args.option("family") || args.option("key-file")))
    return Error{"usage", "--meeting, --family and --key-file are about a stored meeting; give --data DIR too"};
  if (!args.option("data")) return std::nullopt;
  std::unique_ptr<store::Store> s;
  store::DatabaseKey key;
  if (auto e = store::open_private_store(store::data_directory(args.option("data")), args.option_or("key-file", ""), s,
                                         {}, &key))
    return e;
  if (key.made) std::fprintf(stderr, "tavle host: made a new database key, kept in %s\n", key.where.c_str());
  for (const std::string& fixed : s->permissions_fixed())
    std::fprintf(stderr, "tavle host: made private (others could read it): %s\n", fixed.c_str());
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
  const std::filesystem::path tokens = std::filesystem::path(store::data_directory(args.option("data"))) / "rejoin-tokens.json";
  setup.config.meeting.initial_tokens = read_rejoin_tokens(tokens, meeting_id);
  setup.config.meeting.tokens_changed = [tokens, meeting_id](const net::RejoinTokens& now) {
    write_rejoin_tokens(tokens, meeting_id, now);
  };
  // issue 13: the access log (docs/privacy.md). Joins arrive on the network thread,
  // so they are recorded through a connection of their own.
  const std::string family_id = loaded.board.meeting.family_id;
  if (auto e = s->record_access({0, now_millis(), family_id, store::access::kHosted, store::system_user() + " (tavle host)",
                                 "meeting=" + meeting_id, false}))
    return e;
  std::shared_ptr<store::Store> access_log;
  {
    std::unique_ptr<store::Store> own;
    if (auto e = store::open_private_store(store::data_directory(args.option("data")), args.option_or("key-file", ""), own))
      return e;
    access_log = std::move(own);
  }
  setup.config.meeting.joined = [access_log, family_id, meeting_id](const net::PresenceEntry& who,
                                                                    const std::string& address) {
    const std::string participant = who.participant_id.empty() ? "" : " participant=" + who.participant_id;
    if (auto e = access_log->record_access({0, now_millis(), family_id, store::access::kJoined,
                                            who.name + " (" + std::string(net::name_of(who.role)) + ")",
                                            "meeting=" + meeting_id + participant + " from=" + address, false}))
      std::fprintf(stderr, "tavle host: could not record a join in the access log: %s\n", e->message.c_str());
  };
  setup.journal = std::make_shared<store::SqliteJournal>(std::move(s), meeting_id, loaded, kSnapshotEvery);
  return std::nullopt;
}

}  // namespace tavle::cli
