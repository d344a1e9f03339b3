// issue 14: times in exports are the meeting's local (Danish) time, whatever zone
// the exporting computer is set to: the approval of a meeting that started at
// 09:00 prints after 09:00, not an hour earlier in UTC.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "board/sample.hpp"
#include "export/local_time.hpp"
#include "tests/export/export_probe.hpp"

namespace tavle::test {
namespace {

using exporting::danish_time;

TEST(LocalTime, WinterIsUtcPlusOneAndSummerUtcPlusTwo) {
  const auto winter = danish_time(1795593600000);  // 2026-11-25 08:00 UTC
  EXPECT_EQ(winter.hour, 9);
  EXPECT_EQ(winter.utc_offset_minutes, 60);
  EXPECT_EQ(winter.weekday, 3) << "a Wednesday";
  const auto summer = danish_time(1782302400000);  // 2026-06-24 12:00 UTC
  EXPECT_EQ(summer.hour, 14);
  EXPECT_EQ(summer.utc_offset_minutes, 120);
}

TEST(LocalTime, TheClockChangesOnTheLastSundaysOfMarchAndOctoberAtOneUtc) {
  // 2026-03-29 00:59:59 UTC is 01:59:59 CET; a second later it is 03:00 CEST.
  EXPECT_EQ(danish_time(1774745999000).hour, 1);
  EXPECT_EQ(danish_time(1774746000000).hour, 3);
  // 2026-10-25 00:59:59 UTC is 02:59:59 CEST; a second later it is 02:00 CET.
  EXPECT_EQ(danish_time(1792889999000).hour, 2);
  EXPECT_EQ(danish_time(1792889999000).utc_offset_minutes, 120);
  EXPECT_EQ(danish_time(1792890000000).hour, 2);
  EXPECT_EQ(danish_time(1792890000000).utc_offset_minutes, 60);
  const auto new_year = danish_time(1798761599000);  // 2026-12-31 23:59:59 UTC
  EXPECT_EQ(new_year.year, 2027);
  EXPECT_EQ(new_year.month, 1);
  EXPECT_EQ(new_year.day, 1);
}

TEST(LocalTime, TheApprovalPrintsInTheMeetingsTimeOnAComputerSetToUtc) {
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  const std::string text = pdf_text(export_or_fail(sample_board(), ExportFormat::Pdf, ExportKind::Plan, "en"));
  if (old) ::setenv("TZ", saved.c_str(), 1);
  else ::unsetenv("TZ");
  ::tzset();
  // The sample starts at 09:00 Danish time and is approved about an hour later.
  const std::size_t at = text.find("The plan was approved by Pia Madsen on 25 November 2026 at 09:");
  EXPECT_NE(at, std::string::npos) << text.substr(text.find("Approval and signatures"), 400);
  EXPECT_EQ(text.find("approved by Pia Madsen on 25 November 2026 at 08:"), std::string::npos)
      << "the approval printed in UTC, before the meeting began";
}

}  // namespace
}  // namespace tavle::test
