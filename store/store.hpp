// Durable meetings: one database (SQLite in a file, or PostgreSQL: store/database.hpp) holding families, their meetings, the
// journal of every meeting's ops, and snapshots of the board. docs/storage.md says
// what it promises and which test tries to break each promise.
//
// A meeting's state = its latest snapshot + the journal's later ops replayed through
// apply(). Every meeting has a snapshot at seq 0 (its starting board), so the journal
// alone, replayed from there, always gives the same state too.
//
// One Store is one connection; use it from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "board/continuity.hpp"
#include "board/error.hpp"
#include "board/model.hpp"
#include "board/op.hpp"
#include "board/sequenced_op.hpp"
#include "store/access_log.hpp"
#include "store/accounts.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

namespace tavle::store {

struct FamilyInfo {
  std::string id;
  std::string label;
  Millis created = 0;
  std::size_t meetings = 0;
};

struct MeetingInfo {
  std::string id;
  std::string family_id;
  std::string previous_id;
  std::string starts_at;
  Millis created = 0;
  std::uint64_t last_seq = 0;  // seq of the last journaled op (0 = none)
  std::uint64_t op_count = 0;
};

// The retention rule (docs/privacy.md): a family with no meeting for this many days
// is listed as due for deletion, and erased when a person confirms. The
// municipality sets its own rule (settings, --retain); this is the default.
inline constexpr int kDefaultRetainDays = 730;

struct FamilyDue {
  FamilyInfo family;
  Millis last_meeting = 0;  // when its newest meeting was made (the family's creation if none)
};

struct LoadedMeeting {
  Board board;
  std::uint64_t last_seq = 0;      // the host continues with last_seq + 1
  std::uint64_t snapshot_seq = 0;  // the snapshot the load started from
  std::uint64_t replayed = 0;      // journal ops applied on top of it
};

enum class Replay { FromLatestSnapshot, WholeJournal };

// A rejoin token and what it gives back (net::RejoinGrant; the role by its protocol name).
struct StoredRejoinToken {
  std::string token;
  std::string participant_id;
  std::string role;
};

// issue 18: a meeting's own codes on a `tavle server` (docs/server.md): the room's
// code, the professional code and the facilitator key, kept with the meeting so
// every server sharing the database admits with the same ones (store/meeting_codes.cpp).
struct MeetingCodes {
  std::string join_code;
  std::string professional_code;
  std::string facilitator_key;
};

// What copy_family() copied.
struct FamilyCopy {
  std::size_t meetings = 0;
  std::size_t ops = 0;
};

using JournaledOp = SequencedOp;  // board/sequenced_op.hpp: the same type the host journals

// Snapshots kept besides the starting one (seq 0), which is never dropped.
inline constexpr std::size_t kSnapshotsKept = 2;

class Store {
 public:
  // Opens (or creates) DIR/tavle.db, creating DIR when missing. Unless read_only, DIR
  // is first made private (data_dir.hpp: make_private).
  static std::optional<Error> open(const std::string& dir, std::unique_ptr<Store>& out, const OpenOptions& = {});
  // A store over another database whose schema is current (store_pg/ opens a
  // PostgreSQL one: store_pg/pg_store.hpp).
  static std::unique_ptr<Store> over(std::unique_ptr<Database> db);
  // Where the data is: the database file, or the server's URL without its password.
  const std::string& path() const { return path_; }
  // Modes of the data directory and its files that open() had to tighten (0700 for
  // directories, 0600 for files), e.g. "tavle.db: 0644 -> 0600"; for the caller to report.
  const std::vector<std::string>& permissions_fixed() const { return permissions_fixed_; }

  // A new family with a fresh id ("f-" + 12 hex digits).
  std::optional<Error> create_family(const std::string& label, Millis now, FamilyInfo& out);
  std::optional<Error> list_families(std::vector<FamilyInfo>& out);
  // Meetings of one family, oldest first; every meeting when family_id is empty.
  std::optional<Error> list_meetings(const std::string& family_id, std::vector<MeetingInfo>& out);
  std::optional<Error> meeting_info(const std::string& meeting_id, MeetingInfo& out);
  // issue 18: the meeting's lease for this connection, until it closes (docs/server.md,
  // "More than one process"): `held_by` empty when taken, else who holds it.
  std::optional<Error> take_meeting_lease(const std::string& meeting_id, const std::string& holder,
                                          std::string& held_by);

  // A new meeting for the family. With continue_last, it starts from the family's
  // latest meeting through start_next_meeting(); otherwise from an empty board.
  std::optional<Error> create_meeting(const std::string& family_id, const std::string& meeting_id, Millis now,
                                      bool continue_last, Board& out);
  // Stores a board (e.g. read from a file) as a new meeting whose starting state it is.
  // The family is created when the board's family_id is new.
  std::optional<Error> import_meeting(const Board& board, Millis now);

  std::optional<Error> load_meeting(const std::string& meeting_id, LoadedMeeting& out,
                                    Replay = Replay::FromLatestSnapshot);
  // The journal after `after_seq`, in order.
  std::optional<Error> ops_since(const std::string& meeting_id, std::uint64_t after_seq, std::vector<JournaledOp>& out);

  // Appends a batch to the journal in one transaction (one sync): all or nothing.
  // `snapshot`, when given, is stored in the same transaction at the batch's last seq,
  // and all but the newest kSnapshotsKept later snapshots are dropped.
  std::optional<Error> append_ops(const std::string& meeting_id, const std::vector<JournaledOp>& batch,
                                  const Board* snapshot = nullptr);
  // One meeting's part of append_together (what append_ops takes; nothing is owned).
  struct JournalBatch {
    const std::string* meeting_id;
    const std::vector<JournaledOp>* ops;
    const Board* snapshot;  // null: none due
  };
  // Appends several meetings' batches in one transaction (one sync): all or nothing.
  // A server's meetings on one connection commit together this way (group commit
  // across meetings, session/sqlite_journal.hpp).
  std::optional<Error> append_together(const std::vector<JournalBatch>& batches);
  // Keeps the starting snapshot and the newest `keep` others.
  std::optional<Error> prune_snapshots(const std::string& meeting_id, std::size_t keep);

  // Writes the meeting's current state to one JSON file (docs/format.md).
  std::optional<Error> save_meeting_file(const std::string& meeting_id, const std::string& path);
  // Reads a meeting file and imports it; `out` is the board read.
  std::optional<Error> open_meeting_file(const std::string& path, Millis now, Board& out);

  // One point per meeting of the family, ordered by date.
  std::optional<Error> scale_history(const std::string& family_id, std::vector<ScalePoint>& out);
  // Copies the family, its meetings, their journals and snapshots as stored into `to`
  // (e.g. a laptop's SQLite store into the municipality's PostgreSQL, or back), in
  // one transaction there: all or nothing; a family already there is refused. Then
  // checks that every meeting replays there to the state it has here, and logs the
  // move in both access logs (moved_in there, moved_out here). The family stays
  // here: erasing it is the caller's next step (tavle move --erase-source).
  // Rejoin tokens are not copied: devices join the moved meeting anew. The meetings'
  // codes (a server's) are: the family's code works on the other side too.
  std::optional<Error> copy_family(const std::string& family_id, Store& to, const std::string& actor, Millis now,
                                   FamilyCopy& out);

  // Removes every meeting, op and snapshot of the family and the family itself, then
  // rewrites the file (VACUUM) and empties the WAL, so none of it can be read back.
  // The access log keeps only that the family was erased, by `actor` (store/access_log.hpp).
  std::optional<Error> delete_family(const std::string& family_id, const std::string& actor = system_user(),
                                    const std::string& reason = "");

  // Families whose newest meeting was made before `now - retain_days` (a family
  // without meetings: the family itself), oldest first (store/retention.cpp).
  std::optional<Error> families_due_for_deletion(Millis now, int retain_days, std::vector<FamilyDue>& out);

  // The access log (store/access_log.cpp). record_access() sets seq and the hashes.
  std::optional<Error> record_access(AccessEntry entry);
  // Entries of one family (every entry when empty) at or after `since`, oldest first.
  std::optional<Error> read_access_log(const std::string& family_id, Millis since, std::vector<AccessEntry>& out);
  // Checks the whole chain; every place it does not hold is in `problems`. `head` is
  // the last entry's chain hash (to note down: removing entries at the end is only
  // seen against a head noted earlier), `count` the number of entries.
  std::optional<Error> verify_access_log(std::vector<AccessProblem>& problems, std::string& head, std::int64_t& count);

  // issue 13: the rejoin tokens a host handed out for one meeting (docs/security.md),
  // kept per meeting in the encrypted database and erased with the family
  // (store/rejoin_tokens.cpp). save replaces the meeting's set in one transaction.
  std::optional<Error> save_rejoin_tokens(const std::string& meeting_id, const std::vector<StoredRejoinToken>& tokens);
  std::optional<Error> load_rejoin_tokens(const std::string& meeting_id, std::vector<StoredRejoinToken>& out);

  // issue 18: a meeting's codes (MeetingCodes), moved and erased with its family.
  // meeting_codes keeps `if_none` when the meeting has no codes yet, then reads what
  // is kept: of servers asking at once, the first one's codes are everyone's. A
  // meeting the store does not hold: "not_found". replace_room_codes keeps a new
  // room's code and professional code (new_code), and leaves the facilitator key.
  std::optional<Error> meeting_codes(const std::string& meeting_id, const MeetingCodes& if_none, MeetingCodes& out);
  std::optional<Error> replace_room_codes(const std::string& meeting_id, const std::string& join_code,
                                          const std::string& professional_code);
  // The facilitator keys the store keeps for `meeting_ids` (those with codes), by
  // meeting: a server's loaded meetings compare theirs with these (an account's
  // access taken away gives the meetings concerned new keys: store/meeting_codes.cpp).
  std::optional<Error> facilitator_keys(const std::vector<std::string>& meeting_ids,
                                        std::map<std::string, std::string>& out);

  // issue 18: facilitator accounts of a `tavle server` (store/accounts.hpp,
  // store/accounts.cpp, docs/server.md "Accounts"). Each change is one transaction
  // with its access log entry, by `actor`. Passwords are hashed here (Argon2id,
  // store/password.hpp) and never kept or logged in clear.
  std::optional<Error> add_facilitator(const std::string& name, const std::string& password, Millis now,
                                       const std::string& actor);
  // A new password; it also ends the wait after wrong ones.
  std::optional<Error> set_facilitator_password(const std::string& name, const std::string& password, Millis now,
                                                const std::string& actor);
  std::optional<Error> set_facilitator_disabled(const std::string& name, bool disabled, Millis now,
                                                const std::string& actor);
  std::optional<Error> grant_family(const std::string& name, const std::string& family_id, Millis now,
                                    const std::string& actor);
  std::optional<Error> revoke_family(const std::string& name, const std::string& family_id, Millis now,
                                     const std::string& actor);
  std::optional<Error> list_facilitators(std::vector<FacilitatorAccount>& out);
  std::optional<Error> account_exists(const std::string& name, bool& exists);
  // Sign-in: `out.accepted` with the account and its families, or a refusal (for
  // the server's log; tell the person only "refused"). Every outcome costs about
  // one Argon2id check. An Error is only a storage failure.
  // `fresh_address`: the sign-in comes from an address that has made no attempt lately
  // (the server knows; net/server_desk.cpp). Then an account in its wait after wrong
  // passwords still has the password checked: the wait stops the guesser, not the
  // account's owner at another machine (someone who knows the name must not be able to
  // keep a facilitator out). A wrong password from it counts as any other.
  std::optional<Error> verify_facilitator(const std::string& name, const std::string& password, Millis now,
                                          SignInResult& out, bool fresh_address = false);
  // The stamp of `name`'s password as it is now (FacilitatorAccount::stamp); empty
  // when there is no such account.
  std::optional<Error> facilitator_stamp(const std::string& name, std::string& out);
  // True when the account exists, is not disabled and was granted the family.
  std::optional<Error> may_open(const std::string& name, const std::string& family_id, bool& out);

 private:
  Store() = default;
  std::optional<Error> insert_meeting(const Board& start, Millis now);
  std::optional<Error> family_exists(const std::string& family_id, bool& exists);
  // Inside the caller's transaction.
  std::optional<Error> append_access(AccessEntry& entry);
  // Runs `change` and appends `entry` to the access log in one transaction. With
  // `new_keys_for`, the meetings it selects (one parameter: `new_keys_arg`) get new
  // facilitator keys in the same transaction, and the entry says how many.
  std::optional<Error> logged_change(Query& change, AccessEntry entry, const char* new_keys_for = nullptr,
                                     const std::string& new_keys_arg = {});
  // Inside the caller's transaction: new facilitator keys for the meetings
  // `meetings_sql` selects (their ids; one parameter, `arg`).
  std::optional<Error> change_facilitator_keys(const char* meetings_sql, const std::string& arg, std::size_t& changed);
  std::optional<Error> record_consent_changes(const std::string& meeting_id, const std::vector<JournaledOp>& batch);

  std::unique_ptr<Database> db_;
  std::string path_;
  std::vector<std::string> permissions_fixed_;
};

}  // namespace tavle::store
