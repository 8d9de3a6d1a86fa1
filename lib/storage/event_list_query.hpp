// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eventcollab/event.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

struct ListFilter {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
  std::optional<std::int64_t> from;   ///< events with end_time > from
  std::optional<std::int64_t> to;     ///< events with start_time < to
  std::optional<std::string> needle;  ///< substring of title, description or location, any case
};

/// The events `viewer` owns or is shared, ordered by (start_time, id), page `skip`/`limit`.
/// A page costs O(skip + limit) rows plus, with `from`, the events that start less than the
/// longest event's duration before `from`: never the viewer's total number of events.
/// Throws: SqliteError.
std::vector<Event> list_visible_events(Transaction& tx, UserId viewer, const ListFilter& filter);

}  // namespace eventcollab::storage
