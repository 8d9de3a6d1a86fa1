// SPDX-License-Identifier: MIT
// A logical dump of every table, for "the database is unchanged" checks: the file's bytes
// may move (WAL checkpoints) while its content must not.
#pragma once

#include <openssl/evp.h>
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_database.hpp"

namespace eventcollab::test {

/// Every row of every table, tables by name, rows in full column order, with type tags. When
/// the suite runs on PostgreSQL: the database standing for `file`, as pg_fingerprint reads it.
inline std::string dump_database(const std::filesystem::path& file) {
  if (on_postgres()) return pg_fingerprint(postgres_url_for(file));
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string());
  }
  sqlite3_busy_timeout(db, 10'000);
  auto rows = [&](const std::string& sql, auto&& each) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("dump: ") + sqlite3_errmsg(db));
    }
    while (sqlite3_step(st) == SQLITE_ROW) each(st);
    sqlite3_finalize(st);
  };
  std::string out;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);  // one snapshot for all tables
  std::vector<std::string> tables;
  rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", [&](sqlite3_stmt* st) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  });
  for (const auto& t : tables) {
    out += "table " + t + "\n";
    sqlite3_stmt* probe = nullptr;
    sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &probe, nullptr);
    const int columns = sqlite3_column_count(probe);
    sqlite3_finalize(probe);
    std::string order;
    for (int c = 1; c <= columns; ++c) order += (c > 1 ? "," : "") + std::to_string(c);
    rows("SELECT * FROM \"" + t + "\" ORDER BY " + order, [&](sqlite3_stmt* st) {
      for (int c = 0; c < columns; ++c) {
        const int type = sqlite3_column_type(st, c);
        out += std::to_string(type) + ":";
        if (type != SQLITE_NULL) {
          out.append(static_cast<const char*>(sqlite3_column_blob(st, c)),
                     static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
        }
        out += '\x1f';
      }
      out += '\n';
    });
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return out;
}

/// SHA-256 of dump_database(), in hex.
inline std::string database_checksum(const std::filesystem::path& file) {
  const std::string dump = dump_database(file);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(dump.data(), dump.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

}  // namespace eventcollab::test
