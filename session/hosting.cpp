#include "session/hosting.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "board/text.hpp"
#include "files/safe_file.hpp"
#include "session/sqlite_journal.hpp"
#include "session/store_writer.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/store.hpp"
#include "store_pg/pg_store.hpp"

namespace tavle::session {
namespace {

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
  return files::write_file_safely(path.string(), key + "\n", files::Mode::Private);
}

// Rejoin tokens outlive a restart of a durable host (docs/security.md): kept per
// meeting in the encrypted database. A facilitator's token is never given back:
// the facilitator rejoins with the key.
net::RejoinTokens tokens_from(const std::vector<store::StoredRejoinToken>& stored) {
  net::RejoinTokens tokens;
  for (const store::StoredRejoinToken& t : stored) {
    const auto role = net::role_from(t.role);
    if (!role || *role == net::Role::Facilitator) continue;
    tokens[t.token] = net::RejoinGrant{t.participant_id, *role};
  }
  return tokens;
}

// Before issue 13's last change the tokens of the meeting hosted last were in one
// plain file per data directory: they move into the store once, and the file goes.
std::optional<Error> move_old_tokens_file(const std::filesystem::path& path, store::Store& s) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  store::MeetingInfo info;
  if (j.is_object() && j.contains("tokens") && j["tokens"].is_object() && j.contains("meeting") &&
      j["meeting"].is_string() && !s.meeting_info(j["meeting"].get<std::string>(), info)) {
    std::vector<store::StoredRejoinToken> tokens;
    for (const auto& [token, grant] : j["tokens"].items())
      if (grant.is_object() && grant.contains("role") && grant["role"].is_string())
        tokens.push_back({token, grant.value("participant", ""), grant["role"].get<std::string>()});
    if (auto e = s.save_rejoin_tokens(info.id, tokens)) return e;
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (ec) return Error{"io", path.string() + ": cannot remove it after moving its tokens into the store: " + ec.message()};
  return std::nullopt;
}

// issue 13 (docs/privacy.md): the access log records that the meeting is hosted,
// and every join; the meeting's rejoin tokens are kept as they change. Joins and
// tokens arrive on the network thread: they are handed to the store writer, which
// writes them on its own thread and connection (issue 18). The time of a join is
// when it happened, taken here.
std::optional<Error> record_hosting(const std::string& data_dir, const std::string& key_file, store::Store& s,
                                    const std::string& family_id, const std::string& meeting_id, HostSetup& setup) {
  const std::string who = setup.hosted_by.empty() ? store::system_user() : setup.hosted_by;
  if (auto e = s.record_access({0, now_millis(), family_id, store::access::kHosted, who, "meeting=" + meeting_id, false}))
    return e;
  std::shared_ptr<StoreWriter> writer = setup.writer;
  if (!writer)
    writer = std::make_shared<StoreWriter>(StorePlace{data_dir, key_file, setup.db_url}, setup.config.meeting.security_log);
  setup.config.meeting.joined = [writer, family_id, meeting_id](const net::PresenceEntry& p, const std::string& address) {
    const std::string participant = p.participant_id.empty() ? "" : " participant=" + p.participant_id;
    writer->record_access(meeting_id,
                          {0, now_millis(), family_id, store::access::kJoined,
                           p.name + " (" + std::string(net::name_of(p.role)) + ")",
                           "meeting=" + meeting_id + participant + " from=" + address, false},
                          address);
  };
  setup.config.meeting.tokens_changed = [writer, meeting_id](const net::RejoinTokens& now) {
    writer->save_rejoin_tokens(meeting_id, now);
  };
  setup.config.meeting.writes_pending = [writer, meeting_id] { return writer->pending(meeting_id); };
  return std::nullopt;
}

}  // namespace

std::optional<Error> open_store(const StorePlace& place, std::unique_ptr<store::Store>& out) {
  if (place.db_url.empty()) return store::open_private_store(place.data_dir, place.key_file, out);
  // The data directory still keeps the facilitator key: private, as with SQLite.
  if (place.data_dir.empty()) return Error{"invalid", "no data directory for the facilitator key: set --data DIR"};
  std::error_code ec;
  if (!std::filesystem::exists(place.data_dir, ec)) {
    std::filesystem::create_directories(place.data_dir, ec);
    if (ec) return Error{"cannot_open", "cannot create the data directory " + place.data_dir + ": " + ec.message()};
    std::filesystem::permissions(place.data_dir, std::filesystem::perms::owner_all, ec);
  }
  std::vector<std::string> fixed;
  if (auto e = store::make_private(place.data_dir, fixed)) return e;
  return store_pg::open_store(place.db_url, out);
}

std::optional<Error> attach_stored_meeting(const std::string& data_dir, const std::string& meeting_id,
                                           HostSetup& setup, std::string* log, const std::string& key_file) {
  std::unique_ptr<store::Store> s;
  if (auto e = open_store({data_dir, key_file, setup.db_url}, s)) return e;
  if (!setup.lease_holder.empty()) {
    // Before reading anything: what is loaded is then what no other process writes.
    std::string held_by;
    if (auto e = s->take_meeting_lease(meeting_id, setup.lease_holder, held_by)) return e;
    if (!held_by.empty()) return Error{"elsewhere", held_by};
  }
  store::LoadedMeeting loaded;
  if (auto e = s->load_meeting(meeting_id, loaded)) return e;
  const std::uint64_t from = loaded.last_seq > kRecentOpsForLateJoiners ? loaded.last_seq - kRecentOpsForLateJoiners : 0;
  if (auto e = s->ops_since(meeting_id, from, setup.recent)) return e;
  if (log)
    *log = "meeting " + meeting_id + " of family " + loaded.board.meeting.family_id + " from " + s->path() +
           ", continuing after seq " + std::to_string(loaded.last_seq);
  if (setup.config.meeting.facilitator_key.empty())
    if (auto e = stored_facilitator_key(data_dir, setup.config.meeting.facilitator_key)) return e;
  if (auto e = move_old_tokens_file(std::filesystem::path(data_dir) / "rejoin-tokens.json", *s)) return e;
  std::vector<store::StoredRejoinToken> tokens;
  if (setup.writer) setup.writer->flush(meeting_id);  // its tokens written before it was unloaded
  if (auto e = s->load_rejoin_tokens(meeting_id, tokens)) return e;
  setup.config.meeting.initial_tokens = tokens_from(tokens);
  if (auto e = record_hosting(data_dir, key_file, *s, loaded.board.meeting.family_id, meeting_id, setup)) return e;
  setup.last_seq = loaded.last_seq;
  if (setup.shared_journal)  // the connection `s` that loaded the meeting closes here
    setup.journal = std::make_shared<SqliteJournal>(setup.shared_journal, meeting_id, loaded, kSnapshotEvery);
  else
    setup.journal = std::make_shared<SqliteJournal>(std::move(s), meeting_id, loaded, kSnapshotEvery);
  setup.board = std::move(loaded.board);
  return std::nullopt;
}

std::optional<Error> start_host(HostSetup setup, std::unique_ptr<net::Host>& out) {
  auto host = std::make_unique<net::Host>(std::move(setup.config), std::move(setup.board), setup.last_seq,
                                          std::move(setup.recent), std::move(setup.journal));
  if (auto e = host->start()) return e;
  out = std::move(host);
  return std::nullopt;
}

}  // namespace tavle::session
