// issue 14: times in exports are the meeting's local time, not the exporting
// computer's zone. Tavle serves Danish municipalities, so a meeting's clock is
// Danish time: CET (UTC+1), and CEST (UTC+2) from the last Sunday of March 01:00
// UTC to the last Sunday of October 01:00 UTC (the EU rule, fixed since 1996).
// Computed here, not with localtime(), so a laptop or server set to UTC prints the
// approval at 10:30, after a meeting that started at 09:00, and not at 09:30.
#pragma once

#include <cstdint>

namespace tavle::exporting {

struct LocalTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 4;         // 0 = Sunday
  int utc_offset_minutes = 60;
};

// `millis` since the Unix epoch (UTC) as the wall clock in Denmark.
LocalTime danish_time(std::int64_t millis);

}  // namespace tavle::exporting
