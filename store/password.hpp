// issue 18: facilitators' passwords (docs/server.md, "Accounts"), hashed with
// Argon2id from libargon2 (Debian's libargon2-dev), kept in the standard encoded
// form "$argon2id$v=19$m=...,t=...,p=...$SALT$HASH" and never in clear.
//
// The parameters are fixed here and their cost on this machine is in
// docs/server.md (bench/password_cost.sh measures it). A stored hash is only
// checked when it is Argon2id at least this strong (and not absurdly costly),
// so a row edited to a weaker hash, or to garbage, is refused, never "verified".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "board/error.hpp"

namespace tavle::store {

// 46 MiB, 2 passes, 1 lane: twice the work of OWASP's Password Storage Cheat Sheet's
// Argon2id minimum (46 MiB with 1 pass, or 19 MiB with 2), about 75 ms of one core
// per sign-in on the project's 2-core machine (docs/server.md). One lane: a sign-in
// takes one core, never all of a small server's.
inline constexpr std::uint32_t kArgon2MemoryKiB = 47104;
inline constexpr std::uint32_t kArgon2Passes = 2;
inline constexpr std::uint32_t kArgon2Lanes = 1;
inline constexpr std::size_t kArgon2SaltBytes = 16;  // from getrandom(2)
inline constexpr std::size_t kArgon2HashBytes = 32;
// A stored hash asking for more than this is refused too: an edited row must not
// make each sign-in take gigabytes or minutes.
inline constexpr std::uint32_t kArgon2MaxMemoryKiB = 262144;  // 256 MiB
inline constexpr std::uint32_t kArgon2MaxPasses = 10;
inline constexpr std::uint32_t kArgon2MaxLanes = 8;

// What a person may choose as password: 10 to 1024 bytes, no control characters
// (a password file's line end is not part of it). The Error says why in plain words.
inline constexpr std::size_t kPasswordMinBytes = 10;
inline constexpr std::size_t kPasswordMaxBytes = 1024;
std::optional<Error> check_new_password(const std::string& password);

// The encoded Argon2id hash of `password` with a fresh salt from the kernel.
std::optional<Error> hash_password(const std::string& password, std::string& encoded);

enum class PasswordCheck {
  Match,
  NoMatch,
  Unusable,  // not an Argon2id hash within the limits above: refused without checking
};

// Compares in constant time (libargon2's argon2id_verify). An Unusable hash costs
// the same as a real one: a hash of the standard parameters is checked instead,
// so a refusal's time does not tell which it was.
PasswordCheck check_password(const std::string& encoded, const std::string& password);

// The same work as check_password with a real hash, answering NoMatch: for a name
// that has no account, so that it takes as long as a wrong password.
void check_password_against_nothing(const std::string& password);

// Overwrites the bytes of a password that is no longer needed.
void wipe(std::string& secret);

}  // namespace tavle::store
