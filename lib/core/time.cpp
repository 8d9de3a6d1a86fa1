// SPDX-License-Identifier: MIT
#include "eventcollab/time.hpp"
#include "eventcollab/calendar.hpp"

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab {
namespace {

using namespace std::chrono;

[[noreturn]] void bad_time(std::string_view why) {
  throw Error(Errc::invalid_argument, fmt::format("invalid RFC 3339 time: {}", why));
}

// Reads exactly `n` ASCII digits at `pos`.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) bad_time("too short; expected e.g. 2026-05-01T09:00:00Z");
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') bad_time("expected a digit; format is YYYY-MM-DDTHH:MM:SSZ");
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

void expect(std::string_view s, std::size_t pos, char c) {
  if (pos >= s.size() || s[pos] != c) {
    bad_time(fmt::format("expected '{}' at position {}", c, pos + 1));
  }
}

}  // namespace

void require_supported_time(std::string_view what, Timestamp t) {
  if (t < kMinTime || t > kMaxTime) {
    throw Error(Errc::invalid_argument,
                fmt::format("{} must lie between {} and {}", what, format_rfc3339(kMinTime),
                            format_rfc3339(kMaxTime)));
  }
}

Timestamp system_now() { return time_point_cast<seconds>(system_clock::now()); }

Timestamp parse_rfc3339(std::string_view s) {
  if (s.size() > 64) bad_time("too long");
  const int y = digits(s, 0, 4);
  expect(s, 4, '-');
  const int mo = digits(s, 5, 2);
  expect(s, 7, '-');
  const int d = digits(s, 8, 2);
  if (s.size() <= 10)
    bad_time("a time of day and an offset are required, e.g. 2026-05-01T09:00:00Z");
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') bad_time("expected 'T' between date and time");
  const int h = digits(s, 11, 2);
  expect(s, 13, ':');
  const int mi = digits(s, 14, 2);
  expect(s, 16, ':');
  const int sec = digits(s, 17, 2);
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == first) bad_time("a '.' must be followed by digits");
  }
  if (pos >= s.size()) bad_time("an offset is required (Z or +hh:mm)");
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    const int oh = digits(s, pos + 1, 2);
    expect(s, pos + 3, ':');
    const int om = digits(s, pos + 4, 2);
    if (oh > 23 || om > 59) bad_time("offset out of range");
    offset_minutes = sign * (oh * 60 + om);
    pos += 6;
  } else {
    bad_time("an offset is required (Z or +hh:mm)");
  }
  if (pos != s.size()) bad_time("unexpected text after the offset");

  if (y < 1) bad_time("year must be between 0001 and 9999");
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) bad_time(fmt::format("{:04}-{:02}-{:02} is not a calendar date", y, mo, d));
  if (h > 23 || mi > 59) bad_time("time of day out of range");
  if (sec > 59) bad_time("seconds out of range (leap seconds are not supported)");

  const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  const auto utc = time_point_cast<seconds>(local - minutes{offset_minutes});
  try {
    require_supported_time("the instant in UTC", utc);
  } catch (const Error& e) {
    bad_time(e.what());
  }
  return utc;
}

std::string format_rfc3339(Timestamp t) {
  const auto day_point = floor<days>(t);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{t - day_point};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace eventcollab

namespace eventcollab {

CivilDate parse_date(std::string_view s) {
  const auto bad = [&](std::string_view why) -> CivilDate {
    throw Error(Errc::invalid_argument, fmt::format("invalid date: {}; expected YYYY-MM-DD", why));
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad("wrong form");
  int parts[3] = {0, 0, 0};
  const std::size_t at[3] = {0, 5, 8};
  const std::size_t len[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (std::size_t i = at[k]; i < at[k] + len[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return bad("expected a digit");
      parts[k] = parts[k] * 10 + (s[i] - '0');
    }
  }
  const CivilDate date{std::chrono::year{parts[0]},
                       std::chrono::month{static_cast<unsigned>(parts[1])},
                       std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (parts[0] < 1 || !date.ok()) return bad("no such day");
  return date;
}

std::string format_date(CivilDate d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

}  // namespace eventcollab
