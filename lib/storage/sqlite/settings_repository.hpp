// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// Named values the library keeps in the database (e.g. the generated token signing key).
std::optional<std::string> get_setting(Transaction& tx, std::string_view key);
void put_setting(Transaction& tx, std::string_view key, std::string_view value);

}  // namespace eventcollab::storage
