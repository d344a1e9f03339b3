// TLS on the host's one port and in the native client (docs/protocol.md,
// "Encryption"): the host's certificate (the municipality's, or one Tavle makes
// once per installation), its SHA-256 fingerprint, and how a client checks the
// host (a pinned fingerprint from the join information, or a CA file). All
// cryptography is OpenSSL's; nothing here is home-made.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "board/error.hpp"
#include "net/fingerprint.hpp"

namespace boost::asio::ssl {
class context;
}

namespace tavle::net {

// A certificate (chain, leaf first) with its private key, both PEM.
struct TlsIdentity {
  std::string certificate_pem;
  std::string key_pem;
  std::string fingerprint;  // SHA-256 of the leaf certificate: "AB:CD:...", 32 pairs
  bool self_signed = false;
};

// The installation's own certificate files in a data directory.
inline constexpr const char* kOwnCertificateFile = "tls-cert.pem";
inline constexpr const char* kOwnKeyFile = "tls-key.pem";

// Reads a certificate (chain) and its key (`tavle host --tls-cert F --tls-key F`),
// checking that they belong together and that the key file is not readable by every
// user of the machine.
std::optional<Error> load_tls_identity(const std::filesystem::path& certificate, const std::filesystem::path& key,
                                       TlsIdentity& out);
// A new self-signed certificate (EC P-256, valid 10 years) named for this machine.
std::optional<Error> make_self_signed_identity(TlsIdentity& out);
// The installation's own certificate in `dir` (key mode 0600): read when it is
// there, else made once and kept. `created` says which.
std::optional<Error> own_tls_identity(const std::filesystem::path& dir, TlsIdentity& out, bool& created);

// The host's side: a TLS 1.2+ server context with `identity`.
std::shared_ptr<boost::asio::ssl::context> server_context(const TlsIdentity& identity);

// How a native client knows it reached the meeting it was invited to.
struct HostCheck {
  std::string fingerprint;  // pinned from the join information: the certificate must have it
  std::string ca_file;      // else a CA (the municipality's) that issued the host's certificate
  // Neither: the system's trusted CAs and the host's name (a publicly trusted certificate).
};

// What the client saw during the handshake, to explain a refusal in plain words.
struct HostCheckResult {
  std::string seen_fingerprint;  // the host's leaf certificate
  bool fingerprint_mismatch = false;
  bool untrusted = false;  // no pin: the certificate is not from a trusted CA, or not for this host name
};

// The client's side: a TLS 1.2+ client context that checks the host as `check`
// says, for `host_name` (checked against the certificate when no fingerprint is
// pinned). `result` is filled during each handshake.
std::optional<Error> client_context(const HostCheck& check, const std::string& host_name,
                                    const std::shared_ptr<HostCheckResult>& result,
                                    std::shared_ptr<boost::asio::ssl::context>& out);

// The message a facilitator reads when the host is not the one the join
// information names (no OpenSSL error text).
std::string wrong_host_message(const std::string& expected, const std::string& seen);
// The same for a host whose certificate no trusted CA vouches for (no fingerprint pinned).
std::string untrusted_host_message(const std::string& seen);

}  // namespace tavle::net
