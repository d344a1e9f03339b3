// Encrypting a plain database that an earlier Tavle wrote, once, in place and
// safely: the encrypted copy is written beside it (tavle.db.encrypting), synced,
// and renamed over the plain file. A crash before the rename leaves the plain file
// as it was (the next start removes the half copy and begins again); after it, the
// encrypted file is whole. Nothing is lost at any point.
#pragma once

#include <optional>
#include <string>

#include "board/error.hpp"

namespace tavle::store {

// The moments of the migration, for a test that kills the process at each.
enum class EncryptStep { PlainCheckpointed = 1, CopyWritten, CopySynced, Renamed };
using EncryptHook = void (*)(EncryptStep);

// `path` must be a plain Tavle database (already checked); `key_hex` the key the
// encrypted file gets. Any error leaves the plain file as it was.
std::optional<Error> encrypt_plain_database(const std::string& path, const std::string& key_hex,
                                            EncryptHook hook = nullptr);

}  // namespace tavle::store
