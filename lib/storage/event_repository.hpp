// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "storage/event_list_query.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// The event columns, from `events e`, in the order read_event reads them; every event SELECT
/// lists them and then the viewer's permission text ('owner', 'write' or 'read').
std::string_view event_select_columns();

/// Reads one row selected as event_select_columns() followed by the permission.
Event read_event(const Statement& row);

/// The event as `viewer` may see it, with their permission; nullopt when it does not exist or
/// the viewer has no access (the two are deliberately indistinguishable).
std::optional<Event> find_event_for(Transaction& tx, EventId id, UserId viewer);

/// Inserts the event row (version 1) and returns its id.
EventId insert_event(Transaction& tx, UserId owner, const EventDraft& draft, std::int64_t now);

/// Writes content, version and updated_at of `event`. Returns false when the stored version
/// is not `expected_version - 1` (a concurrent writer got there first).
bool update_event(Transaction& tx, const Event& event);

void delete_event(Transaction& tx, EventId id);

void insert_version(Transaction& tx, EventId event, const Version& v);
std::vector<Version> list_versions(Transaction& tx, EventId event);
std::optional<Version> find_version(Transaction& tx, EventId event, std::int64_t number);

}  // namespace eventcollab::storage
