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
      return Errc::conflict;
    default:
      return Errc::storage;
  }
}

void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(rc, fmt::format("database error while {}: {}", context, msg));
}

}  // namespace eventcollab::storage
