// issue 18: facilitator accounts (store/accounts.hpp, docs/server.md "Accounts"):
// adding, listing, disabling, new passwords, granting and revoking families, and
// the two questions `tavle server` asks: may this person sign in, and may they
// open this family. Every change is one transaction with its access log entry.
//
// [SECTION] names and waits
// [SECTION] changing accounts
// [SECTION] signing in and opening a family
#include <algorithm>
#include <map>

#include "store/digest.hpp"
#include "store/password.hpp"
#include "store/store.hpp"

namespace tavle::store {

// ---------------------------------------------------------------------------
// [SECTION] names and waits
// ---------------------------------------------------------------------------

bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '@';
  });
}

Millis wait_after_failures(std::int64_t failed_attempts) {
  if (failed_attempts < kFreeFailures) return 0;
  const std::int64_t doublings = std::min<std::int64_t>(failed_attempts - kFreeFailures, 16);
  return std::min<Millis>(kFirstWaitMillis << doublings, kLongestWaitMillis);
}

const char* refusal_name(SignInRefusal r) {
  switch (r) {
    case SignInRefusal::None: return "none";
    case SignInRefusal::NoSuchAccount: return "no_such_account";
    case SignInRefusal::WrongPassword: return "wrong_password";
    case SignInRefusal::Disabled: return "disabled";
    case SignInRefusal::TooManyFailures: return "too_many_failures";
    case SignInRefusal::UnusableHash: return "unusable_hash";
  }
  return "unknown";
}

namespace {

Error no_account(const std::string& name) { return Error{"not_found", "no facilitator account \"" + name + "\""}; }

std::optional<Error> check_name(const std::string& name) {
  if (valid_account_name(name)) return std::nullopt;
  return Error{"invalid", "a facilitator's name is 1 to 64 letters (a-z, A-Z), digits and . _ - @, not \"" + name + "\""};
}

// From the hash's salt only ($argon2id$v=19$m=...,t=...,p=...$SALT$HASH): a new
// password always gets a new random salt, and the server may keep the stamp beside
// every signed-in app's token without keeping anything a password could be tried
// against.
std::string password_stamp(const std::string& stored_hash) {
  const auto last = stored_hash.rfind('$');
  const auto before = last == std::string::npos || last == 0 ? std::string::npos : stored_hash.rfind('$', last - 1);
  const std::string salt =
      before == std::string::npos ? std::string() : stored_hash.substr(before + 1, last - before - 1);
  return sha256_hex("tavle password stamp\n" + salt);
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] changing accounts
// ---------------------------------------------------------------------------

std::optional<Error> Store::account_exists(const std::string& name, bool& exists) {
  Query q(*db_, "SELECT 1 FROM facilitators WHERE name = ?");
  exists = q.bind(1, name).step();
  return q.error();
}

std::optional<Error> Store::logged_change(Query& change, AccessEntry entry, const char* new_keys_for,
                                          const std::string& new_keys_arg) {
  WriteTx tx(*db_);
  if (tx.begin_error()) return tx.begin_error();
  change.step();
  if (change.error()) return change.error();
  if (new_keys_for) {
    std::size_t changed = 0;
    if (auto e = change_facilitator_keys(new_keys_for, new_keys_arg, changed)) return e;
    if (changed > 0) entry.detail += " new_facilitator_keys=" + std::to_string(changed);
  }
  if (auto e = append_access(entry)) return e;
  return tx.commit();
}

namespace {

// The meetings whose facilitator keys an account may have been handed: those of
// the families it may open (one parameter: the account), or of one family.
constexpr const char* kMeetingsOfAccount =
    "SELECT c.meeting_id FROM meeting_codes c JOIN meetings m ON m.id = c.meeting_id "
    "WHERE m.family_id IN (SELECT family_id FROM facilitator_families WHERE name = ?)";
constexpr const char* kMeetingsOfFamily =
    "SELECT c.meeting_id FROM meeting_codes c JOIN meetings m ON m.id = c.meeting_id WHERE m.family_id = ?";

}  // namespace

std::optional<Error> Store::add_facilitator(const std::string& name, const std::string& password, Millis now,
                                            const std::string& actor) {
  if (auto e = check_name(name)) return e;
  bool exists = false;
  if (auto e = account_exists(name, exists)) return e;
  if (exists) return Error{"exists", "there is already a facilitator account \"" + name + "\""};
  std::string hash;
  if (auto e = hash_password(password, hash)) return e;
  Query insert(*db_, "INSERT INTO facilitators(name, password_hash, created) VALUES(?, ?, ?)");
  insert.bind(1, name).bind(2, hash).bind(3, std::int64_t{now});
  return logged_change(insert, {0, now, "", access::kAccountAdded, actor, "facilitator=" + name, false});
}

std::optional<Error> Store::set_facilitator_password(const std::string& name, const std::string& password, Millis now,
                                                     const std::string& actor) {
  bool exists = false;
  if (auto e = account_exists(name, exists)) return e;
  if (!exists) return no_account(name);
  std::string hash;
  if (auto e = hash_password(password, hash)) return e;
  // A new password also ends the wait after wrong ones (the owner has proved who they are to whoever runs this).
  Query update(*db_, "UPDATE facilitators SET password_hash = ?, failed_attempts = 0, last_failure = 0 WHERE name = ?");
  update.bind(1, hash).bind(2, name);
  // A new password is what is done for a lost laptop: its app's keys lead nothing any more.
  return logged_change(update, {0, now, "", access::kPasswordChanged, actor, "facilitator=" + name, false},
                       kMeetingsOfAccount, name);
}

std::optional<Error> Store::set_facilitator_disabled(const std::string& name, bool disabled, Millis now,
                                                     const std::string& actor) {
  Query q(*db_, "SELECT disabled FROM facilitators WHERE name = ?");
  if (!q.bind(1, name).step()) return q.error() ? q.error() : no_account(name);
  if ((q.integer(0) != 0) == disabled) return std::nullopt;  // already so: nothing to change or log
  // Enabling again also ends any wait after wrong passwords.
  Query update(*db_, "UPDATE facilitators SET disabled = ?, failed_attempts = 0, last_failure = 0 WHERE name = ?");
  update.bind(1, std::int64_t{disabled ? now : 0}).bind(2, name);
  return logged_change(update,
                       {0, now, "", disabled ? access::kAccountDisabled : access::kAccountEnabled, actor,
                        "facilitator=" + name, false},
                       disabled ? kMeetingsOfAccount : nullptr, name);
}

std::optional<Error> Store::grant_family(const std::string& name, const std::string& family_id, Millis now,
                                         const std::string& actor) {
  bool exists = false;
  if (auto e = account_exists(name, exists)) return e;
  if (!exists) return no_account(name);
  if (auto e = family_exists(family_id, exists)) return e;
  if (!exists) return Error{"not_found", "no family \"" + family_id + "\" (tavle inspect lists them)"};
  Query granted(*db_, "SELECT 1 FROM facilitator_families WHERE name = ? AND family_id = ?");
  if (granted.bind(1, name).bind(2, family_id).step()) return std::nullopt;  // already: nothing to log
  if (granted.error()) return granted.error();
  Query insert(*db_, "INSERT INTO facilitator_families(name, family_id, granted) VALUES(?, ?, ?)");
  insert.bind(1, name).bind(2, family_id).bind(3, std::int64_t{now});
  return logged_change(insert, {0, now, family_id, access::kFamilyGranted, actor, "facilitator=" + name, false});
}

std::optional<Error> Store::revoke_family(const std::string& name, const std::string& family_id, Millis now,
                                          const std::string& actor) {
  Query granted(*db_, "SELECT 1 FROM facilitator_families WHERE name = ? AND family_id = ?");
  if (!granted.bind(1, name).bind(2, family_id).step())
    return granted.error() ? granted.error()
                           : Error{"not_found", "\"" + name + "\" may not open family \"" + family_id + "\" anyway"};
  Query remove(*db_, "DELETE FROM facilitator_families WHERE name = ? AND family_id = ?");
  remove.bind(1, name).bind(2, family_id);
  return logged_change(remove, {0, now, family_id, access::kFamilyRevoked, actor, "facilitator=" + name, false},
                       kMeetingsOfFamily, family_id);
}

std::optional<Error> Store::list_facilitators(std::vector<FacilitatorAccount>& out) {
  out.clear();
  Query q(*db_, "SELECT name, created, disabled, failed_attempts, last_failure FROM facilitators ORDER BY name");
  while (q.step()) out.push_back({q.text(0), q.integer(1), q.integer(2), q.integer(3), q.integer(4), {}, {}});
  if (q.error()) return q.error();
  Query grants(*db_, "SELECT name, family_id FROM facilitator_families ORDER BY name, family_id");
  std::map<std::string, std::vector<std::string>> families;
  while (grants.step()) families[grants.text(0)].push_back(grants.text(1));
  for (FacilitatorAccount& a : out) a.families = std::move(families[a.name]);
  return grants.error();
}

// ---------------------------------------------------------------------------
// [SECTION] signing in and opening a family
// ---------------------------------------------------------------------------

std::optional<Error> Store::verify_facilitator(const std::string& name, const std::string& password, Millis now,
                                               SignInResult& out, bool fresh_address) {
  out = SignInResult{};
  // Every refusal costs what a wrong password costs: one Argon2id check and one
  // durable write transaction on an account's row. A wrong password's write is its
  // failure count; every other refusal (an unknown name, a disabled account, one in
  // its wait, an unusable hash) writes a row too, leaving it as it was: without that,
  // the time of one synced commit (about 90 ms on SQLite on a loaded disk) would tell
  // an existing name from an unknown one (docs/server.md, "Accounts"). The row is the
  // account's own, or, for a name that is none, the first account's (an empty table
  // writes nothing: then there is no name to tell apart). The write is two UPDATEs of
  // the row in one transaction: a wrong password's count and time; for the other
  // refusals +1 and -1, which changes nothing but is a write the databases cannot
  // skip (SQLite writes no page whose bytes an UPDATE leaves equal).
  auto write_row = [&](const std::string* account, bool count_failure) -> std::optional<Error> {
    const std::string row = account ? " WHERE name = ?" : " WHERE name = (SELECT MIN(name) FROM facilitators)";
    WriteTx tx(*db_);
    if (tx.begin_error()) return tx.begin_error();
    for (const std::string& set : {std::string("failed_attempts = failed_attempts + 1"),
                                  std::string(count_failure ? "last_failure = ?" : "failed_attempts = failed_attempts - 1")}) {
      const std::string sql = "UPDATE facilitators SET " + set + row;
      Query q(*db_, sql.c_str());
      int next = 1;
      if (set.ends_with("?")) q.bind(next++, std::int64_t{now});
      if (account) q.bind(next, *account);
      q.step();
      if (q.error()) return q.error();
    }
    return tx.commit();
  };
  auto refuse = [&](SignInRefusal why, const std::string* account) -> std::optional<Error> {
    check_password_against_nothing(password.size() > kPasswordMaxBytes ? std::string() : password);
    if (auto e = write_row(account, false)) return e;
    out.refusal = why;
    return std::nullopt;
  };
  if (!valid_account_name(name) || password.size() > kPasswordMaxBytes)
    return refuse(SignInRefusal::NoSuchAccount, nullptr);
  Query q(*db_,
          "SELECT password_hash, created, disabled, failed_attempts, last_failure FROM facilitators WHERE name = ?");
  if (!q.bind(1, name).step()) {
    if (q.error()) return q.error();
    return refuse(SignInRefusal::NoSuchAccount, nullptr);
  }
  const std::string hash = q.text(0);
  FacilitatorAccount account{name, q.integer(1), q.integer(2), q.integer(3), q.integer(4), {}, password_stamp(hash)};
  if (account.disabled != 0) return refuse(SignInRefusal::Disabled, &name);
  if (!fresh_address && now < account.last_failure + wait_after_failures(account.failed_attempts))
    return refuse(SignInRefusal::TooManyFailures, &name);
  switch (check_password(hash, password)) {
    case PasswordCheck::Unusable:
      // check_password spent the same time already; the write as for every refusal.
      if (auto e = write_row(&name, false)) return e;
      out.refusal = SignInRefusal::UnusableHash;
      return std::nullopt;
    case PasswordCheck::NoMatch: {
      // Counted in the database, so every server sharing it sees the same count.
      if (auto e = write_row(&name, true)) return e;
      out.refusal = SignInRefusal::WrongPassword;
      return std::nullopt;
    }
    case PasswordCheck::Match: break;
  }
  if (account.failed_attempts != 0) {
    Query reset(*db_, "UPDATE facilitators SET failed_attempts = 0, last_failure = 0 WHERE name = ?");
    reset.bind(1, name).step();
    if (reset.error()) return reset.error();
    account.failed_attempts = 0;
    account.last_failure = 0;
  }
  Query families(*db_, "SELECT family_id FROM facilitator_families WHERE name = ? ORDER BY family_id");
  families.bind(1, name);
  while (families.step()) account.families.push_back(families.text(0));
  if (families.error()) return families.error();
  out.accepted = true;
  out.account = std::move(account);
  return std::nullopt;
}

std::optional<Error> Store::facilitator_stamp(const std::string& name, std::string& out) {
  out.clear();
  Query q(*db_, "SELECT password_hash FROM facilitators WHERE name = ?");
  if (q.bind(1, name).step()) out = password_stamp(q.text(0));
  return q.error();
}

std::optional<Error> Store::may_open(const std::string& name, const std::string& family_id, bool& out) {
  Query q(*db_,
          "SELECT 1 FROM facilitator_families g, facilitators f "
          "WHERE g.name = ? AND g.family_id = ? AND f.name = g.name AND f.disabled = 0");
  out = q.bind(1, name).bind(2, family_id).step();
  return q.error();
}

}  // namespace tavle::store
