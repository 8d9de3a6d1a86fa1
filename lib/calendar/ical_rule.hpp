// SPDX-License-Identifier: MIT
// libical's recurrence iterator behind a small RAII type, on floating local times only (no
// zone ever reaches libical). Internal to lib/calendar.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "calendar/zone.hpp"

struct icalrecur_iterator_impl;

namespace eventcollab::calendar {

/// The last year libical 3.0's iterator produces (it stops at the end of 2582).
inline constexpr int kLastIcalYear = 2582;

/// A floating time as iCalendar text, "YYYYMMDDTHHMMSS".
std::string ical_text(Floating local);

/// Iterates the local start times a rule pattern (an RRULE without COUNT and UNTIL, which the
/// caller applies itself) produces from `dtstart`, in order. Unlike RFC 5545, it yields
/// `dtstart` only when the rule itself produces it.
class IcalRule {
 public:
  /// Throws Error: invalid_argument ("rrule: the rule is malformed") when libical refuses it.
  IcalRule(const std::string& pattern, Floating dtstart);

  /// Continues from the first instance at or after `local` (no earlier one is produced).
  /// False when libical cannot (COUNT in the pattern, or `local` past its range).
  bool skip_to(Floating local);

  /// The next local start; nullopt when the rule has no more (or libical's range ends).
  std::optional<Floating> next();

 private:
  struct Free {
    void operator()(icalrecur_iterator_impl* it) const;
  };
  std::unique_ptr<icalrecur_iterator_impl, Free> it_;
};

}  // namespace eventcollab::calendar
