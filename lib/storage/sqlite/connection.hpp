// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/sqlite/statement.hpp"

struct sqlite3;

namespace eventcollab::storage {

enum class OpenMode {
  read_only,          ///< SQLITE_OPEN_READONLY: never writes, never creates
  read_write,         ///< an existing file only
  read_write_create,  ///< creates a missing file, owner-only (0600) whatever the umask
};

/// Move-only owner of one sqlite3 connection. A connection serves one thread at a time.
class Connection {
 public:
  /// Opens with extended result codes on. A file created here is created 0600 before SQLite
  /// opens it, and SQLite gives its -wal and -shm files the same mode. Throws SqliteError.
  static Connection open(const std::filesystem::path& file, OpenMode mode,
                         std::int64_t busy_timeout_ms);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  ~Connection();

  /// Runs one or more statements without results (pragmas, migrations).
  void exec(std::string_view sql);

  /// Prepares a one-off statement.
  Statement prepare(std::string_view sql);

  /// A statement prepared once per connection (SQLITE_PREPARE_PERSISTENT) and reused,
  /// keyed by its text.
  StatementLease cached(std::string_view sql);

  /// Reads a single integer (e.g. a pragma).
  std::int64_t query_int(std::string_view sql);

  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  sqlite3* handle() const noexcept { return db_.get(); }

 private:
  struct Close {
    void operator()(sqlite3* db) const noexcept;
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  std::unique_ptr<sqlite3, Close> db_;
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>> cache_;
};

}  // namespace eventcollab::storage
