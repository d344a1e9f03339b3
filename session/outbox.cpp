#include "session/outbox.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "board/board_json.hpp"
#include "files/safe_file.hpp"
#include "store/data_dir.hpp"
#include "store/database_key.hpp"
#include "store/sealed.hpp"

namespace tavle::session {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "tavle-outbox";
constexpr int kVersion = 1;
constexpr const char* kPurpose = "tavle unsent work";  // the sealing key's purpose (store/sealed.hpp)

// FNV-1a 64 of what names the meeting from here: a file name that says nothing
// about the family and is the same on every run.
std::string name_hash(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace

OutboxPlace outbox_place(const std::string& address, const std::string& name, const std::string& role,
                         const std::string& key_file) {
  OutboxPlace place;
  const std::string data = store::data_directory(std::nullopt);
  if (data.empty()) return place;
  store::DatabaseKey key;
  if (auto e = store::find_database_key(store::KeySource{key_file, data, true}, key)) {
    // Never in the clear: without the key, unsent work lives in memory only.
    place.problem = "unsent work is kept only while the app is open: " + e->message;
    return place;
  }
  place.path = data + "/unsent/" + name_hash(address + '\n' + name + '\n' + role) + ".sealed";
  place.key_hex = key.hex;
  return place;
}

std::optional<Error> write_outbox(const OutboxPlace& place, const net::UnsentWork& work) {
  const std::string& path = place.path;
  if (path.empty()) return std::nullopt;
  std::error_code ec;
  if (work.ops.empty()) {
    std::filesystem::remove(path, ec);
    if (ec) return Error{"io", "cannot remove " + path + ": " + ec.message()};
    return std::nullopt;
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!std::filesystem::exists(dir)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"io", "cannot create " + dir.string() + ": " + ec.message()};
    ::chmod(dir.c_str(), 0700);
  }
  json ops = json::array();
  for (const Op& op : work.ops) ops.push_back(to_json(op));
  const json j{{"format", kFormat},
               {"version", kVersion},
               {"meeting_id", work.meeting_id},
               {"participant_id", work.participant_id},
               {"token", work.token},
               {"seq", work.seq},
               {"board", to_json(work.confirmed)},
               {"ops", std::move(ops)}};
  std::string sealed;
  if (auto e = store::seal(j.dump(-1, ' ', false, json::error_handler_t::replace), place.key_hex, kPurpose, sealed))
    return Error{e->code, "cannot seal the unsent work: " + e->message};
  return files::write_file_safely(path, sealed, files::Mode::Private);
}

std::optional<net::UnsentWork> read_outbox(const OutboxPlace& place, std::optional<Error>* problem) {
  const std::string& path = place.path;
  if (path.empty() || !std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::stringstream sealed;
  sealed << in.rdbuf();
  std::string text;
  json j;
  net::UnsentWork work;
  std::optional<Error> e = store::unseal(sealed.str(), place.key_hex, kPurpose, text);
  if (!e) e = parse_json(text, j);
  try {
    if (!e && (!j.is_object() || j.value("format", "") != kFormat || j.value("version", 0) != kVersion))
      e = Error{"invalid", "not a tavle outbox of version 1"};
    if (!e) {
      work.meeting_id = j.value("meeting_id", "");
      work.participant_id = j.value("participant_id", "");
      work.token = j.value("token", "");
      work.seq = j.value("seq", std::uint64_t{0});
      if (auto b = j.find("board"); b == j.end()) e = Error{"invalid", "board: missing"};
      else e = board_from_json(*b, work.confirmed);
    }
  } catch (const json::exception& wrong_type) {
    e = Error{"invalid", wrong_type.what()};
  }
  if (!e) {
    auto ops = j.find("ops");
    if (ops == j.end() || !ops->is_array()) e = Error{"invalid", "ops: expected an array"};
    for (std::size_t i = 0; !e && i < ops->size(); ++i) {
      Op op;
      if (auto bad = op_from_json((*ops)[i], op)) e = Error{"invalid", "ops[" + std::to_string(i) + "]: " + bad->message};
      work.ops.push_back(std::move(op));
    }
  }
  if (!e && work.meeting_id != work.confirmed.meeting.id) e = Error{"invalid", "meeting_id: not the board's meeting"};
  if (e) {
    // Kept for a person to look at (or a later run with the right key file); the
    // next run starts clean instead of failing again.
    std::error_code ignored;
    std::filesystem::rename(path, path + ".unreadable", ignored);
    if (problem) *problem = Error{e->code, path + ": " + e->message};
    return std::nullopt;
  }
  return work;
}

}  // namespace tavle::session
