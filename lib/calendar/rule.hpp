// SPDX-License-Identifier: MIT
// RRULE validation: what the library accepts of RFC 5545's RECUR value, checked part by part
// before libical sees it, so every refusal names the part.
#pragma once

#include <string>
#include <string_view>

#include "calendar/zone.hpp"

namespace eventcollab::calendar {

/// Checks an RRULE value (no "RRULE:" prefix) for an event starting at `start` (floating
/// local time of the first occurrence; the floating midnight for all-day) and returns it
/// upper-cased, otherwise as given.
/// Supported: FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL (not both), BYDAY
/// (ordinals in MONTHLY/YEARLY), BYMONTHDAY (negative too), BYMONTH, BYYEARDAY, BYWEEKNO,
/// BYSETPOS, WKST. UNTIL is UTC (`…Z`) for timed events and a date for all-day events, and not
/// before the start. A rule that can never produce an instance of its own is refused.
/// Throws Error: invalid_argument, the message starting "rrule: " and naming the part
/// ("rrule: BYHOUR is not supported", "rrule: COUNT and UNTIL cannot both be given").
std::string normalize_rule(std::string_view text, bool all_day, const Zone& zone, Floating start);

}  // namespace eventcollab::calendar
