#include "app/cli/host_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "net/secrets.hpp"

namespace tavle::cli {
namespace {

constexpr const char* kTokensDir = "rejoin-tokens";

net::RejoinTokens read_rejoin_tokens(const std::string& path, const std::string& meeting_id) {
  net::RejoinTokens tokens;
  std::ifstream in(path);
  if (!in) return tokens;
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  // The file names its meeting: one whose name maps to the same file never gets these.
  if (!j.is_object() || j.value("meeting", "") != meeting_id || !j.contains("tokens") || !j["tokens"].is_object())
    return tokens;
  for (const auto& [token, grant] : j["tokens"].items()) {
    if (!grant.is_object() || !grant.contains("role") || !grant["role"].is_string()) continue;
    const auto role = net::role_from(grant["role"].get<std::string>());
    if (!role || *role == net::Role::Facilitator) continue;  // the facilitator comes back with the key
    tokens[token] = net::RejoinGrant{grant.value("participant", ""), *role};
  }
  return tokens;
}

void write_rejoin_tokens(const std::string& path, const std::string& meeting_id, const net::RejoinTokens& tokens) {
  nlohmann::json j{{"meeting", meeting_id}, {"tokens", nlohmann::json::object()}};
  for (const auto& [token, grant] : tokens)
    j["tokens"][token] = {{"participant", grant.participant_id}, {"role", std::string(net::name_of(grant.role))}};
  if (auto e = write_private_file(path, j.dump() + "\n"))
    std::fprintf(stderr, "tavle: could not keep the rejoin tokens: %s\n", e->message.c_str());
}

}  // namespace

std::optional<Error> write_private_file(const std::string& path, const std::string& text) {
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());  // mode 0600
  if (fd < 0) return Error{"io", path + ": cannot create the file"};
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return Error{"io", path + ": cannot write the file (disk full?)"};
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
  return write_private_file(path.string(), key + "\n");
}

std::string rejoin_tokens_path(const std::string& data_dir, const std::string& meeting_id) {
  // Meeting ids come from files too: only plain characters make the file's name.
  std::string name = meeting_id.substr(0, 100);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return (std::filesystem::path(data_dir) / kTokensDir / (name.empty() ? "_" : name)).string() + ".json";
}

void keep_rejoin_tokens(const std::string& data_dir, const std::string& meeting_id, net::MeetingConfig& config) {
  const std::string path = rejoin_tokens_path(data_dir, meeting_id);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  ::chmod(std::filesystem::path(path).parent_path().c_str(), 0700);
  config.initial_tokens = read_rejoin_tokens(path, meeting_id);
  config.tokens_changed = [path, meeting_id](const net::RejoinTokens& now) { write_rejoin_tokens(path, meeting_id, now); };
}

}  // namespace tavle::cli
