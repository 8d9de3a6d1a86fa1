// SPDX-License-Identifier: MIT
// Expansion of a series into its instances: libical's recurrence iterator on floating local
// times, then date/tz (Zone) for each local->UTC conversion.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "calendar/zone.hpp"

namespace eventcollab::calendar {

/// Iterations one expansion may take (instances walked before, inside and after the window,
/// exdates included). Beyond it the query is refused rather than run unbounded.
inline constexpr std::size_t kMaxSteps = 200'000;

/// What a series is, in the form it is stored: timed start/end are UTC instants, all-day
/// start/end are floating midnights (end exclusive), exdates/rdates are in the start's form.
struct Series {
  Timestamp start{};
  Timestamp end{};
  bool all_day = false;
  Zone zone{};
  std::optional<std::string> rrule{};  ///< normalized (normalize_rule); nullopt: one instance
  std::span<const Timestamp> exdates{};
  std::span<const Timestamp> rdates{};
};

/// One instance. `recurrence_id`, `start`, `end` are in the series' form; `utc_start` and
/// `utc_end` are real instants (for all-day, the zone's midnights) for overlap tests.
struct Instance {
  Timestamp recurrence_id{};
  Timestamp start{};
  Timestamp end{};
  Timestamp utc_start{};
  Timestamp utc_end{};
};

/// Calls `sink` in order of start (then recurrence id) for every instance whose
/// [utc_start, utc_end) overlaps [from, to), rdates merged in and exdates left out; stops when
/// `sink` returns false. The first instance is the series' start; the local wall-clock time of
/// the start repeats in `zone`; every instance lasts as long as the first (whole days when
/// all-day). Skips ahead to the window instead of walking from the start where the rule
/// allows (no COUNT).
/// Throws Error: invalid_argument ("rrule: reaching this window takes more than 200000
/// steps") when kMaxSteps would be exceeded.
void expand(const Series& series, Timestamp from, Timestamp to,
            const std::function<bool(const Instance&)>& sink);

/// True when the instance shows in [from, to): its real span overlaps it, or it lasts no time
/// (an all-day instance on a day the zone skipped) and lies inside it. expand()'s test.
bool overlaps(const Instance& i, Timestamp from, Timestamp to);

/// The instance whose recurrence id is `recurrence_id` (in the series' form), if the series
/// has one (exdates excluded). Throws Error: as expand().
std::optional<Instance> find_instance(const Series& series, Timestamp recurrence_id);

/// The real instant at which the last instance ends; kMaxTime when the series never ends.
/// Throws Error: as expand().
Timestamp series_end(const Series& series);

}  // namespace eventcollab::calendar
