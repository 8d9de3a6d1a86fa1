// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eventcollab/event.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// The events `viewer` owns or is shared, ordered by (start_time, id), page `skip`/`limit`.
/// A page costs O(skip + limit) rows plus, with `from`, the events that start less than the
/// longest event's duration before `from`: never the viewer's total number of events.
/// Throws: SqliteError.
std::vector<Event> list_visible_events(Transaction& tx, UserId viewer, const ListFilter& filter);

/// Every event `viewer` can see whose real span overlaps [from, to), unordered. With a
/// needle: the events whose title, description or location contain it (case folded), and
/// every series with overrides, whose changed occurrences the caller checks one by one.
std::vector<Event> list_window_candidates(Transaction& tx, UserId viewer, std::int64_t from,
                                          std::int64_t to,
                                          const std::optional<std::string>& needle);

}  // namespace eventcollab::storage
