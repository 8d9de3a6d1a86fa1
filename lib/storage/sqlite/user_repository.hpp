// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include "eventcollab/auth.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// Inserts; throws Error: conflict when the name is taken (ignoring case).
User insert_user(Transaction& tx, std::string_view username, std::optional<std::string_view> email,
                 std::string_view password_hash, std::int64_t now);
std::optional<UserRow> find_user_by_name(Transaction& tx, std::string_view username);
std::optional<User> find_user_by_id(Transaction& tx, UserId id);
void update_password_hash(Transaction& tx, UserId id, std::string_view hash);

}  // namespace eventcollab::storage
