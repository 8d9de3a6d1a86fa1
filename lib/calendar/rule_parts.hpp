// SPDX-License-Identifier: MIT
// An RRULE split into what libical iterates and the bounds the library applies itself.
// Internal to lib/calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "calendar/zone.hpp"

namespace eventcollab::calendar {

enum class Frequency { daily, weekly, monthly, yearly };

struct RuleParts {
  Frequency freq = Frequency::daily;
  std::string text;     ///< the whole rule, upper-cased
  std::string pattern;  ///< without COUNT and UNTIL: what libical iterates
  std::optional<std::uint32_t> count;
  /// Timed events: the UTC instant; all-day events: the floating midnight of the date.
  std::optional<Timestamp> until;
};

/// Checks every part's syntax and value (not against a start).
/// Throws Error: invalid_argument, as normalize_rule().
RuleParts parse_rule(std::string_view text, bool all_day);

}  // namespace eventcollab::calendar
