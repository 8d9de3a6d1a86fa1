// SPDX-License-Identifier: MIT
// Time zones from the system's tz database (Howard Hinnant's date/tz). Every local<->UTC
// conversion of the library goes through here, never through libical, whose 3.0 zone code
// drifts after a spring-forward gap and picks the later instant in an overlap.
#pragma once

#include <string>
#include <string_view>

#include "eventcollab/time.hpp"

namespace eventcollab::calendar {

struct ZoneData;  // zone.cpp: the tz database entry and the rule that continues it

/// A local wall-clock time, kept as the instant it would be if the zone were UTC ("floating").
/// All-day dates are the floating midnight of the day.
using Floating = Timestamp;

/// An IANA zone. Cheap to copy; the zone data lives in the tz database for the process.
class Zone {
 public:
  /// UTC.
  Zone() = default;

  /// Looks `name` up ("Europe/Berlin", "UTC").
  /// Throws Error: invalid_argument ("timezone: unknown time zone 'Mars/Base'").
  static Zone find(std::string_view name);

  /// True when `name` names a zone of the tz database.
  static bool exists(std::string_view name);

  /// The IANA name.
  std::string_view name() const;

  /// The instant of a local time. A time inside a gap takes the offset before the gap
  /// (02:30 New York on a spring-forward day is 07:30Z); one inside an overlap is the earlier
  /// instant.
  Timestamp to_utc(Floating local) const;

  /// The local wall-clock time of an instant.
  Floating to_local(Timestamp utc) const;

  /// The abbreviation in force at `utc` ("CEST", "+0545").
  std::string abbreviation(Timestamp utc) const;

 private:
  explicit Zone(const ZoneData* data) : data_(data) {}
  const ZoneData* data_ = nullptr;  // nullptr is UTC; entries live as long as the process
};

}  // namespace eventcollab::calendar
