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
#include "store/database_key.hpp"
#include "store/store.hpp"

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

// Rejoin tokens outlive a restart of a durable host (docs/security.md): kept in
// DATA/rejoin-tokens.json (0600, never in the database or on the wire), written
// whole on every change (joins are rare), for the meeting hosted last.
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
  if (auto e = files::write_file_safely(path.string(), j.dump() + "\n", files::Mode::Private))
    std::fprintf(stderr, "tavle: could not keep the rejoin tokens: %s\n", e->message.c_str());
}

// issue 13 (docs/privacy.md): the access log records that the meeting is hosted,
// and every join. Joins arrive on the network thread, so they are recorded through
// a connection of their own.
std::optional<Error> record_hosting(const std::string& data_dir, const std::string& key_file, store::Store& s,
                                    const std::string& family_id, const std::string& meeting_id, HostSetup& setup) {
  const std::string who = setup.hosted_by.empty() ? store::system_user() : setup.hosted_by;
  if (auto e = s.record_access({0, now_millis(), family_id, store::access::kHosted, who, "meeting=" + meeting_id, false}))
    return e;
  std::unique_ptr<store::Store> own;
  if (auto e = store::open_private_store(data_dir, key_file, own)) return e;
  std::shared_ptr<store::Store> log = std::move(own);
  setup.config.meeting.joined = [log, family_id, meeting_id](const net::PresenceEntry& p, const std::string& address) {
    const std::string participant = p.participant_id.empty() ? "" : " participant=" + p.participant_id;
    if (auto e = log->record_access({0, now_millis(), family_id, store::access::kJoined,
                                     p.name + " (" + std::string(net::name_of(p.role)) + ")",
                                     "meeting=" + meeting_id + participant + " from=" + address, false}))
      std::fprintf(stderr, "tavle: could not record a join in the access log: %s\n", e->message.c_str());
  };
  return std::nullopt;
}

}  // namespace

std::optional<Error> attach_stored_meeting(const std::string& data_dir, const std::string& meeting_id,
                                           HostSetup& setup, std::string* log, const std::string& key_file) {
  std::unique_ptr<store::Store> s;
  if (auto e = store::open_private_store(data_dir, key_file, s)) return e;
  store::LoadedMeeting loaded;
  if (auto e = s->load_meeting(meeting_id, loaded)) return e;
  const std::uint64_t from = loaded.last_seq > kRecentOpsForLateJoiners ? loaded.last_seq - kRecentOpsForLateJoiners : 0;
  if (auto e = s->ops_since(meeting_id, from, setup.recent)) return e;
  if (log)
    *log = "meeting " + meeting_id + " of family " + loaded.board.meeting.family_id + " from " + s->path() +
           ", continuing after seq " + std::to_string(loaded.last_seq);
  if (setup.config.meeting.facilitator_key.empty())
    if (auto e = stored_facilitator_key(data_dir, setup.config.meeting.facilitator_key)) return e;
  const std::filesystem::path tokens = std::filesystem::path(data_dir) / "rejoin-tokens.json";
  setup.config.meeting.initial_tokens = read_rejoin_tokens(tokens, meeting_id);
  setup.config.meeting.tokens_changed = [tokens, meeting_id](const net::RejoinTokens& now) {
    write_rejoin_tokens(tokens, meeting_id, now);
  };
  if (auto e = record_hosting(data_dir, key_file, *s, loaded.board.meeting.family_id, meeting_id, setup)) return e;
  setup.last_seq = loaded.last_seq;
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
