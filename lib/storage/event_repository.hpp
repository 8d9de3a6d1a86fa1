// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// The event as `viewer` may see it, with their permission; nullopt when it does not exist or
/// the viewer has no access (the two are deliberately indistinguishable).
std::optional<Event> find_event_for(Transaction& tx, EventId id, UserId viewer);

/// Inserts the event row (version 1) and returns its id.
EventId insert_event(Transaction& tx, UserId owner, const EventDraft& draft, std::int64_t now);

/// Writes content, version and updated_at of `event`. Returns false when the stored version
/// is not `expected_version - 1` (a concurrent writer got there first).
bool update_event(Transaction& tx, const Event& event);

void delete_event(Transaction& tx, EventId id);

struct ListFilter {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  std::optional<std::string> needle;  // already ASCII-lowercased
};
std::vector<Event> list_visible_events(Transaction& tx, UserId viewer, const ListFilter& filter);

void insert_version(Transaction& tx, EventId event, const Version& v);
std::vector<Version> list_versions(Transaction& tx, EventId event);
std::optional<Version> find_version(Transaction& tx, EventId event, std::int64_t number);

}  // namespace eventcollab::storage
