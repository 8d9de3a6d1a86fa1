// SPDX-License-Identifier: MIT
// An event's content seen as a series: its real span for the storage's window queries, and
// its occurrences in a window with overrides applied. The calendar engine (lib/calendar) does
// the expansion; this is where the event's fields meet it.
#pragma once

#include <optional>
#include <vector>

#include "calendar/expansion.hpp"
#include "calendar/instance_cache.hpp"
#include "eventcollab/event.hpp"
#include "storage/rows.hpp"

namespace eventcollab::events {

/// True when the content (Event, EventDraft or Version) repeats: a rule or extra dates.
template <class C>
bool is_series(const C& c) {
  return c.rrule.has_value() || !c.rdates.empty();
}

/// The engine's view of the content (its spans point into `c`).
template <class C>
calendar::Series series_of(const C& c, const calendar::Zone& zone) {
  return calendar::Series{.start = c.start,
                          .end = c.end,
                          .all_day = c.all_day,
                          .zone = zone,
                          .rrule = c.rrule,
                          .exdates = c.exdates,
                          .rdates = c.rdates};
}

/// Where the content lies in real time, for the window queries of the storage.
/// Throws Error: invalid_argument (a rule that needs too many steps).
storage::EventSpan span_of(const EventDraft& c);

/// An occurrence with its real instants, for ordering, overlap and free/busy.
struct Placed {
  Occurrence occurrence;
  Timestamp utc_start{};
  Timestamp utc_end{};
};

/// The occurrences of `e` whose real span overlaps [from, to), overrides applied (a moved
/// occurrence counts where it moved to), in order of real start. With `cache`, the series'
/// instances come from it (the same ones).
/// Throws Error: invalid_argument (a rule that needs too many steps to reach the window).
std::vector<Placed> occurrences_of(const Event& e, Timestamp from, Timestamp to,
                                   calendar::InstanceCache* cache = nullptr);

/// The occurrence of `e` with this recurrence id, override applied; nullopt when it has none.
std::optional<Placed> occurrence_of(const Event& e, Timestamp recurrence_id);

/// Drops the overrides whose recurrence id is no longer an occurrence of `c` (after its rule,
/// dates or zone changed).
void drop_orphan_overrides(EventDraft& c);

/// Orders by real start, then event id, then recurrence id.
bool before(const Placed& a, const Placed& b);

}  // namespace eventcollab::events

namespace eventcollab::events {

/// True when an occurrence of `e` overlaps [from, to); stops at the first.
bool has_occurrence_in(const Event& e, Timestamp from, Timestamp to);

}  // namespace eventcollab::events
