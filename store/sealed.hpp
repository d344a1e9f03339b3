// Small things kept beside the store that must be as private as the store itself
// (the app's unsent work, session/outbox.hpp), sealed with the database's key
// (store/database_key.hpp, docs/privacy.md): AES-256-GCM, OpenSSL's, under a key
// derived from the database key with HKDF-SHA256 for one purpose, so the database
// key itself never encrypts with a second cipher and a file sealed for one purpose
// does not open as another. Sealing authenticates too: a changed byte is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"

namespace tavle::store {

// `key_hex`: the 64 hex digits of find_database_key(). `purpose`: a fixed name
// such as "tavle unsent work".
std::optional<Error> seal(std::string_view plain, const std::string& key_hex, std::string_view purpose,
                          std::string& sealed);
// Error "invalid" when `sealed` is not a sealed text, "wrong_key" when it does
// not open with this key and purpose (another key, or changed on disk).
std::optional<Error> unseal(std::string_view sealed, const std::string& key_hex, std::string_view purpose,
                            std::string& plain);

}  // namespace tavle::store
