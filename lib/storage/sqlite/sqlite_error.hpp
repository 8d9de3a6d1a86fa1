// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "eventcollab/error.hpp"

struct sqlite3;

namespace eventcollab::storage {

/// A failed SQLite call. Keeps the extended result code so repositories can turn, say,
/// SQLITE_CONSTRAINT_UNIQUE into Errc::conflict.
class SqliteError : public Error {
 public:
  SqliteError(int extended_code, const std::string& message)
      : Error(classify(extended_code), message), extended_code_(extended_code) {}

  int extended_code() const noexcept { return extended_code_; }
  bool is_constraint() const noexcept {
    return (extended_code_ & 0xff) == 19;
  }  // SQLITE_CONSTRAINT

 private:
  static Errc classify(int extended_code) noexcept;
  int extended_code_;
};

/// Throws SqliteError for `rc`, with sqlite3_errmsg(db) copied at once (the next call on the
/// connection would overwrite it) and `context` naming what was attempted.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context);

}  // namespace eventcollab::storage
