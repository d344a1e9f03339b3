// The meeting's secrets: join codes, the facilitator key, rejoin tokens and
// host-made ids. One random source (std::random_device, the kernel's) and one
// comparison that takes the same time however many characters match.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"

namespace tavle::net {

// The room's code: 10 digits (docs/security.md, "Guessing the code", for why 10).
inline constexpr int kJoinCodeDigits = 10;
// The professional code (shown only on the facilitator's own screen): 12 digits.
inline constexpr int kProfessionalCodeDigits = 12;

std::string random_join_code(int digits = kJoinCodeDigits);
std::string random_professional_code();
// 128 bits as 32 hex digits: the facilitator key and rejoin tokens.
std::string random_facilitator_key();
std::string random_token();
std::string random_hex(int digits);

// Equal texts, compared in time that depends on the lengths only.
bool same_secret(std::string_view given, std::string_view expected);

// A code chosen by hand (`tavle host --code`, the app's own field) must be as hard
// to guess as a random one: at least 1e10 possibilities (10 digits, or 7 letters
// and digits). `what` names the option in the error.
std::optional<Error> check_code_strength(std::string_view code, std::string_view what);

// A secret kept in a file only its owner may read (mode 0600 or stricter): the
// facilitator key instead of a command-line argument, which other users of the
// machine see in the process list. Surrounding whitespace is dropped.
std::optional<Error> read_secret_file(const std::string& path, std::string& out);
// Writes `text` to `path`, created (or truncated) with mode 0600.
std::optional<Error> write_secret_file(const std::string& path, const std::string& text);

}  // namespace tavle::net
