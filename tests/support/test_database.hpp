// SPDX-License-Identifier: MIT
// Which backend the suite runs on. By default every test uses a SQLite file in its temp dir;
// with EVENTCOLLAB_TEST_POSTGRES_URL set to a PostgreSQL URL with the right to create
// databases (e.g. postgresql:///postgres?host=/tmp/pg), each test gets a fresh database of
// its own on that server instead, dropped when the test ends.
#pragma once

#include <libpq-fe.h>

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

#include "support/temp_dir.hpp"

namespace eventcollab::test {

/// The admin URL of the PostgreSQL server the suite runs on, or nullopt on SQLite.
inline const std::optional<std::string>& postgres_admin_url() {
  static const std::optional<std::string> url = []() -> std::optional<std::string> {
    const char* v = std::getenv("EVENTCOLLAB_TEST_POSTGRES_URL");
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  }();
  return url;
}

inline bool on_postgres() { return postgres_admin_url().has_value(); }

/// A test that checks something only SQLite has (files, pages, PRAGMAs) returns early, with a
/// note, when the suite runs on PostgreSQL.
#define SQLITE_ONLY()                                             \
  do {                                                            \
    if (::eventcollab::test::on_postgres()) {                     \
      MESSAGE("checks SQLite files only; skipped on PostgreSQL"); \
      return;                                                     \
    }                                                             \
  } while (false)

namespace pg {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;

inline Conn connect(const std::string& url) {
  Conn c(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("test database server: ") + PQerrorMessage(c.get()));
  }
  return c;
}

/// Runs `sql` (no parameters: only names made by the suite) and returns the first column of
/// every row.
inline std::vector<std::string> query(PGconn* c, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, sql.c_str()), &PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(r.get()));
  }
  std::vector<std::string> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    out.emplace_back(PQgetisnull(r.get(), i, 0) ? "NULL" : PQgetvalue(r.get(), i, 0));
  }
  return out;
}

/// `url` naming database `db` instead of its own.
inline std::string with_dbname(const std::string& url, const std::string& db) {
  const auto authority = url.find("://") + 3;
  const auto path = url.find('/', authority);
  const auto query_start = url.find('?', authority);
  if (path == std::string::npos || (query_start != std::string::npos && query_start < path)) {
    const auto at = query_start == std::string::npos ? url.size() : query_start;
    return url.substr(0, at) + "/" + db + url.substr(at);
  }
  const auto end = query_start == std::string::npos ? url.size() : query_start;
  return url.substr(0, path + 1) + db + url.substr(end);
}

}  // namespace pg

/// The DATABASE_URL of database `name` for a test in `dir`: the file dir/name on SQLite; on
/// PostgreSQL an empty database made for it (the same one for the same dir and name, like a
/// file), dropped when `dir` goes.
inline std::string test_database_url(const TempDir& dir, const std::string& name = "test.db") {
  const auto file = dir / name;
  if (!on_postgres()) return file.string();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(file.string()));
  const std::string db = std::string("ect_") + hex;
  auto admin = pg::connect(*postgres_admin_url());
  if (pg::query(admin.get(), "SELECT 1 FROM pg_database WHERE datname = '" + db + "'").empty()) {
    pg::query(admin.get(), "CREATE DATABASE " + db);
    dir.on_cleanup([db] {
      try {
        auto c = pg::connect(*postgres_admin_url());
        pg::query(c.get(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      } catch (const std::exception&) {
        // The server went away with the test; nothing is left to drop.
      }
    });
  }
  return pg::with_dbname(*postgres_admin_url(), db);
}

/// Everything stored, for "left unchanged" checks: the file with its WAL on SQLite; every
/// table's rows on PostgreSQL (identity sequences may move on a refused insert, rows may not).
inline std::string database_fingerprint(const std::string& url) {
  if (url.rfind("postgres", 0) != 0) {
    std::string out;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(url + suffix, std::ios::binary);
      out += std::string(std::istreambuf_iterator<char>(in), {}) + "|";
    }
    return out;
  }
  auto c = pg::connect(url);
  std::string out;
  for (const auto& table :
       pg::query(c.get(),
                 "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                 "'public' ORDER BY table_name")) {
    out += table + ":";
    for (const auto& row :
         pg::query(c.get(), "SELECT t::text FROM \"" + table + "\" t ORDER BY t::text")) {
      out += row + ";";
    }
  }
  return out;
}

}  // namespace eventcollab::test
