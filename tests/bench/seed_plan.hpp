// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include "workload.hpp"

// What the seeded databases hold, decided once for every backend: who owns which event, which
// events are shared with whom. A backend's loader only writes the rows a plan hands it.
namespace eventcollab::bench {

/// The shape of one seeded database. A few "probe" users own and are shared the same number
/// of events at every size, so `list` returns the same 100 rows out of the same ~180 visible
/// ones whether the table holds 10k or 1M events: only the table grows, not the work asked.
struct Shape {
  std::int64_t events = 0;
  std::int64_t users = 0;
  std::int64_t probes = 20;        ///< users 1..probes
  std::int64_t probe_owned = 120;  ///< events each probe owns
  std::int64_t probe_shared = 60;  ///< events shared with each probe (read or write)

  /// Fits the probe quotas into small databases (each at most a quarter of the events).
  static Shape make(std::int64_t events, std::int64_t users);

  /// Owner of seeded event `id` (ids are 1..events), computed, not queried.
  std::int64_t owner_of(std::int64_t id) const;
  bool is_probe_owned(std::int64_t id) const;
};

/// Receives the rows of a plan, in order: every user, then events each followed by its shares.
/// User 1 exists already (registered through the library); every other user gets its name from
/// username_for and user 1's password hash. Every event has ids 1, 2, ... in order, one version
/// row (number 1, "create" by the owner, the same content), and created_at = updated_at =
/// kSeededAt. Each event's uid is "<id>@bench".
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void user(std::int64_t id) = 0;
  virtual void event(std::int64_t id, std::int64_t owner, const Content& c) = 0;
  /// `c` is the shared event's content: on PostgreSQL a share keeps copies of its start_time
  /// and whether it is a series (the list and window queries read them); SQLite's triggers copy
  /// the whole event for the sharer.
  virtual void share(std::int64_t event, std::int64_t user, bool write, const Content& c) = 0;
};

/// The rows of a size database (see Shape); one event in five is a series (maybe_series).
/// Returns the number of shares.
std::int64_t plan_sizes(const Shape& shape, RowSink& sink);

// The "visible" database: users 1..n see sizes[i] events each, half owned and half shared with
// them by kVisibleOwners other users, spread evenly over a span ending at kVisibleEnd so that
// ~100 fall in its last week.
inline constexpr std::int64_t kWeek = 7 * 24 * 3600;
inline constexpr std::int64_t kVisibleOwners = 50;
inline constexpr std::int64_t kVisibleEnd = kEpoch + 2 * 365 * 24 * 3600;

/// The rows of the visible database. Returns the number of events.
std::int64_t plan_visible(const std::vector<std::int64_t>& sizes, RowSink& sink);

}  // namespace eventcollab::bench
