// SPDX-License-Identifier: MIT
// Calendar value types: civil dates, occurrence overrides, occurrences, busy intervals.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/export.hpp"
#include "eventcollab/share.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// Identifies an event; assigned by the store, never reused.
using EventId = std::int64_t;

/// A day of the proleptic Gregorian calendar, with no zone.
using CivilDate = std::chrono::year_month_day;

/// How an all-day event's dates are held in a Timestamp: the date's midnight as if in UTC.
/// Its day in the event's time zone is the same date.
inline constexpr Timestamp to_timestamp(CivilDate date) {
  return Timestamp{std::chrono::sys_days{date}};
}

/// The date of a Timestamp that holds one (see to_timestamp).
inline constexpr CivilDate civil_date(Timestamp t) {
  return CivilDate{std::chrono::floor<std::chrono::days>(t)};
}

/// True when `t` is a whole date's midnight, as an all-day event's times must be.
inline constexpr bool is_date(Timestamp t) {
  return t == Timestamp{std::chrono::floor<std::chrono::days>(t)};
}

/// Parses `YYYY-MM-DD` (years 0001-9999). Throws Error: invalid_argument.
EVENTCOLLAB_EXPORT CivilDate parse_date(std::string_view text);

/// Formats as `YYYY-MM-DD`.
EVENTCOLLAB_EXPORT std::string format_date(CivilDate date);

/// An instant as a person in `zone` reads it: "2026-05-04 09:00 CEST" (the zone's
/// abbreviation at that instant, "+0545" where the zone has none).
/// Throws Error: invalid_argument (an unknown zone).
EVENTCOLLAB_EXPORT std::string format_local(Timestamp t, std::string_view zone);

/// Maximum span of a window of occurrences, free/busy or conflicts.
inline constexpr std::chrono::days kMaxWindow{366};

/// A half-open span of time [from, to): at most kMaxWindow long, from < to.
struct TimeWindow {
  Timestamp from{};
  Timestamp to{};
};

/// One changed occurrence of a series: its original start (recurrence id) and its content.
/// Times are instants, or dates (see to_timestamp) for an all-day series.
struct OccurrenceOverride {
  Timestamp recurrence_id{};
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Timestamp start{};
  Timestamp end{};
  bool operator==(const OccurrenceOverride&) const = default;
};

/// One occurrence of an event as a caller sees it. For all-day events start and end hold
/// dates (see to_timestamp), end exclusive.
struct Occurrence {
  EventId event_id = 0;
  std::optional<Timestamp> recurrence_id{};  ///< original start; nullopt for a single event
  Timestamp start{};
  Timestamp end{};
  bool all_day = false;
  std::string timezone{};
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Permission permission = Permission::read;  ///< the caller's
  std::int64_t version = 0;                  ///< the event's
  bool overridden = false;                   ///< changed by Events::change_occurrence
};

/// Filters for Events::occurrences.
struct OccurrenceQuery {
  std::int64_t limit = 1000;       ///< 1–10,000
  std::optional<std::string> q{};  ///< case-insensitive substring of title, description, location
};

/// What to change in one occurrence; unset fields stay as they are.
struct OccurrencePatch {
  std::optional<std::string> title{};
  std::optional<std::optional<std::string>> description{};  ///< nullopt inside: clear
  std::optional<std::optional<std::string>> location{};     ///< nullopt inside: clear
  std::optional<Timestamp> start{};
  std::optional<Timestamp> end{};
};

/// A time someone is busy: [start, end), real instants.
struct BusyInterval {
  Timestamp start{};
  Timestamp end{};
  bool operator==(const BusyInterval&) const = default;
};

/// One user's merged busy intervals.
struct UserBusy {
  std::string username{};
  std::vector<BusyInterval> busy{};
};

/// Free/busy of several users over one window.
struct FreeBusy {
  Timestamp from{};
  Timestamp to{};
  std::vector<UserBusy> users{};
};

/// Two overlapping occurrences, `a` starting first (or at the same time, lower event id).
struct Conflict {
  Occurrence a{};
  Occurrence b{};
};

/// Whether create/update may make an event overlap another the caller can see.
enum class OverlapPolicy {
  allow,   ///< the default
  reject,  ///< throw OverlapError when an occurrence within 366 days of the start overlaps
};

}  // namespace eventcollab
