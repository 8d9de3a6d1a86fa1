// SPDX-License-Identifier: MIT
// Writing the change feed: every write path that changes an event or its shares calls
// record() in its own unit, so the change and its entry commit together.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/store_core.hpp"
#include "eventcollab/changes.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::feed {

/// Appends the change with the audience the unit sees now (call it after a change that grants
/// access, before one that takes it away) and prunes a few changes older than the retention.
void record(storage::UnitOfWork& tx, const detail::StoreCore& core, ChangeType type, EventId event,
            std::int64_t version, UserId by);

/// The number a cursor stands for ("" is 0). Throws Error: invalid_argument.
std::int64_t parse_cursor(std::string_view cursor);

}  // namespace eventcollab::feed
