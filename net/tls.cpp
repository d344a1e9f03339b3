// [SECTION] reading and writing PEM, fingerprints
// [SECTION] the host's certificate: given, or made once per installation
// [SECTION] contexts: the host's, and the client's check of the host
#include "net/tls.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/verify_context.hpp>
#include <cctype>
#include <fstream>

#include "net/discovery.hpp"
#include "net/fingerprint.hpp"
#include "net/secrets.hpp"

namespace tavle::net {

namespace ssl = boost::asio::ssl;

namespace {

// [SECTION] reading and writing PEM, fingerprints

struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
struct X509Free { void operator()(X509* x) const { X509_free(x); } };
struct KeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
using Bio = std::unique_ptr<BIO, BioFree>;
using Certificate = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Bio memory_of(const std::string& text) { return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size()))); }

std::string text_of(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

// OpenSSL's last reason, for the log of a file that could not be read.
std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "not understood";
  const char* reason = ERR_reason_error_string(code);
  return reason ? reason : "not understood";
}

std::string fingerprint_of(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!X509_digest(certificate, EVP_sha256(), digest, &size)) return "";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

bool read_whole(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Fills `out` from PEM texts already read, checking that key and certificate match.
std::optional<Error> identity_from_pem(std::string certificate_pem, std::string key_pem, const std::string& where,
                                       TlsIdentity& out) {
  Bio cert_bio = memory_of(certificate_pem);
  Certificate leaf(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!leaf) return Error{"invalid", where + ": no PEM certificate in it (" + openssl_reason() + ")"};
  Bio key_bio = memory_of(key_pem);
  Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Error{"invalid", where + ": no unencrypted PEM private key in it (" + openssl_reason() + ")"};
  if (X509_check_private_key(leaf.get(), key.get()) != 1) {
    ERR_clear_error();
    return Error{"invalid", where + ": the private key does not belong to the certificate"};
  }
  out.certificate_pem = std::move(certificate_pem);
  out.key_pem = std::move(key_pem);
  out.fingerprint = fingerprint_of(leaf.get());
  out.self_signed = X509_check_issued(leaf.get(), leaf.get()) == X509_V_OK;
  return std::nullopt;
}

bool add_extension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  if (!extension) return false;
  const bool ok = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return ok;
}

// A host name fit for a subjectAltName entry (letters, digits, dots, dashes).
bool dns_name(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  return true;
}

}  // namespace

// [SECTION] the host's certificate: given, or made once per installation

std::optional<Error> load_tls_identity(const std::filesystem::path& certificate, const std::filesystem::path& key,
                                       TlsIdentity& out) {
  std::string certificate_pem, key_pem;
  if (!read_whole(certificate, certificate_pem))
    return Error{"not_found", "--tls-cert \"" + certificate.string() + "\": cannot read it"};
  struct stat st {};
  if (::stat(key.c_str(), &st) != 0 || !read_whole(key, key_pem))
    return Error{"not_found", "--tls-key \"" + key.string() + "\": cannot read it"};
  if (st.st_mode & S_IROTH)
    return Error{"invalid", "--tls-key \"" + key.string() +
                                "\": every user of this machine can read the private key; make it private (chmod 600)"};
  return identity_from_pem(std::move(certificate_pem), std::move(key_pem),
                           "--tls-cert/--tls-key \"" + certificate.string() + "\"", out);
}

std::optional<Error> make_self_signed_identity(TlsIdentity& out) {
  Key key(EVP_EC_gen("P-256"));
  Certificate certificate(X509_new());
  if (!key || !certificate) return Error{"io", "cannot make a key for the certificate: " + openssl_reason()};
  X509* x = certificate.get();
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return Error{"io", "no random numbers for the certificate"};
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool ok_serial = serial_number && BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(x));
  BN_free(serial_number);
  std::string name = machine_name();
  if (!dns_name(name)) name = "tavle";
  X509_NAME* subject = X509_get_subject_name(x);
  const std::string common_name = "Tavle meeting on " + name;
  bool ok = ok_serial && X509_set_version(x, 2) &&
            X509_gmtime_adj(X509_getm_notBefore(x), -24L * 3600) &&
            X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 24 * 3600) &&
            X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>("Tavle"), -1, -1, 0) &&
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) &&
            X509_set_issuer_name(x, subject) && X509_set_pubkey(x, key.get()) &&
            add_extension(x, NID_basic_constraints, "critical,CA:FALSE") &&
            add_extension(x, NID_subject_alt_name, "DNS:" + name + ",DNS:localhost,IP:127.0.0.1,IP:::1") &&
            add_extension(x, NID_ext_key_usage, "serverAuth") && X509_sign(x, key.get(), EVP_sha256()) > 0;
  if (!ok) return Error{"io", "cannot make the certificate: " + openssl_reason()};
  Bio cert_out(BIO_new(BIO_s_mem()));
  Bio key_out(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(cert_out.get(), x) ||
      !PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
    return Error{"io", "cannot write the certificate: " + openssl_reason()};
  return identity_from_pem(text_of(cert_out.get()), text_of(key_out.get()), "the new certificate", out);
}

std::optional<Error> own_tls_identity(const std::filesystem::path& dir, TlsIdentity& out, bool& created) {
  const auto cert_path = dir / kOwnCertificateFile;
  const auto key_path = dir / kOwnKeyFile;
  std::error_code ec;
  created = false;
  if (std::filesystem::exists(cert_path, ec) && std::filesystem::exists(key_path, ec)) {
    std::string certificate_pem, key_pem;
    if (auto e = read_secret_file(key_path.string(), key_pem)) return e;  // refuses a key others may read
    if (!read_whole(cert_path, certificate_pem)) return Error{"io", "\"" + cert_path.string() + "\": cannot read it"};
    return identity_from_pem(std::move(certificate_pem), key_pem + "\n", "\"" + cert_path.string() + "\"", out);
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"io", "\"" + dir.string() + "\": cannot make the directory: " + ec.message()};
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  if (auto e = make_self_signed_identity(out)) return e;
  // The key first: a certificate without its key would be read back as broken.
  if (auto e = write_secret_file(key_path.string(), out.key_pem)) return e;
  if (auto e = write_secret_file(cert_path.string(), out.certificate_pem)) return e;
  created = true;
  return std::nullopt;
}

// [SECTION] contexts: the host's, and the client's check of the host

std::shared_ptr<ssl::context> server_context(const TlsIdentity& identity) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  // A client may not ask for handshake after handshake (each costs the host a key
  // operation): OpenSSL 3 refuses that by default, and this says so whatever its defaults.
  SSL_CTX_set_options(context->native_handle(), SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  context->use_certificate_chain(boost::asio::buffer(identity.certificate_pem));
  context->use_private_key(boost::asio::buffer(identity.key_pem), ssl::context::pem);
  return context;
}

std::optional<Error> client_context(const HostCheck& check, const std::string& host_name,
                                    const std::shared_ptr<HostCheckResult>& result,
                                    std::shared_ptr<ssl::context>& out) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  context->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (!check.fingerprint.empty()) {
    const auto pinned = normalise_fingerprint(check.fingerprint);
    if (!pinned) return Error{"invalid", "the fingerprint \"" + check.fingerprint + "\" is not 32 pairs of hex digits"};
    // The pin decides: a self-signed certificate is fine when it is the one the
    // join information names, and no certificate is fine when it is not.
    context->set_verify_callback([result, expected = *pinned](bool, ssl::verify_context& verify) {
      X509_STORE_CTX* store = verify.native_handle();
      if (X509_STORE_CTX_get_error_depth(store) > 0) return true;
      const std::string seen = fingerprint_of(X509_STORE_CTX_get_current_cert(store));
      result->seen_fingerprint = seen;
      result->fingerprint_mismatch = seen != expected;
      return seen == expected;
    });
    out = std::move(context);
    return std::nullopt;
  }
  if (!check.ca_file.empty()) {
    context->load_verify_file(check.ca_file, ec);
    if (ec) return Error{"invalid", "the CA file \"" + check.ca_file + "\" cannot be read as PEM certificates"};
  } else {
    context->set_default_verify_paths(ec);
  }
  context->set_verify_callback(
      [result, verify_name = ssl::host_name_verification(host_name)](bool preverified, ssl::verify_context& verify) {
        // The host's own certificate, whichever certificate of its chain is being
        // looked at: an untrusted CA is refused before the leaf's turn comes.
        X509_STORE_CTX* store = verify.native_handle();
        if (X509* leaf = X509_STORE_CTX_get0_cert(store)) result->seen_fingerprint = fingerprint_of(leaf);
        const bool ok = verify_name(preverified, verify);
        if (!ok) result->untrusted = true;
        return ok;
      });
  out = std::move(context);
  return std::nullopt;
}

std::string untrusted_host_message(const std::string& seen) {
  return "The host's certificate is not one this computer trusts (fingerprint " + seen +
         "). Ask the facilitator for the meeting's fingerprint and join with it.";
}

std::string wrong_host_message(const std::string& expected, const std::string& seen) {
  return "This is not the meeting you were invited to: the host's fingerprint is " + seen +
         " but the join information says " + expected +
         ". Someone may be listening in between. Do not join; ask the facilitator to read out the fingerprint "
         "on their screen.";
}

}  // namespace tavle::net
