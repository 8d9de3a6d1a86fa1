// SPDX-License-Identifier: MIT
// A backend: where units of work come from. open_database() is the one place that chooses a
// backend from the configuration.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eventcollab/config.hpp"
#include "eventcollab/store.hpp"
#include "storage/commit_watch.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage {

/// An open, migrated database and its connections; safe to use from many threads.
class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  virtual ~Database() = default;

  /// Begins a unit of work on a pooled connection. Throws Error: storage (cannot connect).
  virtual std::unique_ptr<UnitOfWork> begin(TxKind kind) = 0;

  /// The schema state, read now.
  virtual SchemaStatus schema_status() = 0;

  /// Where the data lives, for messages: the file path, or the URL without its password.
  virtual const std::string& location() const = 0;

  /// True when a read never waits on a network (an embedded file): such reads finish in
  /// microseconds, so a caller may run them where it must not block long.
  virtual bool reads_are_local() const noexcept = 0;

  /// A watch on commits to this database by any process, for the change feed's thread.
  /// Throws Error: storage.
  virtual std::unique_ptr<CommitWatch> watch_commits() = 0;
  /// The SQLite file, or an empty path for a server database.
  virtual const std::filesystem::path& file() const = 0;

  /// Problems around the database rather than in it, for Store::check(): a file that other
  /// users can read while it holds the generated signing key. `holds_key` says whether it does.
  virtual void find_exposure(bool holds_key, std::vector<std::string>& problems) = 0;
};

/// Opens config's database: read_write creates (unless !create_if_missing) and migrates it;
/// read_only opens it at the current schema without writing. Errors name the location.
/// Throws Error: see Store::open.
std::unique_ptr<Database> open_database(const Config& config, std::int64_t now_seconds);

/// The schema state of config's database without changing anything (a missing SQLite file:
/// version 0, every step pending). Throws Error: see Store::inspect.
SchemaStatus inspect_database(const Config& config);

/// Damage that would keep open_database() from opening config's existing database, reported
/// rather than thrown (SQLite: an empty file, an unreadable header or schema); empty when it
/// can be opened read-only. Throws Error: not_found (nothing there), storage.
std::vector<std::string> precheck_database(const Config& config);

/// True when `e` says the stored data is damaged (SQLite: SQLITE_CORRUPT, SQLITE_NOTADB):
/// check reports such errors instead of throwing them.
bool is_damage(const std::exception& e) noexcept;

}  // namespace eventcollab::storage
