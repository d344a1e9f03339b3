#include "net/meeting_address.hpp"

#include <algorithm>
#include <cctype>

#include "net/static_files.hpp"

namespace tavle::net {

namespace {

// The message never repeats what was typed: it may be long, or a password pasted
// into the wrong field.
Error invalid(const std::string& why) {
  return Error{"invalid", "address: " + why +
                              "; expected HOST:PORT, HOST:PORT/m/MEETING or the meeting's https:// link"};
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char lower, char c) {
           return std::tolower(static_cast<unsigned char>(c)) == lower;
         });
}

std::string_view trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool all_of(std::string_view s, bool (*ok)(char)) { return std::all_of(s.begin(), s.end(), ok); }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }
bool ipv6_char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// HOST:PORT, [IPV6]:PORT, or either without the port when the scheme gave one.
std::optional<Error> read_authority(std::string_view authority, unsigned default_port, MeetingAddress& out) {
  if (authority.find('@') != std::string_view::npos) return invalid("a user name (user@) is not part of it");
  std::string_view host, rest;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return invalid("an IPv6 address without its closing ]");
    host = authority.substr(1, close - 1);
    rest = authority.substr(close + 1);
    if (host.empty() || host.size() > 45 || !all_of(host, ipv6_char) || host.find(':') == std::string_view::npos)
      return invalid("not an IPv6 address in [ ]");
  } else {
    const auto colon = authority.find(':');
    if (colon != authority.rfind(':')) return invalid("an IPv6 address goes in [brackets]");
    host = authority.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
    if (host.size() > 253 || !all_of(host, name_char)) return invalid("a host is letters, digits, . and -");
  }
  if (host.empty()) return invalid("no host");
  unsigned long port = default_port;
  if (!rest.empty()) {
    if (rest.front() != ':') return invalid("a port follows the host after :");
    const std::string_view digits = rest.substr(1);
    if (digits.empty() || digits.size() > 5 || !all_of(digits, digit)) return invalid("the port is a number from 1 to 65535");
    port = 0;
    for (char c : digits) port = port * 10 + static_cast<unsigned long>(c - '0');
  } else if (default_port == 0) {
    return invalid("no port (HOST:PORT)");
  }
  if (port < 1 || port > 65535) return invalid("the port is a number from 1 to 65535");
  out.host = std::string(host);
  out.port = static_cast<unsigned short>(port);
  return std::nullopt;
}

}  // namespace

std::string MeetingAddress::text() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port) + (meeting_id.empty() ? "" : "/m/" + meeting_id);
}

std::optional<Error> parse_meeting_address(std::string_view typed, MeetingAddress& out) {
  out = MeetingAddress{};
  if (typed.size() > kMaxMeetingAddressBytes)
    return invalid("longer than " + std::to_string(kMaxMeetingAddressBytes) + " bytes");
  std::string_view s = trimmed(typed);
  if (s.empty()) return invalid("empty");
  unsigned default_port = 0;
  if (starts_with_ci(s, "https://")) {
    s.remove_prefix(8);
    default_port = 443;
  } else if (starts_with_ci(s, "http://")) {
    s.remove_prefix(7);
    default_port = 80;
  } else if (s.find("://") != std::string_view::npos) {
    return invalid("only an https:// or http:// link");
  }
  std::string_view fragment;
  if (const auto hash = s.find('#'); hash != std::string_view::npos) {
    fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (s.find('?') != std::string_view::npos) return invalid("a query (?...) is not part of it");
  const auto slash = s.find('/');
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  MeetingAddress read;
  if (auto e = read_authority(s.substr(0, slash), default_port, read)) return e;
  // The path: none, "/" (a host's page), or a server meeting's /m/ID or /m/ID/.
  if (path.size() > 1) {
    if (!path.starts_with("/m/")) return invalid("after HOST:PORT only /m/MEETING may follow");
    std::string_view id = path.substr(3);
    if (id.ends_with('/')) id.remove_suffix(1);
    // The id's own rule (net/static_files.hpp): no '/', '%', "..", nothing that could be read twice.
    if (!valid_meeting_id(id)) return invalid("the meeting after /m/ is 1 to 64 letters, digits, - _ . (not first .)");
    read.meeting_id = std::string(id);
  }
  // The tablet link's fragment: the room's code, which the join form may take.
  if (!fragment.empty()) {
    const std::string_view code = fragment.starts_with("code=") ? fragment.substr(5) : std::string_view();
    if (code.size() < 4 || code.size() > 12 || !all_of(code, digit)) return invalid("after # only code=DIGITS");
    read.code = std::string(code);
  }
  out = std::move(read);
  return std::nullopt;
}

}  // namespace tavle::net
