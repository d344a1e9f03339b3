// The tablet page over HTTPS (docs/protocol.md, "Encryption"): a real `tavle host`
// with a certificate, and headless Chromium that trusts exactly that certificate
// (its public key pinned with --ignore-certificate-errors-spki-list, as a
// municipality's device management would trust its CA). The page and its
// WebSocket must be https and wss (plain http:// being sent on to https is
// WebRoot.OnePortServesHttpsAndSendsPlainHttpOnToHttps in tests/net/tls_test.cpp).
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "net/secrets.hpp"
#include "net/tls.hpp"
#include "tests/web/headless_chromium.hpp"
#include "probe/host_process.hpp"

namespace tavle::webtest {
namespace {

using probe::HostProcess;

namespace fs = std::filesystem;

constexpr const char* kCode = "4930271568";

// base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's SPKI list names.
std::string spki_hash(const std::string& certificate_pem) {
  BIO* bio = BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size()));
  X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!certificate) return "";
  unsigned char* der = nullptr;
  const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(der, static_cast<std::size_t>(size), digest, &digest_size, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  X509_free(certificate);
  unsigned char text[64] = {};
  EVP_EncodeBlock(text, digest, static_cast<int>(digest_size));
  return reinterpret_cast<char*>(text);
}

class TabletHttps : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "chromium is not installed (CI installs it through .ci/install)";
    dir_ = fs::temp_directory_path() / ("tavle-https-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    ASSERT_FALSE(net::make_self_signed_identity(identity_));
    std::ofstream(dir_ / "cert.pem") << identity_.certificate_pem;
    ASSERT_FALSE(net::write_secret_file((dir_ / "key.pem").string(), identity_.key_pem));
  }
  void TearDown() override {
    browser_.reset();
    host_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void start(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"--tls-cert", (dir_ / "cert.pem").string(), "--tls-key", (dir_ / "key.pem").string()};
    args.insert(args.end(), more.begin(), more.end());
    host_ = std::make_unique<HostProcess>(TAVLE_BINARY, kCode, TAVLE_WEB_ROOT, args);
    browser_ = std::make_unique<HeadlessChromium>(
        chromium_, 1180, 820, std::vector<std::string>{"--ignore-certificate-errors-spki-list=" + spki_hash(identity_.certificate_pem)});
  }

  std::string https_url() const { return "https://127.0.0.1:" + std::to_string(host_->port()) + "/"; }

  // Joins as family on the page at `url`; true once the page says it is connected.
  bool join_as_family(const std::string& url) {
    browser_->navigate(url + "#code=" + kCode);
    if (!browser_->wait_for("!document.querySelector('#join-screen').hidden")) return false;
    browser_->evaluate("document.querySelector('#join-name').value = 'Line (mor)'; "
                       "document.querySelector('#join-button').click(); true");
    return browser_->wait_for("document.querySelector('#connection').classList.contains('state-connected')");
  }

  std::string chromium_;
  fs::path dir_;
  net::TlsIdentity identity_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<HeadlessChromium> browser_;
};

TEST_F(TabletHttps, ThePageAndItsWebSocketAreEncrypted) {
  start();
  EXPECT_EQ(host_->fingerprint(), identity_.fingerprint);
  // An https page may open only wss:// (Chromium blocks ws:// there as mixed
  // content), so a connected page on https proves its WebSocket is encrypted too.
  ASSERT_TRUE(join_as_family(https_url()));
  EXPECT_EQ(browser_->evaluate("location.protocol"), "https:");
}

TEST_F(TabletHttps, WithThePlainFamilyViewAllowedTheTabletAlsoJoinsOverHttp) {
  start({"--allow-plain-family"});
  ASSERT_TRUE(join_as_family("http://127.0.0.1:" + std::to_string(host_->port()) + "/"));
  EXPECT_EQ(browser_->evaluate("location.protocol"), "http:");
}

}  // namespace
}  // namespace tavle::webtest
