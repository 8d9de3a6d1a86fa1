// SPDX-License-Identifier: MIT
// The change feed's tables (migration change_feed): one row per change, numbered by an
// AUTOINCREMENT key (SQLite has one writer at a time, so numbers follow commit order), and
// who may see it.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "eventcollab/changes.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage {

std::int64_t append_change(Transaction& tx, EventId event, ChangeType type, std::int64_t version,
                           std::int64_t at, UserId by);
std::vector<Change> list_changes_for(Transaction& tx, UserId viewer, std::int64_t after,
                                     std::int64_t limit);
std::vector<AudiencedChange> list_changes_after(Transaction& tx, std::int64_t after,
                                                std::int64_t limit);
std::pair<std::int64_t, std::int64_t> change_bounds(Transaction& tx);
void prune_changes(Transaction& tx, std::int64_t before, std::int64_t limit);

/// The type named by a `changes.kind` value. Throws Error: internal on any other text.
ChangeType change_type_column(const std::string& text);

}  // namespace eventcollab::storage
