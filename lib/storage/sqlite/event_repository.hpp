// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "events/fields.hpp"
#include "storage/sqlite/event_list_query.hpp"
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
EventId insert_event(Transaction& tx, UserId owner, const EventDraft& draft, const EventSpan& span,
                     std::int64_t now);

/// Writes the `changed` content fields (by table position), version and updated_at of `event`;
/// other columns are not written. Returns false when the stored version is not
/// `event.version - 1`.
bool update_event(Transaction& tx, const Event& event, events::FieldMask changed,
                  const EventSpan& span);

void delete_event(Transaction& tx, EventId id);

void insert_version(Transaction& tx, EventId event, const Version& v);
std::vector<Version> list_versions(Transaction& tx, EventId event);
std::optional<Version> find_version(Transaction& tx, EventId event, std::int64_t number);

/// Events whose content differs from their latest snapshot, compared field by field as the
/// table lists them (for Store::check).
std::vector<EventId> events_differing_from_snapshot(Transaction& tx);

}  // namespace eventcollab::storage
