// issue 18: Argon2id hashing and checking of facilitators' passwords
// (store/password.hpp, docs/server.md "Accounts").
#include "store/password.hpp"

#include <argon2.h>
#include <string.h>
#include <sys/random.h>

#include <string_view>

namespace tavle::store {
namespace {

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool base64_run(std::string_view text, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) return false;
  for (char c : text)
    if (!is_base64_char(c)) return false;
  return true;
}

// "NAME=DIGITS" at the front of `text`, the number within [min, max]; consumes it.
bool take_number(std::string_view& text, std::string_view name, std::uint32_t min, std::uint32_t max,
                 std::uint32_t& out) {
  if (text.substr(0, name.size()) != name) return false;
  text.remove_prefix(name.size());
  std::uint64_t value = 0;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9' && digits < 10)
    value = value * 10 + static_cast<std::uint64_t>(text[digits++] - '0');
  if (digits == 0 || (digits > 1 && text[0] == '0') || value < min || value > max) return false;
  text.remove_prefix(digits);
  out = static_cast<std::uint32_t>(value);
  return true;
}

// The stored text is Argon2id, version 1.3, within the limits of password.hpp, with
// a salt of 16 to 64 bytes and a 32-byte hash (unpadded base64). Nothing else is
// handed to the library.
bool usable(const std::string& encoded) {
  std::string_view rest(encoded);
  const std::string_view head = "$argon2id$v=19$";
  if (rest.substr(0, head.size()) != head) return false;
  rest.remove_prefix(head.size());
  std::uint32_t m = 0, t = 0, p = 0;
  if (!take_number(rest, "m=", kArgon2MemoryKiB, kArgon2MaxMemoryKiB, m)) return false;
  if (!take_number(rest, ",t=", kArgon2Passes, kArgon2MaxPasses, t)) return false;
  if (!take_number(rest, ",p=", kArgon2Lanes, kArgon2MaxLanes, p)) return false;
  if (m < 8 * p || rest.empty() || rest[0] != '$') return false;  // Argon2 itself needs 8 KiB per lane
  rest.remove_prefix(1);
  const std::size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos) return false;
  return base64_run(rest.substr(0, dollar), 22, 86) && base64_run(rest.substr(dollar + 1), 43, 43);
}

// The hash an absent or unusable account is checked against: the standard
// parameters, so that the work is the same. Made once; its password is never asked.
const std::string& nothing_hash() {
  static const std::string hash = [] {
    const unsigned char salt[kArgon2SaltBytes] = {};
    char encoded[160] = {};
    argon2id_hash_encoded(kArgon2Passes, kArgon2MemoryKiB, kArgon2Lanes, "no account", 10, salt, sizeof salt,
                          kArgon2HashBytes, encoded, sizeof encoded);
    return std::string(encoded);
  }();
  return hash;
}

}  // namespace

std::optional<Error> check_new_password(const std::string& password) {
  if (password.size() < kPasswordMinBytes)
    return Error{"weak_password", "the password is too short: at least " + std::to_string(kPasswordMinBytes) +
                                      " characters (a few words make a good one)"};
  if (password.size() > kPasswordMaxBytes)
    return Error{"weak_password", "the password is too long: at most " + std::to_string(kPasswordMaxBytes) + " bytes"};
  for (unsigned char c : password)
    if (c < 0x20 || c == 0x7f)
      return Error{"weak_password", "the password holds a control character (a tab, a line break or similar)"};
  return std::nullopt;
}

std::optional<Error> hash_password(const std::string& password, std::string& encoded) {
  if (auto e = check_new_password(password)) return e;
  unsigned char salt[kArgon2SaltBytes];
  if (::getrandom(salt, sizeof salt, 0) != static_cast<ssize_t>(sizeof salt))
    return Error{"crypto", "no random numbers from the kernel for the password's salt"};
  const std::size_t length = argon2_encodedlen(kArgon2Passes, kArgon2MemoryKiB, kArgon2Lanes, sizeof salt,
                                               kArgon2HashBytes, Argon2_id);
  std::string out(length, '\0');
  const int result = argon2id_hash_encoded(kArgon2Passes, kArgon2MemoryKiB, kArgon2Lanes, password.data(),
                                           password.size(), salt, sizeof salt, kArgon2HashBytes, out.data(), length);
  explicit_bzero(salt, sizeof salt);
  if (result != ARGON2_OK) return Error{"crypto", std::string("cannot hash the password: ") + argon2_error_message(result)};
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  encoded = std::move(out);
  return std::nullopt;
}

PasswordCheck check_password(const std::string& encoded, const std::string& password) {
  if (!usable(encoded)) {
    check_password_against_nothing(password);
    return PasswordCheck::Unusable;
  }
  // argon2id_verify recomputes the hash with the stored salt and parameters and
  // compares it in constant time.
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK ? PasswordCheck::Match
                                                                                          : PasswordCheck::NoMatch;
}

void check_password_against_nothing(const std::string& password) {
  argon2id_verify(nothing_hash().c_str(), password.data(), password.size());
}

void wipe(std::string& secret) {
  explicit_bzero(secret.data(), secret.size());
  secret.clear();
}

}  // namespace tavle::store
