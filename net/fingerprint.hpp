// A certificate's SHA-256 fingerprint as Tavle prints, announces and pins it:
// 32 upper-case hex pairs joined by colons. Kept apart from net/tls.hpp so that
// code without OpenSSL (the LAN announcements, their fuzz harness) can check one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tavle::net {

// A fingerprint as a person may type or paste it (hex pairs with or without
// colons, spaces or dashes, any case, an optional "SHA256:" in front), in the
// printed form; nullopt when it is not 32 bytes of hex.
std::optional<std::string> normalise_fingerprint(std::string_view typed);

}  // namespace tavle::net
