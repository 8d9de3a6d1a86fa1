// SPDX-License-Identifier: MIT
#include "storage/sqlite/statement.hpp"

#include <sqlite3.h>

#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {

void Statement::Finalize::operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

void Statement::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_.get(), index, value); rc != SQLITE_OK) {
    throw_sqlite(db_, rc, "binding a parameter");
  }
}

void Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's buffer may go away before step().
  if (int rc = sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
      rc != SQLITE_OK) {
    throw_sqlite(db_, rc, "binding a parameter");
  }
}

void Statement::bind_blob(int index, const void* data, std::size_t size) {
  if (int rc = sqlite3_bind_blob64(stmt_.get(), index, data, size, SQLITE_TRANSIENT);
      rc != SQLITE_OK) {
    throw_sqlite(db_, rc, "binding a parameter");
  }
}

void Statement::bind(int index, std::nullopt_t) {
  if (int rc = sqlite3_bind_null(stmt_.get(), index); rc != SQLITE_OK) {
    throw_sqlite(db_, rc, "binding a parameter");
  }
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(db_, sqlite3_extended_errcode(db_), "running a statement");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::get_int(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string Statement::get_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_.get(), column);
  // Ask for the size after the text: sqlite3_column_bytes may convert otherwise.
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column));
  return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::optional<std::string> Statement::get_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return get_text(column);
}

std::string Statement::get_blob(int column) const {
  const auto* data = sqlite3_column_blob(stmt_.get(), column);
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column));
  return data ? std::string(static_cast<const char*>(data), size) : std::string();
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

}  // namespace eventcollab::storage
