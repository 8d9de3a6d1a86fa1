// SPDX-License-Identifier: MIT
// Which backend the suite runs on. By default every test uses a SQLite file in its temp dir;
// with EVENTCOLLAB_TEST_POSTGRES_URL set to a PostgreSQL URL with the right to create
// databases (e.g. postgresql:///postgres?host=/tmp/pg), each test gets a fresh database of
// its own on that server instead, dropped when the test ends.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/pg_test_db.hpp"
#include "support/temp_dir.hpp"

namespace eventcollab::test {

/// The admin URL of the PostgreSQL server the suite runs on, or nullopt on SQLite.
inline const std::optional<std::string>& postgres_admin_url() {
  static const std::optional<std::string> url = pg_admin_url();
  return url;
}

inline bool on_postgres() { return postgres_admin_url().has_value(); }

/// A test that checks something only SQLite has (files, pages, PRAGMAs, SQLite's own errors)
/// returns early, with a note, when the suite runs on PostgreSQL.
#define SQLITE_ONLY()                                                \
  do {                                                               \
    if (::eventcollab::test::on_postgres()) {                        \
      MESSAGE("checks what only SQLite has; skipped on PostgreSQL"); \
      return;                                                        \
    }                                                                \
  } while (false)

/// On PostgreSQL, the URL of the database that stands for the file `file` (one per path).
inline std::string postgres_url_for(const std::filesystem::path& file) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(file.string()));
  return pg_url_with_db(*postgres_admin_url(), std::string("ect_") + hex);
}

/// The DATABASE_URL of database `name` for a test in `dir`: the file dir/name on SQLite; on
/// PostgreSQL an empty database made for it (the same one for the same dir and name, like a
/// file), dropped when `dir` goes.
inline std::string test_database_url(const TempDir& dir, const std::string& name = "test.db") {
  const auto file = dir / name;
  if (!on_postgres()) return file.string();
  const std::string url = postgres_url_for(file);
  const std::string db = url.substr(url.find("ect_"), 20);
  PgAdmin admin(*postgres_admin_url());
  if (admin.column("SELECT 1 FROM pg_database WHERE datname = '" + db + "'").empty()) {
    admin.exec("CREATE DATABASE " + db + " ENCODING 'UTF8'");
    dir.on_cleanup([db] {
      try {
        PgAdmin(*postgres_admin_url()).exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      } catch (const std::exception&) {
        // The server went away with the test; nothing is left to drop.
      }
    });
  }
  return url;
}

/// Everything stored, for "left unchanged" checks: the file with its WAL on SQLite; schema and
/// rows on PostgreSQL (identity sequences may move on a refused insert, rows may not).
inline std::string database_fingerprint(const std::string& url) {
  if (url.rfind("postgres", 0) == 0) return pg_fingerprint(url);
  std::string out;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(url + suffix, std::ios::binary);
    out += std::string(std::istreambuf_iterator<char>(in), {}) + "|";
  }
  return out;
}

}  // namespace eventcollab::test
