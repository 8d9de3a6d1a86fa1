// SPDX-License-Identifier: MIT
// Events' calendar operations: occurrences, free/busy, conflicts, and changing or cancelling
// one occurrence of a series.
#include <algorithm>

#include <fmt/format.h>

#include "core/store_core.hpp"
#include "core/text.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/event.hpp"
#include "events/access.hpp"
#include "events/overlap.hpp"
#include "events/series.hpp"
#include "events/validation.hpp"
#include "history/content.hpp"
#include "history/record.hpp"

namespace eventcollab {
namespace {

constexpr std::int64_t kMaxOccurrences = 10'000;
constexpr std::size_t kMaxFreeBusyUsers = 100;
constexpr std::size_t kMaxConflicts = 10'000;

std::int64_t secs(Timestamp t) { return t.time_since_epoch().count(); }

// True when the occurrence's own title, description or location contains the folded needle:
// an override may retitle one occurrence away from (or towards) the search.
bool matches(const Occurrence& o, std::string_view folded) {
  return text::contains_folded(folded, o.title) ||
         (o.description && text::contains_folded(folded, *o.description)) ||
         (o.location && text::contains_folded(folded, *o.location));
}

// Every occurrence `viewer` can see in the window, by real start; with a needle, those whose
// own fields contain it (the candidates' SQL matched the series' stored fields, or kept the
// series for its overrides).
std::vector<events::Placed> visible_occurrences(detail::StoreCore& core, storage::UnitOfWork& tx,
                                                UserId viewer, const TimeWindow& w,
                                                const std::optional<std::string>& needle) {
  const std::string folded = needle ? text::fold_case(*needle) : std::string();
  std::vector<events::Placed> out;
  for (const Event& e : tx.list_window_candidates(viewer, secs(w.from), secs(w.to), needle)) {
    for (events::Placed& p : events::occurrences_of(e, w.from, w.to, &core.instances)) {
      if (needle && !matches(p.occurrence, folded)) continue;
      out.push_back(std::move(p));
    }
  }
  std::sort(out.begin(), out.end(), events::before);
  return out;
}

[[noreturn]] void no_occurrence(EventId id, Timestamp recurrence_id) {
  throw Error(Errc::not_found,
              fmt::format("event {} has no occurrence at {}", id, format_rfc3339(recurrence_id)));
}

void check_expected(const Event& e, std::optional<std::int64_t> expected) {
  if (expected && *expected < 1) {
    throw Error(Errc::invalid_argument, "the expected version must be at least 1");
  }
  if (expected && *expected != e.version) {
    throw Error(Errc::conflict,
                fmt::format("event {} is at version {}, not {}", e.id, e.version, *expected));
  }
}

}  // namespace

std::vector<Occurrence> Events::occurrences(const Principal& who, TimeWindow window,
                                            const OccurrenceQuery& query) {
  events::check_window(window);
  if (query.limit < 1 || query.limit > kMaxOccurrences) {
    throw Error(Errc::invalid_argument,
                fmt::format("limit must be between 1 and {}", kMaxOccurrences));
  }
  std::optional<std::string> needle;
  if (query.q && !query.q->empty()) {
    text::check_text("q", *query.q, 1, events::kMaxTitle);
    needle = *query.q;
  }
  auto placed = core_->read([&](storage::UnitOfWork& tx) {
    return visible_occurrences(*core_, tx, who.user_id, window, needle);
  });
  std::vector<Occurrence> out;
  const auto n = std::min<std::size_t>(placed.size(), static_cast<std::size_t>(query.limit));
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::move(placed[i].occurrence));
  return out;
}

FreeBusy Events::free_busy(const Principal& who, std::span<const std::string> usernames,
                           TimeWindow window) {
  events::check_window(window);
  if (usernames.size() > kMaxFreeBusyUsers) {
    throw Error(Errc::invalid_argument, fmt::format("at most {} users at once", kMaxFreeBusyUsers));
  }
  return core_->read([&](storage::UnitOfWork& tx) {
    FreeBusy out{window.from, window.to, {}};
    std::vector<std::pair<UserId, std::string>> users;
    if (usernames.empty()) users.emplace_back(who.user_id, who.username);
    for (const auto& name : usernames) {
      auto row = tx.find_user_by_name(name);
      if (!row) throw Error(Errc::not_found, fmt::format("user '{}' not found", name));
      users.emplace_back(row->user.id, row->user.username);
    }
    for (const auto& [id, name] : users) {
      UserBusy ub{name, {}};
      for (const auto& p : visible_occurrences(*core_, tx, id, window, std::nullopt)) {
        const Timestamp s = std::max(p.utc_start, window.from);
        const Timestamp e = std::min(p.utc_end, window.to);
        if (!ub.busy.empty() && s <= ub.busy.back().end) {
          ub.busy.back().end = std::max(ub.busy.back().end, e);
        } else {
          ub.busy.push_back({s, e});
        }
      }
      out.users.push_back(std::move(ub));
    }
    return out;
  });
}

std::vector<Conflict> Events::conflicts(const Principal& who, TimeWindow window) {
  events::check_window(window);
  const auto occ = core_->read([&](storage::UnitOfWork& tx) {
    return visible_occurrences(*core_, tx, who.user_id, window, std::nullopt);
  });
  std::vector<Conflict> out;
  for (std::size_t i = 0; i < occ.size(); ++i) {
    for (std::size_t j = i + 1; j < occ.size() && occ[j].utc_start < occ[i].utc_end; ++j) {
      // An event never conflicts with itself (a series whose occurrences run into each other).
      if (occ[j].occurrence.event_id == occ[i].occurrence.event_id) continue;
      if (out.size() == kMaxConflicts) {
        throw Error(Errc::invalid_argument,
                    fmt::format("more than {} conflicts: ask for a shorter window", kMaxConflicts));
      }
      out.push_back({occ[i].occurrence, occ[j].occurrence});
    }
  }
  return out;
}

Occurrence Events::change_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                                     const OccurrenceUpdate& update) {
  return change_occurrence(who, id, recurrence_id, [&](const Event&) { return update; });
}

Occurrence Events::change_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                                     const std::function<OccurrenceUpdate(const Event&)>& decode) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, id, Permission::write);
    const auto current = events::occurrence_of(e, recurrence_id);
    if (!current) no_occurrence(id, recurrence_id);
    const OccurrenceUpdate u = decode(e);
    const Occurrence& o = current->occurrence;
    OccurrenceOverride ov{recurrence_id, o.title, o.description, o.location, o.start, o.end};
    const OccurrencePatch& p = u.patch;
    if (p.title) ov.title = *p.title;
    if (p.description) ov.description = *p.description;
    if (p.location) ov.location = *p.location;
    if (p.start) ov.start = *p.start;
    if (p.end) ov.end = *p.end;
    const OccurrenceOverride plain{recurrence_id, e.title,       e.description,
                                   e.location,    recurrence_id, recurrence_id + (e.end - e.start)};
    history::Content next = history::content_of(e);
    std::erase_if(next.overrides, [&](const auto& x) { return x.recurrence_id == recurrence_id; });
    // An occurrence changed back to what the series says needs no override.
    if (!(ov == plain)) next.overrides.push_back(ov);
    events::normalize(next);
    check_expected(e, u.expected_version);
    if (events::changed_fields(e, next) == 0) return o;  // changes nothing: no version
    const Event after = history::record_change(tx, *core_, who, e, next, ChangeKind::occurrence);
    return events::occurrence_of(after, recurrence_id).value().occurrence;
  });
}

void Events::cancel_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                               Input<std::optional<std::int64_t>> expected_version) {
  cancel_occurrence(who, id, recurrence_id, [&](const Event&) { return expected_version.get(); });
}

void Events::cancel_occurrence(
    const Principal& who, EventId id, Timestamp recurrence_id,
    const std::function<std::optional<std::int64_t>(const Event&)>& decode) {
  core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, id, Permission::write);
    if (!events::occurrence_of(e, recurrence_id)) no_occurrence(id, recurrence_id);
    check_expected(e, decode(e));
    history::Content next = history::content_of(e);
    std::erase_if(next.overrides, [&](const auto& x) { return x.recurrence_id == recurrence_id; });
    next.exdates.push_back(recurrence_id);
    events::normalize(next);
    history::record_change(tx, *core_, who, e, next, ChangeKind::occurrence);
  });
}

}  // namespace eventcollab
