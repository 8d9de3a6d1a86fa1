// SPDX-License-Identifier: MIT
#include "events/overlap.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "events/fields.hpp"
#include "events/series.hpp"

namespace eventcollab::events {
namespace {

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

}  // namespace

void check_window(const TimeWindow& w) {
  require_supported_time("from", w.from);
  require_supported_time("to", w.to);
  if (w.from >= w.to) throw Error(Errc::invalid_argument, "from must be before to");
  if (w.to - w.from > kMaxWindow) {
    throw Error(Errc::invalid_argument,
                fmt::format("the window must not be longer than {} days", kMaxWindow.count()));
  }
}

std::vector<Event> list_in_window(detail::StoreCore& core, const Principal& who,
                                  const storage::ListFilter& filter) {
  const Timestamp from = filter.from ? ts(*filter.from) : kMinTime;
  const Timestamp to = filter.to ? ts(*filter.to) : kMaxTime;
  const std::int64_t wanted = filter.skip + filter.limit;
  // Fetch pages from the start of the ordering until enough survive the series filter: a
  // series whose span overlaps but whose occurrences all miss the window drops out. Most pages
  // need one statement (its own snapshot); one that needs more reads them in one snapshot.
  const auto fetch = [&](storage::UnitOfWork& tx,
                         bool only_once) -> std::optional<std::vector<Event>> {
    storage::ListFilter f = filter;
    f.skip = 0;
    f.limit = wanted;
    for (;;) {
      std::vector<Event> rows = tx.list_visible_events(who.user_id, f);
      const bool exhausted = static_cast<std::int64_t>(rows.size()) < f.limit;
      std::erase_if(
          rows, [&](const Event& e) { return is_series(e) && !has_occurrence_in(e, from, to); });
      if (exhausted || static_cast<std::int64_t>(rows.size()) >= wanted) {
        const auto skip = std::min<std::size_t>(rows.size(), static_cast<std::size_t>(filter.skip));
        rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(skip));
        if (static_cast<std::int64_t>(rows.size()) > filter.limit) {
          rows.resize(static_cast<std::size_t>(filter.limit));
        }
        return rows;
      }
      if (only_once) return std::nullopt;
      f.limit += (wanted - static_cast<std::int64_t>(rows.size())) * 2 + 16;
    }
  };
  if (auto page =
          core.read_one_statement([&](storage::UnitOfWork& tx) { return fetch(tx, true); })) {
    return *std::move(page);
  }
  return *core.read([&](storage::UnitOfWork& tx) { return fetch(tx, false); });
}

void refuse_overlap(storage::UnitOfWork& tx, calendar::InstanceCache& cache, const Principal& who,
                    EventId self, const EventDraft& content) {
  Event e;
  copy_fields(e, content);
  e.id = self;
  const storage::EventSpan span = span_of(content);
  const Timestamp from = ts(span.start);
  const Timestamp to = std::min(kMaxTime, from + std::chrono::days{366});
  const std::vector<Placed> mine = occurrences_of(e, from, to, &cache);
  if (mine.empty()) return;
  std::vector<Placed> others;
  for (const Event& other : tx.list_window_candidates(who.user_id, from.time_since_epoch().count(),
                                                      to.time_since_epoch().count(), {})) {
    if (other.id == self) continue;
    for (Placed& p : occurrences_of(other, from, to, &cache)) others.push_back(std::move(p));
  }
  std::sort(others.begin(), others.end(), before);
  std::vector<Occurrence> hit;
  // Both lists are by start: walk them together, each of mine against the others that start
  // before it ends.
  std::size_t lo = 0;
  std::vector<bool> taken(others.size(), false);
  for (const Placed& m : mine) {
    while (lo < others.size() && others[lo].utc_end <= m.utc_start &&
           others[lo].utc_start < m.utc_start) {
      ++lo;
    }
    for (std::size_t j = lo; j < others.size() && others[j].utc_start < m.utc_end; ++j) {
      if (!taken[j] && others[j].utc_end > m.utc_start) {
        taken[j] = true;
      }
    }
  }
  for (std::size_t j = 0; j < others.size(); ++j) {
    if (taken[j]) hit.push_back(others[j].occurrence);
  }
  if (!hit.empty()) {
    // The message first: the order in which arguments are evaluated is unspecified.
    std::string message = fmt::format("the event overlaps {} occurrence{} of other events",
                                      hit.size(), hit.size() == 1 ? "" : "s");
    throw OverlapError(message, std::move(hit));
  }
}

}  // namespace eventcollab::events
