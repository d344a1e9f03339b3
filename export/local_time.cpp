// issue 14: see export/local_time.hpp.
#include "export/local_time.hpp"

namespace tavle::exporting {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back
// (H. Hinnant's algorithms, public domain).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Seconds since the epoch of the last Sunday of `month` in `year`, 01:00 UTC.
std::int64_t last_sunday_0100_utc(int year, unsigned month) {
  const std::int64_t days = days_from_civil(year, month, 31);  // March and October both have 31 days
  const std::int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
  return (days - weekday) * 86400 + 3600;
}

}  // namespace

LocalTime danish_time(std::int64_t millis) {
  const std::int64_t utc_seconds = floor_div(millis, 1000);
  int year = 0, month = 0, day = 0;
  civil_from_days(floor_div(utc_seconds, 86400), year, month, day);
  const bool summer = utc_seconds >= last_sunday_0100_utc(year, 3) && utc_seconds < last_sunday_0100_utc(year, 10);
  LocalTime t;
  t.utc_offset_minutes = summer ? 120 : 60;
  const std::int64_t local = utc_seconds + t.utc_offset_minutes * 60;
  const std::int64_t days = floor_div(local, 86400);
  civil_from_days(days, t.year, t.month, t.day);
  const std::int64_t in_day = local - days * 86400;
  t.hour = static_cast<int>(in_day / 3600);
  t.minute = static_cast<int>(in_day % 3600 / 60);
  t.second = static_cast<int>(in_day % 60);
  t.weekday = static_cast<int>(((days % 7) + 11) % 7);
  return t;
}

}  // namespace tavle::exporting
