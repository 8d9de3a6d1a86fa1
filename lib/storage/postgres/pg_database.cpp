// SPDX-License-Identifier: MIT
// The PostgreSQL Database and the backend's entry points (see pg_backend.hpp).
#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "storage/postgres/pg_backend.hpp"
#include "storage/postgres/pg_commit_watch.hpp"
#include "storage/postgres/pg_pool.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

// An empty database is what a missing file is on SQLite: nothing of ours is there yet.
[[noreturn]] void no_database(const std::string& location) {
  throw Error(Errc::not_found, fmt::format("no database at {} (run `eventcollab init`)", location));
}

// Names the database in every open error, so a person knows which one was refused. A missing
// database (not_found) already does.
[[noreturn]] void rethrow_with_location(const Error& e, const std::string& location) {
  if (e.code() == Errc::not_found) throw e;
  throw Error(e.code(), fmt::format("cannot open {}: {}", location, e.what()));
}

class PgDatabase final : public Database {
 public:
  PgDatabase(ConnectSpec spec, int pool_size)
      : location_(spec.location), pool_(std::move(spec), pool_size) {}

  void adopt(std::unique_ptr<PgConnection> conn) { pool_.adopt(std::move(conn)); }

  std::unique_ptr<UnitOfWork> begin(TxKind kind) override {
    return std::make_unique<PgUnitOfWork>(lease(), kind);
  }

  SchemaStatus schema_status() override {
    auto conn = lease();
    return inspect(*conn);
  }

  const std::string& location() const override { return location_; }
  bool reads_are_local() const noexcept override { return false; }  // a round trip each

  const std::filesystem::path& file() const override {
    static const std::filesystem::path none;
    return none;
  }

  std::unique_ptr<CommitWatch> watch_commits() override {
    ConnectSpec spec = pool_.spec();
    spec.read_only = false;  // the watch's session runs nothing but LISTEN
    return postgres::watch_commits(spec);
  }

  // The server guards its files; there is nothing around the database to report.
  void find_exposure(bool, std::vector<std::string>&) override {}

 private:
  // A connection, naming the database when none can be had.
  PgPool::Lease lease() {
    try {
      return pool_.acquire();
    } catch (const Error& e) {
      if (e.code() == Errc::not_found) throw;
      throw Error(e.code(), fmt::format("{}: {}", location_, e.what()));
    }
  }

  std::string location_;
  PgPool pool_;
};

}  // namespace

std::unique_ptr<Database> open(const Config& config, std::int64_t now_seconds) {
  ConnectSpec spec = connect_spec(config);
  const bool read_only = config.access_mode == AccessMode::read_only;
  try {
    auto conn = PgConnection::connect(spec);
    const SchemaStatus status = inspect(*conn);
    if (status.current == 0 && (read_only || !config.create_if_missing)) {
      no_database(spec.location);
    }
    if (!status.pending.empty()) {
      if (read_only) {
        throw Error(Errc::incompatible_database,
                    fmt::format("schema version {} is older than the {} this library reads, and "
                                "a read-only open does not migrate: run `eventcollab migrate` "
                                "first",
                                status.current, status.latest));
      }
      migrate(*conn, now_seconds);
    }
    auto db = std::make_unique<PgDatabase>(spec, config.pool_size);
    db->adopt(std::move(conn));
    return db;
  } catch (const Error& e) {
    rethrow_with_location(e, spec.location);
  }
}

SchemaStatus inspect(const Config& config) {
  const ConnectSpec spec = connect_spec(config);
  std::unique_ptr<PgConnection> conn;
  try {
    conn = PgConnection::connect(spec);
  } catch (const Error& e) {
    if (e.code() != Errc::not_found) rethrow_with_location(e, spec.location);
    // No such database on the server: like a missing SQLite file, everything is pending.
    SchemaStatus s;
    s.latest = kPgMigrations.back().version;
    for (const auto& m : kPgMigrations) s.pending.emplace_back(m.name);
    return s;
  }
  try {
    return inspect(*conn);
  } catch (const Error& e) {
    rethrow_with_location(e, spec.location);
  }
}

std::vector<std::string> precheck(const Config& config) {
  const ConnectSpec spec = connect_spec(config);
  try {
    auto conn = PgConnection::connect(spec);
    std::vector<std::string> problems;
    for (const auto& p : marker_damage(*conn)) problems.push_back("damaged: " + p);
    if (!problems.empty()) return problems;
    SchemaStatus status;
    try {
      status = inspect(*conn);
    } catch (const Error& e) {
      if (e.code() == Errc::incompatible_database) return {};  // open() refuses it, by name
      throw;
    }
    if (status.current == 0) no_database(spec.location);
    return {};
  } catch (const Error& e) {
    rethrow_with_location(e, spec.location);
  }
}

}  // namespace eventcollab::storage::postgres
