// SPDX-License-Identifier: MIT
// Helpers of the calendar suites: times written as text, series built in one line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calendar/expansion.hpp"
#include "calendar/rule.hpp"
#include "calendar/zone.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab::test {

/// "2026-03-08T02:30:00" as a floating local time.
inline calendar::Floating local(std::string_view text) {
  return parse_rfc3339(std::string(text) + "Z");
}

/// "2026-03-08" as the floating midnight of that day.
inline calendar::Floating date(std::string_view text) {
  return parse_rfc3339(std::string(text) + "T00:00:00Z");
}

/// "2026-03-08T07:30:00Z" as an instant.
inline Timestamp utc(std::string_view text) { return parse_rfc3339(text); }

/// A floating time as text without the zone suffix ("2026-03-08T02:30:00").
inline std::string local_text(calendar::Floating t) {
  auto s = format_rfc3339(t);
  s.pop_back();
  return s;
}

/// Every instance overlapping [from, to).
inline std::vector<calendar::Instance> instances(const calendar::Series& series, Timestamp from,
                                                 Timestamp to) {
  std::vector<calendar::Instance> out;
  calendar::expand(series, from, to, [&](const calendar::Instance& i) {
    out.push_back(i);
    return true;
  });
  return out;
}

/// The local start times (in the series' zone) of every instance overlapping [from, to).
inline std::vector<std::string> local_starts(const calendar::Series& series, Timestamp from,
                                             Timestamp to) {
  std::vector<std::string> out;
  for (const auto& i : instances(series, from, to)) {
    out.push_back(local_text(series.all_day ? i.start : series.zone.to_local(i.start)));
  }
  return out;
}

/// A timed series starting at the local time `start` in `zone`, lasting `minutes`.
inline calendar::Series timed_series(std::string_view zone, std::string_view start,
                                     std::string_view rule, int minutes = 60) {
  calendar::Series s;
  s.zone = calendar::Zone::find(zone);
  s.start = s.zone.to_utc(local(start));
  s.end = s.start + std::chrono::minutes{minutes};
  s.rrule = calendar::normalize_rule(rule, false, s.zone, local(start));
  return s;
}

/// An all-day series from the date `start`, `days` days long.
inline calendar::Series all_day_series(std::string_view zone, std::string_view start,
                                       std::string_view rule, int days = 1) {
  calendar::Series s;
  s.all_day = true;
  s.zone = calendar::Zone::find(zone);
  s.start = date(start);
  s.end = s.start + std::chrono::days{days};
  s.rrule = calendar::normalize_rule(rule, true, s.zone, s.start);
  return s;
}

}  // namespace eventcollab::test
