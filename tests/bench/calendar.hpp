// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "eventcollab/store.hpp"
#include "scenarios.hpp"
#include "seed_plan.hpp"

// The calendar rows (issue #13), measured on a size database whose events are 20% series:
// occurrences of a week beside the plain list, free/busy, the expansion rate of a DAILY rule
// beside libical's bare iterator, and a window a century after a series' start.
namespace eventcollab::bench {

/// Measures the calendar rows on the seeded database `store` opens (a user with one daily
/// series is added to it). Progress goes to stderr.
std::vector<CalendarRow> measure_calendar(Store& store, const Shape& shape, const RunOptions& opt);

}  // namespace eventcollab::bench
