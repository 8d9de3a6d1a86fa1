// SPDX-License-Identifier: MIT
#include "events/series.hpp"

#include <algorithm>
#include <tuple>

namespace eventcollab::events {
namespace {

using calendar::Zone;

// The real instant of an occurrence's time: dates are the zone's midnights.
Timestamp real(Timestamp t, bool all_day, const Zone& zone) { return all_day ? zone.to_utc(t) : t; }

Placed placed(const Event& e, bool series, Timestamp recurrence_id, Timestamp start, Timestamp end,
              const Zone& zone) {
  Placed p;
  Occurrence& o = p.occurrence;
  o.event_id = e.id;
  if (series) o.recurrence_id = recurrence_id;
  o.start = start;
  o.end = end;
  o.all_day = e.all_day;
  o.timezone = e.timezone;
  o.title = e.title;
  o.description = e.description;
  o.location = e.location;
  o.permission = e.permission;
  o.version = e.version;
  p.utc_start = real(start, e.all_day, zone);
  p.utc_end = real(end, e.all_day, zone);
  return p;
}

Placed overridden(const Event& e, const OccurrenceOverride& ov, const Zone& zone) {
  Placed p = placed(e, true, ov.recurrence_id, ov.start, ov.end, zone);
  p.occurrence.title = ov.title;
  p.occurrence.description = ov.description;
  p.occurrence.location = ov.location;
  p.occurrence.overridden = true;
  return p;
}

const OccurrenceOverride* override_for(const Event& e, Timestamp recurrence_id) {
  auto it = std::lower_bound(
      e.overrides.begin(), e.overrides.end(), recurrence_id,
      [](const OccurrenceOverride& o, Timestamp id) { return o.recurrence_id < id; });
  return it != e.overrides.end() && it->recurrence_id == recurrence_id ? &*it : nullptr;
}

}  // namespace

storage::EventSpan span_of(const EventDraft& c) {
  const Zone zone = Zone::find(c.timezone);
  storage::EventSpan span;
  span.series = is_series(c);
  Timestamp first = real(c.start, c.all_day, zone);
  Timestamp last =
      span.series ? calendar::series_end(series_of(c, zone)) : real(c.end, c.all_day, zone);
  // rdates may lie before the start; an override may move an occurrence anywhere.
  for (Timestamp r : c.rdates) first = std::min(first, real(r, c.all_day, zone));
  for (const auto& ov : c.overrides) {
    first = std::min(first, real(ov.start, c.all_day, zone));
    if (last != kMaxTime) last = std::max(last, real(ov.end, c.all_day, zone));
  }
  span.start = first.time_since_epoch().count();
  span.end = last.time_since_epoch().count();
  return span;
}

bool before(const Placed& a, const Placed& b) {
  return std::tie(a.utc_start, a.occurrence.event_id, a.occurrence.recurrence_id) <
         std::tie(b.utc_start, b.occurrence.event_id, b.occurrence.recurrence_id);
}

std::vector<Placed> occurrences_of(const Event& e, Timestamp from, Timestamp to,
                                   calendar::InstanceCache* cache) {
  const Zone zone = Zone::find(e.timezone);
  const bool series = is_series(e);
  std::vector<Placed> out;
  auto overlaps = [&](const Placed& p) { return p.utc_start < to && p.utc_end > from; };
  if (!series) {
    Placed p = placed(e, false, e.start, e.start, e.end, zone);
    if (overlaps(p)) out.push_back(std::move(p));
    return out;
  }
  const auto add = [&](const calendar::Instance& i) {
    if (override_for(e, i.recurrence_id) == nullptr) {
      out.push_back(placed(e, true, i.recurrence_id, i.start, i.end, zone));
    }
    return true;
  };
  if (cache != nullptr) {
    cache->expand(series_of(e, zone), from, to, add);
  } else {
    calendar::expand(series_of(e, zone), from, to, add);
  }
  for (const auto& ov : e.overrides) {
    Placed p = overridden(e, ov, zone);
    if (overlaps(p)) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), before);
  return out;
}

std::optional<Placed> occurrence_of(const Event& e, Timestamp recurrence_id) {
  const Zone zone = Zone::find(e.timezone);
  if (!is_series(e)) return std::nullopt;
  if (const auto* ov = override_for(e, recurrence_id)) return overridden(e, *ov, zone);
  auto i = calendar::find_instance(series_of(e, zone), recurrence_id);
  if (!i) return std::nullopt;
  return placed(e, true, i->recurrence_id, i->start, i->end, zone);
}

void drop_orphan_overrides(EventDraft& c) {
  if (c.overrides.empty()) return;
  if (!is_series(c)) {
    c.overrides.clear();
    return;
  }
  const Zone zone = Zone::find(c.timezone);
  const calendar::Series s = series_of(c, zone);
  std::erase_if(c.overrides, [&](const OccurrenceOverride& ov) {
    return !calendar::find_instance(s, ov.recurrence_id).has_value();
  });
}

}  // namespace eventcollab::events

namespace eventcollab::events {

bool has_occurrence_in(const Event& e, Timestamp from, Timestamp to) {
  if (!is_series(e) || !e.overrides.empty()) return !occurrences_of(e, from, to).empty();
  bool found = false;
  calendar::expand(series_of(e, calendar::Zone::find(e.timezone)), from, to,
                   [&](const calendar::Instance&) {
                     found = true;
                     return false;
                   });
  return found;
}

}  // namespace eventcollab::events
