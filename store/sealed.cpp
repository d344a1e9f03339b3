#include "store/sealed.hpp"

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

namespace tavle::store {

namespace {

// The sealed form: magic, nonce, ciphertext, tag. The magic names the format's
// version and is authenticated with the purpose.
constexpr std::string_view kMagic = "TAVLE-SEALED-1\n";
constexpr std::size_t kNonce = 12, kTag = 16, kKey = 32;

std::optional<Error> key_bytes(const std::string& hex, std::array<unsigned char, kKey>& out) {
  if (hex.size() != 2 * kKey) return Error{"invalid", "the database key is not 64 hex digits"};
  for (std::size_t i = 0; i < kKey; ++i) {
    int v = 0;
    for (char c : hex.substr(2 * i, 2)) {
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return Error{"invalid", "the database key is not 64 hex digits"};
    }
    out[i] = static_cast<unsigned char>(v);
  }
  return std::nullopt;
}

// HKDF-SHA256(database key, info = purpose): one key per purpose.
std::optional<Error> derive(const std::string& key_hex, std::string_view purpose, std::array<unsigned char, kKey>& out) {
  std::array<unsigned char, kKey> master{};
  if (auto e = key_bytes(key_hex, master)) return e;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr),
                                                                  EVP_PKEY_CTX_free);
  std::size_t length = out.size();
  const bool ok = ctx && EVP_PKEY_derive_init(ctx.get()) > 0 && EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) > 0 &&
                  EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), master.data(), static_cast<int>(master.size())) > 0 &&
                  EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), reinterpret_cast<const unsigned char*>(purpose.data()),
                                              static_cast<int>(purpose.size())) > 0 &&
                  EVP_PKEY_derive(ctx.get(), out.data(), &length) > 0 && length == out.size();
  if (!ok) return Error{"crypto", "cannot derive a key (OpenSSL)"};
  return std::nullopt;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string associated(std::string_view purpose) { return std::string(kMagic) + std::string(purpose); }

}  // namespace

std::optional<Error> seal(std::string_view plain, const std::string& key_hex, std::string_view purpose,
                          std::string& sealed) {
  std::array<unsigned char, kKey> key{};
  if (auto e = derive(key_hex, purpose, key)) return e;
  std::array<unsigned char, kNonce> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) return Error{"crypto", "no random numbers (OpenSSL)"};
  const std::string aad = associated(purpose);
  std::string out(kMagic);
  out.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  const std::size_t body = out.size();
  out.resize(body + plain.size() + kTag);
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, last = 0;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), dst + body, &n, reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), dst + body + n, &last) == 1 &&
      static_cast<std::size_t>(n + last) == plain.size() &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag), dst + body + plain.size()) == 1;
  if (!ok) return Error{"crypto", "cannot encrypt (OpenSSL)"};
  sealed = std::move(out);
  return std::nullopt;
}

std::optional<Error> unseal(std::string_view sealed, const std::string& key_hex, std::string_view purpose,
                            std::string& plain) {
  if (sealed.size() < kMagic.size() + kNonce + kTag || sealed.substr(0, kMagic.size()) != kMagic)
    return Error{"invalid", "not a sealed Tavle file"};
  std::array<unsigned char, kKey> key{};
  if (auto e = derive(key_hex, purpose, key)) return e;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + kMagic.size());
  const std::string_view body = sealed.substr(kMagic.size() + kNonce, sealed.size() - kMagic.size() - kNonce - kTag);
  std::string tag(sealed.substr(sealed.size() - kTag));
  const std::string aad = associated(purpose);
  std::string out(body.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, last = 0;
  const bool ready =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n,
                        reinterpret_cast<const unsigned char*>(body.data()), static_cast<int>(body.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) == 1;
  if (!ready) return Error{"crypto", "cannot decrypt (OpenSSL)"};
  // The tag is checked here: another key, another purpose or a changed byte fails.
  if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &last) != 1)
    return Error{"wrong_key", "does not open with this computer's database key (another user's, or changed on disk)"};
  out.resize(static_cast<std::size_t>(n + last));
  plain = std::move(out);
  return std::nullopt;
}

}  // namespace tavle::store
