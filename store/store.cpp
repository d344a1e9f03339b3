// [SECTION] opening
// [SECTION] families
// [SECTION] meetings
// [SECTION] files and history
// [SECTION] deleting a family
// (The journal and snapshots are in store_journal.cpp.)
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

#include "board/apply.hpp"
#include "board/board_json.hpp"
#include "board/hash.hpp"
#include "files/safe_file.hpp"
#include "store/data_dir.hpp"

namespace tavle::store {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// [SECTION] opening
// ---------------------------------------------------------------------------

namespace {

// Creating (and removing) a probe file is the only test that works for root and on
// read-only mounts alike; it never touches the database file.
std::optional<Error> check_writable(const std::string& dir) {
  const std::string probe = (fs::path(dir) / ".tavle-write-probe").string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    if (err == EROFS || err == EACCES || err == EPERM)
      return Error{"read_only", "the data directory " + dir + " is read-only (" + std::strerror(err) +
                                    "); Tavle must be able to write there to keep meetings safe"};
    if (err == ENOSPC || err == EDQUOT)
      return Error{"disk_full", "the disk holding " + dir + " is full (" + std::strerror(err) + ")"};
    return Error{"cannot_open", "cannot write in the data directory " + dir + ": " + std::strerror(err)};
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return std::nullopt;
}

}  // namespace

std::optional<Error> Store::open(const std::string& dir, std::unique_ptr<Store>& out, const OpenOptions& options) {
  if (dir.empty()) return Error{"invalid", "no data directory: set --data DIR (or XDG_DATA_HOME or HOME)"};
  std::unique_ptr<Store> store(new Store());
  store->path_ = (fs::path(dir) / kDatabaseFileName).string();
  if (!options.read_only) {
    std::error_code ec;
    const bool existed = fs::exists(dir, ec);
    fs::create_directories(dir, ec);
    if (ec) return Error{"cannot_open", "cannot create the data directory " + dir + ": " + ec.message()};
    if (!existed) ::chmod(dir.c_str(), 0700);  // new: private from the start, nothing to report
    if (auto e = make_private(dir, store->permissions_fixed_)) return e;
    if (auto e = check_writable(dir)) return e;
    // SQLite would create the file 0644 (and gives its WAL the same mode); an empty
    // file made here first counts as a new database (schema.cpp).
    const int fd = ::open(store->path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  auto db = std::make_unique<SqliteDatabase>(store->path_);
  if (auto e = open_database(store->path_, db->connection(), options)) return e;
  store->db_ = std::move(db);
  out = std::move(store);
  return std::nullopt;
}

std::unique_ptr<Store> Store::over(std::unique_ptr<Database> db) {
  std::unique_ptr<Store> store(new Store());
  store->path_ = db->location();
  store->db_ = std::move(db);
  return store;
}

// ---------------------------------------------------------------------------
// [SECTION] families
// ---------------------------------------------------------------------------
namespace {

std::string fresh_family_id() {
  std::random_device random;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id = "f-";
  for (int i = 0; i < 12; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

}  // namespace

std::optional<Error> Store::create_family(const std::string& label, Millis now, FamilyInfo& out) {
  if (auto e = check_text(label, kDefaultLimits.short_text_bytes, "family label")) return e;
  out = FamilyInfo{fresh_family_id(), label, now, 0};
  Query insert(*db_, "INSERT INTO families(id, label, created) VALUES(?, ?, ?)");
  insert.bind(1, out.id).bind(2, label).bind(3, std::int64_t{now}).step();
  return insert.error();
}

std::optional<Error> Store::family_exists(const std::string& family_id, bool& exists) {
  Query q(*db_, "SELECT 1 FROM families WHERE id = ?");
  exists = q.bind(1, family_id).step();
  return q.error();
}

std::optional<Error> Store::list_families(std::vector<FamilyInfo>& out) {
  out.clear();
  Query q(*db_,
          "SELECT f.id, f.label, f.created, (SELECT count(*) FROM meetings m WHERE m.family_id = f.id) "
          "FROM families f ORDER BY f.label, f.id");
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.integer(2), static_cast<std::size_t>(q.integer(3))});
  return q.error();
}

// ---------------------------------------------------------------------------
// [SECTION] meetings
// ---------------------------------------------------------------------------
namespace {

constexpr const char* kMeetingColumns =
    "SELECT m.id, m.family_id, m.previous_id, m.starts_at, m.created, "
    "(SELECT coalesce(max(seq), 0) FROM ops o WHERE o.meeting_id = m.id), "
    "(SELECT count(*) FROM ops o WHERE o.meeting_id = m.id) FROM meetings m ";

MeetingInfo meeting_row(const Query& q) {
  return {q.text(0),    q.text(1), q.text(2), q.text(3), q.integer(4), static_cast<std::uint64_t>(q.integer(5)),
          static_cast<std::uint64_t>(q.integer(6))};
}

}  // namespace

std::optional<Error> Store::list_meetings(const std::string& family_id, std::vector<MeetingInfo>& out) {
  out.clear();
  const std::string sql = std::string(kMeetingColumns) + "WHERE ?1 = '' OR m.family_id = ?1 ORDER BY m.created, m.id";
  Query q(*db_, sql.c_str());
  q.bind(1, family_id);
  while (q.step()) out.push_back(meeting_row(q));
  return q.error();
}

std::optional<Error> Store::meeting_info(const std::string& meeting_id, MeetingInfo& out) {
  const std::string sql = std::string(kMeetingColumns) + "WHERE m.id = ?";
  Query q(*db_, sql.c_str());
  if (q.bind(1, meeting_id).step()) {
    out = meeting_row(q);
    return std::nullopt;
  }
  return q.error() ? q.error() : Error{"not_found", "no meeting \"" + meeting_id + "\" in " + path_};
}

std::optional<Error> Store::insert_meeting(const Board& start, Millis now) {
  const Meeting& m = start.meeting;
  if (auto e = check_id(m.id, "meeting id")) return e;
  Query exists(*db_, "SELECT 1 FROM meetings WHERE id = ?");
  if (exists.bind(1, m.id).step()) return Error{"exists", "a meeting \"" + m.id + "\" is already stored"};
  if (exists.error()) return exists.error();
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  Query insert(*db_, "INSERT INTO meetings(id, family_id, previous_id, starts_at, created) VALUES(?, ?, ?, ?, ?)");
  insert.bind(1, m.id).bind(2, m.family_id).bind(3, m.previous_meeting_id).bind(4, m.starts_at);
  insert.bind(5, std::int64_t{now}).step();
  if (insert.error()) return insert.error();
  Query snapshot(*db_, "INSERT INTO snapshots(meeting_id, seq, board_json, state_hash) VALUES(?, 0, ?, ?)");
  snapshot.bind(1, m.id).bind(2, canonical_text(to_json(start))).bind(3, state_hash_hex(start)).step();
  if (snapshot.error()) return snapshot.error();
  return tx.commit();
}

std::optional<Error> Store::create_meeting(const std::string& family_id, const std::string& meeting_id, Millis now,
                                           bool continue_last, Board& out) {
  bool exists = false;
  if (auto e = family_exists(family_id, exists)) return e;
  if (!exists) return Error{"not_found", "no family \"" + family_id + "\""};
  std::vector<MeetingInfo> earlier;
  if (auto e = list_meetings(family_id, earlier)) return e;
  Board start;
  if (continue_last && !earlier.empty()) {
    LoadedMeeting last;
    if (auto e = load_meeting(earlier.back().id, last)) return e;
    start = start_next_meeting(last.board, meeting_id, now);
  } else {
    Query label(*db_, "SELECT label FROM families WHERE id = ?");
    if (label.bind(1, family_id).step()) start.meeting.family_label = label.text(0);
    start.meeting.id = meeting_id;
  }
  start.meeting.family_id = family_id;
  if (auto e = insert_meeting(start, now)) return e;
  out = std::move(start);
  return std::nullopt;
}

std::optional<Error> Store::import_meeting(const Board& board, Millis now) {
  if (auto e = check_id(board.meeting.family_id, "meeting.family_id")) return e;
  bool exists = false;
  if (auto e = family_exists(board.meeting.family_id, exists)) return e;
  if (!exists) {
    Query insert(*db_, "INSERT INTO families(id, label, created) VALUES(?, ?, ?)");
    insert.bind(1, board.meeting.family_id).bind(2, board.meeting.family_label).bind(3, std::int64_t{now}).step();
    if (insert.error()) return insert.error();
  }
  return insert_meeting(board, now);
}

// ---------------------------------------------------------------------------
// [SECTION] files and history
// ---------------------------------------------------------------------------

std::optional<Error> Store::save_meeting_file(const std::string& meeting_id, const std::string& path) {
  LoadedMeeting loaded;
  if (auto e = load_meeting(meeting_id, loaded)) return e;
  return write_board_file(path, loaded.board);
}

std::optional<Error> Store::open_meeting_file(const std::string& path, Millis now, Board& out) {
  Board board;
  if (auto e = read_board_file(path, board)) return e;
  if (auto e = import_meeting(board, now)) return e;
  out = std::move(board);
  return std::nullopt;
}

std::optional<Error> Store::scale_history(const std::string& family_id, std::vector<ScalePoint>& out) {
  std::vector<MeetingInfo> meetings;
  if (auto e = list_meetings(family_id, meetings)) return e;
  std::vector<Board> boards;
  for (const MeetingInfo& m : meetings) {
    LoadedMeeting loaded;
    if (auto e = load_meeting(m.id, loaded)) return e;
    boards.push_back(std::move(loaded.board));
  }
  out = tavle::scale_history(boards);
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] deleting a family
// ---------------------------------------------------------------------------

std::optional<Error> Store::delete_family(const std::string& family_id, const std::string& actor,
                                          const std::string& reason) {
  bool exists = false;
  if (auto e = family_exists(family_id, exists)) return e;
  if (!exists) return Error{"not_found", "no family \"" + family_id + "\""};
  {
    WriteTx tx(*db_);
    if (tx.begin_error()) return tx.begin_error();
    // The access log keeps only that the family was erased: its entries are emptied
    // (their hashes stay, so the chain holds) and one entry says who erased it.
    if (auto e = db_->lock_access_log()) return e;
    Query meetings(*db_, "SELECT count(*) FROM meetings WHERE family_id = ?");
    meetings.bind(1, family_id).step();
    const std::int64_t meeting_count = meetings.integer(0);
    Query entries(*db_, "SELECT count(*) FROM access_log WHERE family_id = ?");
    entries.bind(1, family_id).step();
    const std::int64_t entry_count = entries.integer(0);
    if (meetings.error() || entries.error()) return meetings.error() ? meetings.error() : entries.error();
    Query redact(*db_,
                 "UPDATE access_log SET at = 0, family_id = '', action = '', actor = '', detail = '', salt = '' "
                 "WHERE family_id = ?");
    redact.bind(1, family_id).step();
    if (redact.error()) return redact.error();
    AccessEntry erased{0,
                       std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count(),
                       family_id, access::kErased, actor,
                       "meetings=" + std::to_string(meeting_count) +
                           " entries_redacted=" + std::to_string(entry_count) +
                           (reason.empty() ? "" : " reason=" + reason),
                       false};
    if (auto e = append_access(erased)) return e;
    const char* deletes[] = {
        "DELETE FROM ops WHERE meeting_id IN (SELECT id FROM meetings WHERE family_id = ?)",
        "DELETE FROM snapshots WHERE meeting_id IN (SELECT id FROM meetings WHERE family_id = ?)",
        "DELETE FROM rejoin_tokens WHERE meeting_id IN (SELECT id FROM meetings WHERE family_id = ?)",
        "DELETE FROM meeting_codes WHERE meeting_id IN (SELECT id FROM meetings WHERE family_id = ?)",
        "DELETE FROM meetings WHERE family_id = ?",
        "DELETE FROM facilitator_families WHERE family_id = ?",  // issue 18: no facilitator may open it any more
        "DELETE FROM families WHERE id = ?",
    };
    for (const char* sql : deletes) {
      Query d(*db_, sql);
      d.bind(1, family_id).step();
      if (d.error()) return d.error();
    }
    if (auto e = tx.commit()) return e;
  }
  // The rows are gone from the tables; the backend makes them gone from its files.
  return db_->compact_after_erasure();
}

std::optional<Error> Store::take_meeting_lease(const std::string& meeting_id, const std::string& holder,
                                              std::string& held_by) {
  return db_->take_lease("tavle-meeting:" + meeting_id, holder, held_by);
}

}  // namespace tavle::store
