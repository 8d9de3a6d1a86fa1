// SPDX-License-Identifier: MIT
// Direct database access for tests that must reach under the library: tamper with a row,
// inject a fault, read what the API does not show. Never used to check what the API can tell.
// RawDb(file) opens the SQLite file; when the suite runs on PostgreSQL it opens the database
// that stands for that file (test_database_url) instead, so portable SQL runs on both.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>

#include "support/test_database.hpp"

namespace eventcollab::test {

class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& file) {
    if (on_postgres()) {
      pg_ = std::make_unique<PgAdmin>(postgres_url_for(file));
      return;
    }
    if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + file.string());
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  /// Runs one or more statements. On PostgreSQL, SQLite's PRAGMA statements are left out
  /// (foreign keys are always on there).
  void exec(const std::string& sql) {
    if (pg_) {
      static const std::regex pragma(R"(PRAGMA[^;]*;\s*)", std::regex::icase);
      pg_->exec(std::regex_replace(sql, pragma, ""));
      return;
    }
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("SQL failed: " + msg + " in: " + sql);
    }
  }

  /// First column of the first row as text ("" when there is no row or it is NULL).
  std::string text(const std::string& sql) {
    if (pg_) {
      const auto rows = pg_->column(sql);
      return rows.empty() || rows.front() == "NULL" ? std::string() : rows.front();
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db_));
    }
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }
  long long integer(const std::string& sql) {
    const std::string t = text(sql);
    return t.empty() ? 0 : std::stoll(t);
  }

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<PgAdmin> pg_;
};

}  // namespace eventcollab::test
