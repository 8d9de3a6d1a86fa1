// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace eventcollab::storage::sqlite {

/// The SQLite halves of open_database, inspect_database and precheck_database (see
/// storage/database.hpp): the file's checks, creation (0600) and migration.
std::unique_ptr<Database> open(const Config& config, std::int64_t now_seconds);
SchemaStatus inspect(const Config& config);
std::vector<std::string> precheck(const Config& config);

}  // namespace eventcollab::storage::sqlite
