// The key of the encrypted database, kept away from the data (docs/privacy.md):
// a key file the municipality provides (--key-file), else the desktop keyring
// (Secret Service, through libsecret) where one runs, else a key file only this
// user can read in the user's config directory ($XDG_CONFIG_HOME/tavle). One key
// per user; made once (256 random bits from the kernel) the first time it is needed.
#pragma once

#include <optional>
#include <string>

#include <memory>

#include "board/error.hpp"
#include "store/schema.hpp"

namespace tavle::store {

inline constexpr const char* kKeyFileName = "database.key";

struct KeySource {
  std::string key_file;  // --key-file FILE; empty: the keyring or the user's key file
  std::string data_dir;  // the data directory: a key file inside it is refused
  bool use_keyring = true;
};

struct DatabaseKey {
  std::string hex;    // 64 hex digits
  std::string where;  // said to the user: "the desktop keyring" or the file's path
  bool made = false;  // true when this call made a new key
};

// $XDG_CONFIG_HOME/tavle, else ~/.config/tavle; empty when neither is set.
std::string config_directory();

std::optional<Error> find_database_key(const KeySource&, DatabaseKey& out);

// Reads a key file: 64 hex digits (e.g. `openssl rand -hex 32`), readable by its
// owner only, not inside `data_dir`.
std::optional<Error> read_key_file(const std::string& path, const std::string& data_dir, std::string& hex);

class Store;
// The one way Tavle's programs open their store: finds the key (`key_file` when
// given, else the keyring or the user's key file) and opens DIR/tavle.db with it.
// `key`, when given, says where the key came from.
std::optional<Error> open_private_store(const std::string& dir, const std::string& key_file, std::unique_ptr<Store>& out,
                                        OpenOptions options = {}, DatabaseKey* key = nullptr);

// The desktop keyring (store/keyring.cpp). running(): a Secret Service is on the
// session bus now (never starts one). lookup() sets `found`; both give an Error when
// the keyring answers with one (e.g. it stays locked).
bool keyring_running();
std::optional<Error> keyring_lookup(std::string& hex, bool& found);
std::optional<Error> keyring_store(const std::string& hex);

}  // namespace tavle::store
