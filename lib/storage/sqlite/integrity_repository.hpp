// SPDX-License-Identifier: MIT
// The queries behind Store::check(): SQLite's own integrity checks and the library's
// invariants, each violation appended as one line a person can read.
#pragma once

#include <exception>
#include <string>
#include <vector>

#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// PRAGMA integrity_check and foreign_key_check, one line per problem.
void find_sqlite_damage(Transaction& tx, std::vector<std::string>& problems);

/// The library's invariants: versions numbered 1..n, the latest snapshot equal to the event,
/// no share with the owner or with a missing user/event, times in years 0001-9999, known
/// permissions and kinds of change, schema_migrations agreeing with PRAGMA user_version.
void find_broken_invariants(Transaction& tx, std::vector<std::string>& problems);

/// Reads the file header and the schema, throwing SqliteError when SQLite cannot (see
/// is_damage()).
void read_schema(Transaction& tx);

/// True when `e` says the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB):
/// check reports such errors instead of throwing them.
bool is_sqlite_damage(const std::exception& e) noexcept;

}  // namespace eventcollab::storage
