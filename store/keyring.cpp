// The database key in the desktop keyring, through libsecret (the Secret Service
// API that GNOME Keyring and KWallet offer). Only a keyring already running on the
// session bus is used: asking the bus to start one could wait on an unlock prompt
// nobody sees (a headless host, a test).
#include <libsecret/secret.h>

#include <cstdlib>
#include <string>

#include "store/database_key.hpp"

namespace tavle::store {
namespace {

const SecretSchema* key_schema() {
  static const SecretSchema schema = [] {
    SecretSchema s{};
    s.name = "dk.tavle.DatabaseKey";
    s.flags = SECRET_SCHEMA_NONE;
    s.attributes[0] = {"purpose", SECRET_SCHEMA_ATTRIBUTE_STRING};
    return s;
  }();
  return &schema;
}

Error keyring_error(GError* error, const char* what) {
  Error e{"keyring", std::string("the desktop keyring could not ") + what + ": " +
                         (error && error->message ? error->message : "no reason given")};
  if (error) g_error_free(error);
  return e;
}

}  // namespace

bool keyring_running() {
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (!bus || !*bus) return false;  // never let GLib autolaunch a bus
  GError* error = nullptr;
  GDBusConnection* connection = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
  if (!connection) {
    if (error) g_error_free(error);
    return false;
  }
  GVariant* reply = g_dbus_connection_call_sync(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                "org.freedesktop.DBus", "NameHasOwner",
                                                g_variant_new("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE("(b)"),
                                                G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, &error);
  gboolean has_owner = FALSE;
  if (reply) {
    g_variant_get(reply, "(b)", &has_owner);
    g_variant_unref(reply);
  }
  if (error) g_error_free(error);
  g_object_unref(connection);
  return has_owner;
}

std::optional<Error> keyring_lookup(std::string& hex, bool& found) {
  GError* error = nullptr;
  gchar* secret = secret_password_lookup_sync(key_schema(), nullptr, &error, "purpose", "database", nullptr);
  if (error) return keyring_error(error, "be read");
  found = secret != nullptr;
  if (secret) {
    hex = secret;
    secret_password_free(secret);
  }
  return std::nullopt;
}

std::optional<Error> keyring_store(const std::string& hex) {
  GError* error = nullptr;
  const gboolean stored = secret_password_store_sync(key_schema(), SECRET_COLLECTION_DEFAULT, "Tavle: database key",
                                                     hex.c_str(), nullptr, &error, "purpose", "database", nullptr);
  if (!stored || error) return keyring_error(error, "keep the database key");
  return std::nullopt;
}

}  // namespace tavle::store
