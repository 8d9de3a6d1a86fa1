// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/changes.hpp"
#include "eventcollab/config.hpp"
#include "eventcollab/event.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/history.hpp"
#include "eventcollab/share.hpp"

namespace eventcollab {

/// Where a database stands against the migrations compiled into this library.
struct SchemaStatus {
  int current = 0;                     ///< applied version (0: empty or new file)
  int latest = 0;                      ///< newest version this library knows
  std::vector<std::string> applied{};  ///< names of applied steps, oldest first
  std::vector<std::string> pending{};  ///< names of steps still to apply, in order
};

/// Result of Store::check(): every problem found, empty when the database is sound.
struct CheckReport {
  std::vector<std::string> problems{};
  /// True when no problem was found.
  bool ok() const noexcept { return problems.empty(); }
};

/// A handle on one event database. Open it once and share it: every service is safe to use
/// from many threads, and several processes may open the same file at once.
class EVENTCOLLAB_EXPORT Store {
 public:
  /// Opens the database named by config.database_url. read_write (the default): creates a
  /// missing file (0600; unless config.create_if_missing is false) and applies pending
  /// migrations in one transaction. read_only: opens an existing file at the current schema
  /// and never writes (see Config::access_mode). A foreign or newer file is refused and left
  /// byte-identical; so is anything that is not a regular file.
  /// Throws Error: not_found ("no database at PATH": missing, or read_only on an empty file),
  /// incompatible_database (not ours, newer, not a regular file; read_only: an older schema),
  /// invalid_argument (config: see Config::validate), storage.
  static Store open(const Config& config);

  /// Reads the schema state of the configured database without changing anything.
  /// A missing file reports version 0 with every step pending.
  /// Throws Error: incompatible_database (also: not a regular file), invalid_argument (config),
  /// storage.
  static SchemaStatus inspect(const Config& config);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The accessors below throw Error: invalid_argument on a moved-from Store (never UB).

  /// Users, passwords and tokens. The reference lives as long as the store.
  Auth& auth();
  /// Event create, read, update, delete and listing.
  Events& events();
  /// Who may read or write an event.
  Sharing& sharing();
  /// Versions, diffs, changelog and rollback.
  History& history();
  /// The change feed: what changed since a cursor, for whoever may see it.
  Changes& changes();

  /// Calls `callback` for every change `who` may see (the rule of Changes) committed from now
  /// on, by this process or any other on the same database: in order, each exactly once, on
  /// the store's feed thread (one for the whole store, started by the first subscription).
  /// A change is seen within milliseconds here; from another process within a poll of the
  /// database (SQLite) or at once (PostgreSQL: LISTEN/NOTIFY). Keep the Subscription alive
  /// for as long as changes should come. Throws Error: storage.
  Subscription subscribe(const Principal& who, ChangeCallback callback);
  /// The same, starting after `cursor` (as Changes::since: "" or "0" is the oldest change
  /// kept): the changes already there come first, then the new ones, with none missed or
  /// repeated in between. Throws Error: invalid_argument (a cursor that is not one), gone
  /// (older than the history kept), storage.
  Subscription subscribe(const Principal& who, std::string_view cursor, ChangeCallback callback);

  /// The schema state of this (migrated) database. Throws Error: storage.
  SchemaStatus schema_status();

  /// Verifies SQLite integrity, foreign keys and the library's own invariants: versions
  /// numbered 1..n, the latest snapshot equals the event, no share duplicates the owner, times
  /// within 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z, only known permissions and kinds of
  /// change, schema_migrations agreeing with the schema version; and warns when the file holds
  /// the generated signing key but is readable by other users. Problems found (damage that
  /// stops SQLite reading included) are reported, not thrown. Throws Error: storage (cannot
  /// read, e.g. I/O).
  CheckReport check();

  /// Checks the existing database of `config` without creating, migrating or writing anything:
  /// it is opened read-only (config.access_mode is ignored). A file SQLite cannot read (empty,
  /// truncated, not a database, corrupted) is a report with the damage named, not an error.
  /// Throws Error: not_found ("no database at PATH"), incompatible_database (another
  /// application's database, a newer or older schema, not a regular file), invalid_argument
  /// (config), storage.
  static CheckReport check_file(const Config& config);

  /// The SQLite file this store uses; an empty path on PostgreSQL.
  const std::filesystem::path& path() const;

  /// Where the data lives, for messages: the SQLite file's path, or the PostgreSQL URL with
  /// its password replaced by `***`.
  const std::string& location() const;

  /// True when reads never wait on a network (the embedded SQLite file): a read then takes
  /// microseconds, so e.g. an HTTP server may answer it on its I/O thread. False on a server
  /// database (PostgreSQL), where every read is a round trip.
  bool reads_are_local() const;

  /// The configuration the store was opened with.
  const Config& config() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  Impl& live() const;  // the state, or invalid_argument when moved from
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab
