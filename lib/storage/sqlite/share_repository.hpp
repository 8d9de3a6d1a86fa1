// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <vector>

#include "eventcollab/share.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

std::optional<Permission> find_share(Transaction& tx, EventId event, UserId user);
/// Inserts or changes the permission; returns true when the share is new.
bool upsert_share(Transaction& tx, EventId event, UserId user, Permission p, std::int64_t now);
void delete_share(Transaction& tx, EventId event, UserId user);
/// The owner's row, then the shares by username ignoring case.
std::vector<Share> list_shares(Transaction& tx, EventId event);

}  // namespace eventcollab::storage
