#include "net/fingerprint.hpp"

#include <cctype>

namespace tavle::net {

std::optional<std::string> normalise_fingerprint(std::string_view typed) {
  if (typed.size() >= 7 && (typed.substr(0, 7) == "SHA256:" || typed.substr(0, 7) == "sha256:")) typed.remove_prefix(7);
  std::string hex;
  for (char c : typed) {
    if (c == ':' || c == ' ' || c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 64) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ':';
    out += hex.substr(i, 2);
  }
  return out;
}

}  // namespace tavle::net
