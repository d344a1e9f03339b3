// LAN discovery datagrams (net/discovery): any datagram is either ignored or an
// announcement within the limits, whose own encoding parses back to itself.
#include "net/discovery.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto datagram = fuzz::as_text(data, size);
  const auto a = net::parse_announcement(datagram);
  if (!a) return 0;
  const std::string detail = "datagram=" + std::string(datagram);
  fuzz::check(a->port != 0, "port is not 0", detail);
  fuzz::check(!a->id.empty() && a->id.size() <= net::kMaxAnnouncedIdBytes, "id within its limit", detail);
  fuzz::check(a->name.size() <= net::kMaxAnnouncedNameBytes, "name within its limit", detail);
  for (char c : a->name)
    fuzz::check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "no control characters in the name", detail);
  const std::string again = net::announcement_json(*a);
  fuzz::check(again.size() <= net::kMaxAnnouncementBytes, "a re-encoded announcement fits a datagram", detail);
  const auto b = net::parse_announcement(again);
  fuzz::check(b.has_value(), "a re-encoded announcement parses", detail + "\nagain=" + again);
  fuzz::check(b->port == a->port && b->name == a->name && b->id == a->id, "round trip keeps port, name and id",
              detail + "\nagain=" + again);
  return 0;
}
