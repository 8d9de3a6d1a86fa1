// SPDX-License-Identifier: MIT
#pragma once

#include "core/store_core.hpp"
#include "eventcollab/auth.hpp"
#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "history/content.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::history {

/// The one place a version is written. For ChangeKind::create, inserts a new event owned by
/// `who` holding `next` as version 1 (`current` is ignored). Otherwise `current` is the event
/// as loaded in this same write transaction: when `next` equals its content nothing is
/// written and `current` is returned; else only the changed columns are updated, the version
/// goes up by one, updated_at becomes now, and the snapshot is inserted. Either way that
/// writes, the change feed gets its entry (created or updated) in the same unit.
/// Throws Error: internal (the row no longer is at current.version: an invariant broke, since
/// the transaction holds the write lock).
Event record_change(storage::UnitOfWork& tx, const detail::StoreCore& core, const Principal& who,
                    const Event& current, const Content& next, ChangeKind kind);

}  // namespace eventcollab::history
