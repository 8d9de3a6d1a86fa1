// SPDX-License-Identifier: MIT
// The PostgreSQL backend's entry points, called by storage/database.cpp's dispatch on
// Config::backend(). Everything else of the backend stays inside storage/postgres/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eventcollab/config.hpp"
#include "eventcollab/store.hpp"
#include "storage/database.hpp"

namespace eventcollab::storage::postgres {

/// Connects to config.database_url. read_write: migrates an empty or older database (under an
/// advisory lock, in one transaction); with !create_if_missing an empty database is not_found.
/// read_only: never writes; an empty database is not_found, an older schema
/// incompatible_database. A database holding tables of another application, or a newer schema,
/// is refused untouched. Errors name the URL without its password.
/// Throws Error: invalid_argument (malformed URL), not_found, incompatible_database, storage
/// (unreachable server, with host and port).
std::unique_ptr<Database> open(const Config& config, std::int64_t now_seconds);

/// The schema state without writing (an empty or missing database: version 0, every step
/// pending). Throws Error: invalid_argument, incompatible_database, storage.
SchemaStatus inspect(const Config& config);

/// Problems that would keep a read-only open() from opening the database, reported rather
/// than thrown (the marker table damaged); empty when it can be opened.
/// Throws Error: not_found (no such database, or no eventcollab tables in it), storage.
std::vector<std::string> precheck(const Config& config);

}  // namespace eventcollab::storage::postgres
