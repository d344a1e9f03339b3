// issue 18: facilitator accounts of a `tavle server` (docs/server.md, "Accounts"):
// who may sign in, with which password (an Argon2id hash, store/password.hpp), and
// which families each may open. The Store's methods are in store/accounts.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "board/model.hpp"

namespace tavle::store {

struct FacilitatorAccount {
  std::string name;
  Millis created = 0;
  Millis disabled = 0;  // when it was disabled; 0: it may sign in
  std::int64_t failed_attempts = 0;  // wrong passwords since the last sign-in
  Millis last_failure = 0;
  std::vector<std::string> families;  // the families it may open, sorted
  // A digest of its password's stored hash (verify_facilitator fills it): a new
  // password changes it, so a server ends the sign-ins made with the old one.
  std::string stamp;
};

// Why a sign-in was refused: for the server's security log only. The person
// signing in is told the same thing for each (net's "refused"), and each takes
// about as long (one Argon2id check), so neither says whether a name exists.
enum class SignInRefusal {
  None,
  NoSuchAccount,    // also a name that could not be an account's
  WrongPassword,
  Disabled,
  TooManyFailures,  // the wait after repeated wrong passwords has not passed
  UnusableHash,     // the stored hash is not Argon2id at Tavle's strength: an edited row
};
const char* refusal_name(SignInRefusal);

struct SignInResult {
  bool accepted = false;
  SignInRefusal refusal = SignInRefusal::None;
  FacilitatorAccount account;  // when accepted
};

// Brute force: after kFreeFailures wrong passwords in a row, each further attempt
// must wait (kFirstWait, doubling per failure, at most kLongestWait) after the
// last failure; attempts inside the wait are refused without looking at the
// password and do not count (unless they come from an address that has not been
// guessing: Store::verify_facilitator's fresh_address). A correct sign-in or a new
// password starts again.
inline constexpr std::int64_t kFreeFailures = 5;
inline constexpr Millis kFirstWaitMillis = 30'000;
inline constexpr Millis kLongestWaitMillis = 15 * 60'000;
// How long after `last_failure` the next attempt is looked at (0: at once).
Millis wait_after_failures(std::int64_t failed_attempts);

// Names: 1 to 64 of a-z A-Z 0-9 . _ - @ (a login name or an e-mail address).
bool valid_account_name(const std::string& name);

}  // namespace tavle::store
