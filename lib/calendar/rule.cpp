// SPDX-License-Identifier: MIT
#include "calendar/rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <set>
#include <vector>

#include "calendar/ical_rule.hpp"
#include "calendar/rule_parts.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::calendar {
namespace {

using namespace std::chrono;

[[noreturn]] void refuse(std::string_view why) {
  throw Error(Errc::invalid_argument, fmt::format("rrule: {}", why));
}

using Freq = Frequency;

constexpr std::array<std::string_view, 7> kWeekdays = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

bool is_weekday(std::string_view s) {
  return std::find(kWeekdays.begin(), kWeekdays.end(), s) != kWeekdays.end();
}

// A signed decimal ("+3", "-1", "12"); nullopt when it is not one.
std::optional<long> integer(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.size() > 9 || s.front() == '+') return std::nullopt;
  long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  while (true) {
    const auto at = s.find(sep, begin);
    out.push_back(
        s.substr(begin, at == std::string_view::npos ? std::string_view::npos : at - begin));
    if (at == std::string_view::npos) return out;
    begin = at + 1;
  }
}

// A list of integers, each nonzero with |x| <= limit (or 1..limit when !negative_ok).
std::vector<long> int_list(std::string_view part, std::string_view value, long limit,
                           bool negative_ok = true) {
  std::vector<long> out;
  for (auto item : split(value, ',')) {
    const auto n = integer(item);
    const bool ok = n && *n != 0 && *n <= limit && *n >= (negative_ok ? -limit : 1);
    if (!ok) {
      refuse(negative_ok
                 ? fmt::format("{} values must be between -{} and {}, not 0 ('{}')", part, limit,
                               limit, item)
                 : fmt::format("{} values must be between 1 and {} ('{}')", part, limit, item));
    }
    out.push_back(*n);
  }
  return out;
}

int digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

Timestamp parse_until(std::string_view v, bool all_day) {
  const bool all_digits_date = v.size() >= 8 && std::all_of(v.begin(), v.begin() + 8, [](char c) {
                                 return c >= '0' && c <= '9';
                               });
  bool form_ok = all_digits_date && v.size() == (all_day ? 8u : 16u);
  if (form_ok && !all_day) {
    form_ok = v[8] == 'T' && v[15] == 'Z' && std::all_of(v.begin() + 9, v.begin() + 15, [](char c) {
                return c >= '0' && c <= '9';
              });
  }
  if (!form_ok) {
    refuse(all_day
               ? fmt::format("UNTIL must be a date (YYYYMMDD) for an all-day event, not '{}'", v)
               : fmt::format(
                     "UNTIL must be a UTC time (YYYYMMDDTHHMMSSZ) for a timed event, not '{}'", v));
  }
  const year_month_day ymd{year{digits(v, 0, 4)}, month{static_cast<unsigned>(digits(v, 4, 2))},
                           day{static_cast<unsigned>(digits(v, 6, 2))}};
  if (!ymd.ok() || ymd.year() < year{1}) refuse(fmt::format("UNTIL is not a valid date ('{}')", v));
  Timestamp t{sys_days{ymd}};
  if (!all_day) {
    const int h = digits(v, 9, 2), m = digits(v, 11, 2), s = digits(v, 13, 2);
    if (h > 23 || m > 59 || s > 59) refuse(fmt::format("UNTIL is not a valid time ('{}')", v));
    t += hours{h} + minutes{m} + seconds{s};
  }
  return t;
}

// The days of `months` (all when empty) on which BYMONTHDAY can fall: one must exist.
bool some_month_has_day(const std::vector<long>& months, const std::vector<long>& monthdays) {
  constexpr std::array<long, 12> kLongest = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (long m = 1; m <= 12; ++m) {
    if (!months.empty() && std::find(months.begin(), months.end(), m) == months.end()) continue;
    for (long d : monthdays) {
      if ((d > 0 ? d : -d) <= kLongest[static_cast<std::size_t>(m - 1)]) return true;
    }
  }
  return false;
}

}  // namespace

RuleParts parse_rule(std::string_view input, bool all_day) {
  if (input.size() > 1000) refuse("the rule is too long (at most 1000 characters)");
  RuleParts out;
  out.text.reserve(input.size());
  for (char c : input) out.text += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out.text.empty()) refuse("FREQ is required");

  std::optional<Freq> freq;
  std::set<std::string_view> seen;
  std::vector<long> months, monthdays;
  bool byday_ordinals = false, byweekno = false;
  long max_ordinal = 0;  // BYDAY's, checked against FREQ once it is known
  std::vector<std::string_view> pattern_parts;
  for (auto part : split(out.text, ';')) {
    const auto eq = part.find('=');
    const auto name = part.substr(0, eq);
    if (name.empty())
      refuse(part.empty() ? "empty part (two ';' in a row?)" : "a part has no name");
    if (eq == std::string_view::npos || eq + 1 == part.size())
      refuse(fmt::format("{} needs a value", name));
    const auto value = part.substr(eq + 1);
    if (name == "BYHOUR" || name == "BYMINUTE" || name == "BYSECOND") {
      refuse(fmt::format("{} is not supported (events repeat at most daily)", name));
    }
    static constexpr std::array<std::string_view, 11> kKnown = {
        "FREQ",    "INTERVAL",  "COUNT",    "UNTIL",    "BYDAY", "BYMONTHDAY",
        "BYMONTH", "BYYEARDAY", "BYWEEKNO", "BYSETPOS", "WKST"};
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      refuse(fmt::format("{} is not a known part", name.substr(0, 32)));
    }
    if (!seen.insert(name).second) refuse(fmt::format("{} is given twice", name));
    if (name != "COUNT" && name != "UNTIL") pattern_parts.push_back(part);

    if (name == "FREQ") {
      if (value == "DAILY")
        freq = Freq::daily;
      else if (value == "WEEKLY")
        freq = Freq::weekly;
      else if (value == "MONTHLY")
        freq = Freq::monthly;
      else if (value == "YEARLY")
        freq = Freq::yearly;
      else if (value == "SECONDLY" || value == "MINUTELY" || value == "HOURLY")
        refuse(fmt::format("FREQ={} is not supported (events repeat at most daily)", value));
      else
        refuse(fmt::format("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not '{}'",
                           value.substr(0, 32)));
    } else if (name == "INTERVAL") {
      const auto n = integer(value);
      if (!n || *n < 1 || *n > 10000 || value.front() == '-')
        refuse(fmt::format("INTERVAL must be a whole number from 1 to 10000, not '{}'",
                           value.substr(0, 32)));
    } else if (name == "COUNT") {
      const auto n = integer(value);
      if (!n || *n < 1 || *n > 1'000'000)
        refuse(fmt::format("COUNT must be a whole number from 1 to 1000000, not '{}'",
                           value.substr(0, 32)));
      out.count = static_cast<std::uint32_t>(*n);
    } else if (name == "UNTIL") {
      out.until = parse_until(value, all_day);
    } else if (name == "BYMONTHDAY") {
      monthdays = int_list(name, value, 31);
    } else if (name == "BYMONTH") {
      months = int_list(name, value, 12, false);
    } else if (name == "BYYEARDAY") {
      int_list(name, value, 366);
    } else if (name == "BYWEEKNO") {
      int_list(name, value, 53);
      byweekno = true;
    } else if (name == "BYSETPOS") {
      int_list(name, value, 366);
    } else if (name == "WKST") {
      if (!is_weekday(value))
        refuse(fmt::format("WKST must be a weekday (MO..SU), not '{}'", value.substr(0, 32)));
    } else if (name == "BYDAY") {
      for (auto item : split(value, ',')) {
        if (item.size() < 2 || !is_weekday(item.substr(item.size() - 2))) {
          refuse(fmt::format("BYDAY values must be weekdays such as MO, 1MO or -1FR, not '{}'",
                             item.substr(0, 32)));
        }
        if (item.size() > 2) {
          const auto n = integer(item.substr(0, item.size() - 2));
          if (!n || *n == 0 || *n > 53 || *n < -53)
            refuse(fmt::format("BYDAY ordinal must be between -53 and 53, not 0 ('{}')", item));
          byday_ordinals = true;
          max_ordinal = std::max(max_ordinal, *n < 0 ? -*n : *n);
        }
      }
    }
  }
  if (!freq) refuse("FREQ is required");
  out.freq = *freq;
  if (out.count && out.until) refuse("COUNT and UNTIL cannot both be given");
  if (byday_ordinals && *freq != Freq::monthly && *freq != Freq::yearly)
    refuse("BYDAY ordinals (such as 1MO or -1FR) need FREQ=MONTHLY or FREQ=YEARLY");
  if (byday_ordinals && *freq == Freq::monthly && max_ordinal > 5)
    refuse("BYDAY ordinals must be between -5 and 5 with FREQ=MONTHLY");
  if (byday_ordinals && byweekno) refuse("BYDAY ordinals cannot be combined with BYWEEKNO");
  if (byweekno && *freq != Freq::yearly) refuse("BYWEEKNO needs FREQ=YEARLY");
  if (seen.count("BYYEARDAY") != 0 && *freq != Freq::yearly) refuse("BYYEARDAY needs FREQ=YEARLY");
  if (seen.count("BYMONTHDAY") != 0 && *freq == Freq::weekly)
    refuse("BYMONTHDAY cannot be used with FREQ=WEEKLY");
  if (!monthdays.empty() && !some_month_has_day(months, monthdays))
    refuse("the rule never produces an occurrence");

  for (std::size_t i = 0; i < pattern_parts.size(); ++i) {
    if (i != 0) out.pattern += ';';
    out.pattern += pattern_parts[i];
  }
  return out;
}

std::string normalize_rule(std::string_view text, bool all_day, const Zone& zone, Floating start) {
  RuleParts parts = parse_rule(text, all_day);
  if (parts.until) {
    const bool before =
        all_day ? *parts.until < floor<days>(start) : *parts.until < zone.to_utc(start);
    if (before) refuse("UNTIL is before the start");
  }
  if (floor<days>(start) > sys_days{year{kLastIcalYear} / 12 / 31}) {
    refuse(fmt::format("a repeating event must start before the year {}", kLastIcalYear + 1));
  }
  // One instance of its own (after the start) within 400 years, the Gregorian cycle — or
  // libical's range. Bounded by libical giving up at the end of that range.
  const Floating last = sys_days{year{kLastIcalYear + 1} / 1 / 1} - seconds{1};
  const Floating horizon = std::min(Floating{start + years{400}}, last);
  IcalRule rule(parts.pattern + ";UNTIL=" + ical_text(horizon), start);
  bool produces = false;
  for (int step = 0; step < 1000; ++step) {
    const auto next = rule.next();
    if (!next || *next > horizon) break;
    if (*next > start) {
      produces = true;
      break;
    }
  }
  if (!produces && horizon == last) {
    refuse(fmt::format("the rule produces no occurrence before the year {}", kLastIcalYear + 1));
  }
  if (!produces) refuse("the rule never produces an occurrence");
  return std::move(parts.text);
}

}  // namespace eventcollab::calendar
