// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "eventcollab/auth.hpp"
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
  /// Opens or creates the database and applies pending migrations in one transaction.
  /// A foreign or newer file is refused and left byte-identical.
  /// Throws Error: incompatible_database, invalid_argument (config), storage.
  static Store open(const Config& config);

  /// Reads the schema state of the configured database without changing anything.
  /// A missing file reports version 0 with every step pending.
  /// Throws Error: incompatible_database, invalid_argument, storage.
  static SchemaStatus inspect(const Config& config);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  /// Users, passwords and tokens. The reference lives as long as the store.
  Auth& auth() noexcept;
  /// Event create, read, update, delete and listing.
  Events& events() noexcept;
  /// Who may read or write an event.
  Sharing& sharing() noexcept;
  /// Versions, diffs, changelog and rollback.
  History& history() noexcept;

  /// The schema state of this (migrated) database. Throws Error: storage.
  SchemaStatus schema_status();

  /// Verifies SQLite integrity, foreign keys and the library's own invariants (versions
  /// numbered 1..n, the latest snapshot equals the event, no share duplicates the owner).
  /// Problems found are reported, not thrown. Throws Error: storage (cannot read).
  CheckReport check();

  /// The SQLite file this store uses.
  const std::filesystem::path& path() const noexcept;

  /// The configuration the store was opened with.
  const Config& config() const noexcept;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab
