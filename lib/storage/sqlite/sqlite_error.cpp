// SPDX-License-Identifier: MIT
#include "storage/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace eventcollab::storage {

Errc SqliteError::classify(int extended_code) noexcept {
  switch (extended_code & 0xff) {
    case SQLITE_NOTADB:
      return Errc::incompatible_database;
    case SQLITE_CONSTRAINT:
      // A unique key clash is the caller's conflict (a taken name); a trigger is an outside
      // fault; any other constraint means our own validation let something through.
      if (extended_code == SQLITE_CONSTRAINT_UNIQUE ||
          extended_code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Errc::conflict;
      }
      return extended_code == SQLITE_CONSTRAINT_TRIGGER ? Errc::storage : Errc::internal;
    default:
      return Errc::storage;
  }
}

void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(rc, fmt::format("database error while {}: {}", context, msg));
}

}  // namespace eventcollab::storage
