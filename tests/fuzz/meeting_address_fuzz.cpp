// issue 18: the address people type or paste to join (net/meeting_address.hpp).
// Whatever the text, an accepted address has a plain host, a port of 1..65535 and
// no meeting id or a valid one; its one spelling (text()) reads back as the same
// address; and a refusal leaves nothing half read.
#include <cctype>

#include "net/meeting_address.hpp"
#include "net/static_files.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace tavle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed = fuzz::as_text(data, size);
  net::MeetingAddress a;
  if (auto e = net::parse_meeting_address(typed, a)) {
    fuzz::check(a.host.empty() && a.port == 0 && a.meeting_id.empty() && a.code.empty(), "a refusal reads nothing",
                std::string(typed));
    fuzz::check(e->message.size() < 300, "the message is short and does not repeat the input", e->message);
    return 0;
  }
  const std::string detail = "typed=" + std::string(typed) + "\ntext=" + a.text();
  fuzz::check(size <= net::kMaxMeetingAddressBytes, "nothing longer than the limit is accepted", detail);
  fuzz::check(!a.host.empty() && a.host.size() <= 253, "a host of 1..253 bytes", detail);
  for (char c : a.host)
    fuzz::check(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':',
                "the host is letters, digits, . - and (IPv6) :", detail);
  fuzz::check(a.port >= 1, "a port of 1..65535", detail);
  fuzz::check(a.meeting_id.empty() || net::valid_meeting_id(a.meeting_id), "no meeting id or a valid one", detail);
  for (char c : a.code) fuzz::check(c >= '0' && c <= '9', "a code of digits", detail);
  net::MeetingAddress again;
  fuzz::check(!net::parse_meeting_address(a.text(), again), "its text reads back", detail);
  fuzz::check(again.host == a.host && again.port == a.port && again.meeting_id == a.meeting_id &&
                  again.text() == a.text(),
              "its text reads back as the same address", detail);
  return 0;
}
