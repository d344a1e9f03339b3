// issue 18: the address people type or paste to join (net/meeting_address.hpp):
// a host's HOST:PORT, a server meeting's HOST:PORT/m/ID, and the family's link
// https://HOST:PORT/m/ID/#code=... The hostile inputs first: each gets a plain
// error and leaves nothing half read.
#include "net/meeting_address.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tavle::net {
namespace {

MeetingAddress read(const std::string& typed) {
  MeetingAddress a;
  auto e = parse_meeting_address(typed, a);
  EXPECT_FALSE(e.has_value()) << typed << ": " << (e ? e->message : "");
  return a;
}

// [attack] Oversize, another scheme, user@, a query, ids that climb or are escaped,
// ports out of range, junk after the meeting: refused, and the message repeats none of it.
TEST(MeetingAddress, HostileOrMalformedAddressesAreRefusedWithAPlainMessage) {
  const std::vector<std::string> bad = {
      "",
      "   ",
      std::string(513, 'a') + ":8080",
      "127.0.0.1:8080/m/" + std::string(600, 'x'),
      "127.0.0.1",                       // no port
      "127.0.0.1:",                      // an empty port
      "127.0.0.1:0",
      "127.0.0.1:65536",
      "127.0.0.1:99999999999999999999",  // would overflow
      "127.0.0.1:80a",
      "127.0.0.1:-1",
      ":8080",                           // no host
      "ftp://127.0.0.1:8080/m/a",
      "javascript://127.0.0.1:8080",
      "wss://127.0.0.1:8080/m/a",
      "https://user:pw@127.0.0.1:8080/m/a/",
      "pia@127.0.0.1:8080",
      "127.0.0.1:8080/m/..",
      "127.0.0.1:8080/m/../m-sample",
      "127.0.0.1:8080/m/.hidden",
      "127.0.0.1:8080/m/m%2Dsample",
      "127.0.0.1:8080/m/m-sample/ws",
      "127.0.0.1:8080/m/m-sample//",
      "127.0.0.1:8080/m/",
      "127.0.0.1:8080/m//m-sample",
      "127.0.0.1:8080/M/m-sample",
      "127.0.0.1:8080/ws",
      "127.0.0.1:8080/m/" + std::string(65, 'a'),
      "127.0.0.1:8080/m/m-sample?x=1",
      "127.0.0.1:8080/m/m\xff",
      "127.0.0.1:8080/m/m sample",
      "127.0.0.1:8080/m/m-sample/#code=12ab",
      "127.0.0.1:8080/m/m-sample/#token=abc",
      "127.0.0.1:8080/m/m-sample/#code=123",  // too short for a code
      "host name:8080",
      "ho\x01st:8080",
      "::1:8080",                       // IPv6 without brackets
      "[::1:8080",
      "[]:8080",
      "[127.0.0.1]:8080",
      "[::1]8080",
      "127.0.0.1:8080\n/m/x",
  };
  for (const std::string& typed : bad) {
    MeetingAddress a;
    a.host = "left over";
    auto e = parse_meeting_address(typed, a);
    ASSERT_TRUE(e.has_value()) << "accepted: " << typed;
    EXPECT_EQ(e->code, "invalid");
    EXPECT_NE(e->message.find("expected HOST:PORT"), std::string::npos) << e->message;
    if (typed.size() > 4) EXPECT_EQ(e->message.find(typed), std::string::npos) << "the message repeats the input";
    EXPECT_TRUE(a.host.empty() && a.port == 0 && a.meeting_id.empty()) << "half read: " << typed;
  }
}

TEST(MeetingAddress, AHostsAddressNamesNoMeeting) {
  const MeetingAddress a = read("192.168.1.20:8080");
  EXPECT_EQ(a.host, "192.168.1.20");
  EXPECT_EQ(a.port, 8080);
  EXPECT_EQ(a.meeting_id, "");
  EXPECT_EQ(a.text(), "192.168.1.20:8080");
  EXPECT_EQ(read("  tavle-pc.local:8080/ \n").text(), "tavle-pc.local:8080");
  EXPECT_EQ(read("http://192.168.1.20:8080/#code=4930271568").code, "4930271568");  // a host's tablet link
}

TEST(MeetingAddress, AServerMeetingIsNamedByItsPathAsTypedOrPastedFromTheLink) {
  for (const std::string& typed : {"tavle.kommune.dk:8443/m/m-2026-11-25.a", "tavle.kommune.dk:8443/m/m-2026-11-25.a/",
                                   "https://tavle.kommune.dk:8443/m/m-2026-11-25.a/",
                                   "HTTPS://tavle.kommune.dk:8443/m/m-2026-11-25.a/#code=4930271568",
                                   " https://tavle.kommune.dk:8443/m/m-2026-11-25.a "}) {
    const MeetingAddress a = read(typed);
    EXPECT_EQ(a.host, "tavle.kommune.dk") << typed;
    EXPECT_EQ(a.port, 8443) << typed;
    EXPECT_EQ(a.meeting_id, "m-2026-11-25.a") << typed;
    EXPECT_EQ(a.text(), "tavle.kommune.dk:8443/m/m-2026-11-25.a") << "one spelling per meeting: " << typed;
  }
  EXPECT_EQ(read("https://tavle.kommune.dk:8443/m/m-1/#code=4930271568").code, "4930271568");
  EXPECT_EQ(read("tavle.kommune.dk:8443/m/m-1").code, "");
  // A link without a port: the scheme's.
  EXPECT_EQ(read("https://tavle.kommune.dk/m/m-1/").port, 443);
  EXPECT_EQ(read("http://tavle.kommune.dk/m/m-1/").port, 80);
  // The longest id there may be.
  EXPECT_EQ(read("h:1/m/" + std::string(64, 'a')).meeting_id, std::string(64, 'a'));
}

TEST(MeetingAddress, AnIpv6AddressIsInBracketsAndKeptThatWayInItsText) {
  const MeetingAddress a = read("https://[fe80::1]:8443/m/m-1/");
  EXPECT_EQ(a.host, "fe80::1");
  EXPECT_EQ(a.port, 8443);
  EXPECT_EQ(a.text(), "[fe80::1]:8443/m/m-1");
  EXPECT_EQ(read("[::1]:8080").text(), "[::1]:8080");
}

// What text() makes reads back as itself: the app keys its unsent work by it.
TEST(MeetingAddress, ItsTextReadsBackAsTheSameAddress) {
  for (const std::string& typed : {"a:1", "https://[::1]/m/x/", "h.example:65535/m/Z_9.z-", "http://10.0.0.1/"}) {
    const MeetingAddress a = read(typed);
    const MeetingAddress again = read(a.text());
    EXPECT_EQ(again.host, a.host);
    EXPECT_EQ(again.port, a.port);
    EXPECT_EQ(again.meeting_id, a.meeting_id);
    EXPECT_EQ(again.text(), a.text());
  }
}

}  // namespace
}  // namespace tavle::net
