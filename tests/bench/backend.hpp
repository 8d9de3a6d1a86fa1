// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "eventcollab/config.hpp"
#include "raw_floor.hpp"
#include "seed_plan.hpp"

// What differs between the backends the benchmark runs on: where a database lives, how rows
// are bulk-loaded into it, how its space is counted and which raw floor runs beside the
// library. Everything else (plans, scenarios, report) is written once against this.
namespace eventcollab::bench {

/// Where the bytes of a seeded database go (tables with their indexes).
struct SpaceUse {
  std::int64_t total_bytes = 0;    ///< the file, or the whole database on the server
  std::int64_t event_bytes = 0;    ///< events + its indexes
  std::int64_t version_bytes = 0;  ///< event_versions + its indexes
  std::int64_t share_bytes = 0;    ///< shares + its indexes
  std::int64_t copy_bytes = 0;     ///< SQLite's per-viewer list copies (visible_events)
  std::int64_t other_bytes = 0;    ///< users, sessions, schema, free pages
};

class BenchBackend {
 public:
  virtual ~BenchBackend() = default;

  virtual std::string name() const = 0;     ///< SQLite, PostgreSQL
  virtual std::string version() const = 0;  ///< of the library or server measured
  virtual std::string where() const = 0;    ///< directory, or server (no password)
  /// How databases are seeded and how the floor connects, for the report's preamble.
  virtual std::string notes() const = 0;

  /// The DATABASE_URL of database `label` (a file name part, e.g. "10000-10000").
  virtual std::string url(const std::string& label) const = 0;
  /// True when database `label` exists already (for --reuse).
  virtual bool exists(const std::string& label) = 0;
  /// Makes database `label` new and empty (removing an older one) and returns its URL.
  virtual std::string create(const std::string& label) = 0;
  /// Removes database `label`; nothing when it does not exist.
  virtual void drop(const std::string& label) = 0;

  /// Bulk-loads the rows `plan` hands its sink into `url`, whose schema and user 1 exist. May
  /// call `plan` more than once (each call hands the same rows). Leaves the database as a
  /// long-running one would be: indexes built, statistics known, data on disk.
  virtual void load(const std::string& url, const std::function<void(RowSink&)>& plan) = 0;
  virtual std::int64_t count_shares(const std::string& url) = 0;
  virtual SpaceUse space(const std::string& url) = 0;
  /// The raw floor beside the library, in the same durability mode.
  virtual std::unique_ptr<RawFloor> floor(const std::string& url, Durability durability) = 0;
};

/// Databases are files in `dir`.
std::unique_ptr<BenchBackend> sqlite_backend(const std::filesystem::path& dir);

/// Databases are made on the server `admin_url` names (it must be allowed to CREATE DATABASE).
/// `fixed_names`: the same name per label in every run (for --reuse), else the process id
/// keeps concurrent runs apart.
std::unique_ptr<BenchBackend> postgres_backend(const std::string& admin_url, bool fixed_names);

}  // namespace eventcollab::bench
