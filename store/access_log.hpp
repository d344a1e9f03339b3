// The access log (docs/privacy.md, "Access log"): every time a family's data is
// opened, hosted, joined, exported, erased or its consent changed, one entry: when,
// who, what. Never card text. It lives in the encrypted database beside the data it
// is about, and its entries are hash-chained (SHA-256, OpenSSL): entry N's chain
// hash is SHA-256(chain hash of N-1 + content hash of N), and the content hash
// covers every field and a random salt. So a changed, removed or inserted entry
// breaks the chain at a place `tavle audit` names.
//
// Erasing a family redacts its entries: their fields and salt are emptied, their
// content hash and chain hash stay, so the chain still verifies and nothing of the
// family remains but that there were entries and that it was erased.
#pragma once

#include <cstdint>
#include <string>

#include "board/model.hpp"

namespace tavle::store {

namespace access {
inline constexpr const char* kOpened = "opened";
inline constexpr const char* kHosted = "hosted";
inline constexpr const char* kJoined = "joined";
inline constexpr const char* kExported = "exported";
inline constexpr const char* kErased = "erased";
inline constexpr const char* kConsentChanged = "consent_changed";
inline constexpr const char* kPurged = "purged";
inline constexpr const char* kMovedIn = "moved_in";    // a family copied here from another store
inline constexpr const char* kMovedOut = "moved_out";  // a family copied from here to another store
// issue 18: facilitator accounts (store/accounts.hpp); a grant or revocation is
// the family's entry (redacted with it), the others belong to no family.
inline constexpr const char* kAccountAdded = "account_added";
inline constexpr const char* kAccountDisabled = "account_disabled";
inline constexpr const char* kAccountEnabled = "account_enabled";
inline constexpr const char* kPasswordChanged = "password_changed";
inline constexpr const char* kFamilyGranted = "family_granted";
inline constexpr const char* kFamilyRevoked = "family_revoked";
}  // namespace access

struct AccessEntry {
  std::int64_t seq = 0;  // set when recorded
  Millis at = 0;
  std::string family_id;
  std::string action;  // one of access::k*
  std::string actor;   // who: "Pia Holm (user pia)", "Mette (professional)"
  std::string detail;  // what: the meeting, the role, the file written; never card text
  bool redacted = false;  // the family was erased; only that an entry was here remains
};

// A place where the chain does not hold.
struct AccessProblem {
  std::int64_t seq = 0;
  std::string what;
};

// Who is at the keyboard of this process: "user NAME" (the operating system's).
std::string system_user();

}  // namespace tavle::store
