// SPDX-License-Identifier: MIT
#include "storage/sqlite/sqlite_database.hpp"

#include <mutex>

#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "storage/sqlite/connection_pool.hpp"
#include "storage/sqlite/integrity_repository.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/migrator.hpp"
#include "storage/sqlite/sqlite_commit_watch.hpp"
#include "storage/sqlite/sqlite_unit_of_work.hpp"

namespace eventcollab::storage::sqlite {
namespace {

[[noreturn]] void no_database(const std::filesystem::path& path, std::string_view why = {}) {
  throw Error(Errc::not_found,
              fmt::format("no database at {}{} (run `eventcollab init`)", path.string(), why));
}

// Names the file in every open error, so a person knows which database was refused.
[[noreturn]] void rethrow_with_path(const Error& e, const std::filesystem::path& path) {
  throw Error(e.code(), fmt::format("cannot open {}: {}", path.string(), e.what()));
}

// Refuses what SQLite must not be given: a missing file when nothing may create it, and
// anything that is not a regular file (/dev/null would get a /dev/null-journal beside it).
// Returns whether the file exists.
bool require_usable_path(const std::filesystem::path& path, bool may_create) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    if (!may_create) no_database(path);
    return false;
  }
  if (ec) {
    throw Error(Errc::storage, fmt::format("cannot open {}: {}", path.string(), ec.message()));
  }
  if (status.type() != std::filesystem::file_type::regular) {
    throw Error(Errc::incompatible_database,
                fmt::format("cannot open {}: not a regular file, so not an eventcollab database",
                            path.string()));
  }
  return true;
}

// A read-only store reads the schema it finds; it never migrates, so anything but the current
// schema is refused with what to run.
Connection open_read_only(const std::filesystem::path& path, const Config& config) {
  auto conn = Connection::open(path, OpenMode::read_only, config.busy_timeout_ms);
  const SchemaStatus status = storage::inspect(conn, kMigrations);
  if (status.current == 0) no_database(path, ": the file holds no eventcollab database");
  if (!status.pending.empty()) {
    throw Error(Errc::incompatible_database,
                fmt::format("schema version {} is older than the {} this library reads, and a "
                            "read-only open does not migrate: run `eventcollab migrate` first",
                            status.current, status.latest));
  }
  return conn;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::filesystem::path path, const Config& config)
      : path_(std::move(path)),
        location_(path_.string()),
        busy_timeout_ms_(config.busy_timeout_ms),
        pool_(path_,
              config.access_mode == AccessMode::read_only ? OpenMode::read_only
                                                          : OpenMode::read_write,
              config.busy_timeout_ms, config.durability) {}

  void adopt(Connection conn) { pool_.adopt(std::move(conn)); }

  std::unique_ptr<UnitOfWork> begin(TxKind kind) override {
    switch (kind) {
      case TxKind::write: {
        // Writers of this process queue here instead of in SQLite's busy handler, which sleeps
        // in steps of up to 100 ms; other processes still meet the busy timeout.
        std::unique_lock writer(write_mutex_);
        return std::make_unique<SqliteUnitOfWork>(pool_.acquire(), std::move(writer),
                                                  Behavior::immediate);
      }
      case TxKind::read:
        return std::make_unique<SqliteUnitOfWork>(pool_.acquire(), std::unique_lock<std::mutex>(),
                                                  Behavior::deferred);
      case TxKind::single_statement:
        return std::make_unique<SqliteUnitOfWork>(pool_.acquire(), std::unique_lock<std::mutex>(),
                                                  Behavior::single_statement);
    }
    throw Error(Errc::internal, "unknown kind of transaction");
  }

  SchemaStatus schema_status() override {
    auto conn = pool_.acquire();
    return storage::inspect(*conn, kMigrations);
  }

  const std::string& location() const override { return location_; }
  bool reads_are_local() const noexcept override { return true; }
  const std::filesystem::path& file() const override { return path_; }

  std::unique_ptr<CommitWatch> watch_commits() override {
    return sqlite::watch_commits(path_, busy_timeout_ms_);
  }

  // The database, its -wal and -shm that group or others may read: with a generated signing
  // key in the file, any of them lets its reader mint tokens for every user.
  void find_exposure(bool holds_key, std::vector<std::string>& problems) override {
    if (!holds_key) return;
    using std::filesystem::perms;
    std::vector<std::string> exposed;
    unsigned mode = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      const auto file = std::filesystem::path(path_.string() + suffix);
      const auto st = std::filesystem::status(file, ec);
      if (ec || !std::filesystem::exists(st)) continue;
      if ((st.permissions() & (perms::group_read | perms::others_read)) != perms::none) {
        exposed.push_back(file.string());
        if (mode == 0) mode = static_cast<unsigned>(st.permissions() & perms::mask);
      }
    }
    if (exposed.empty()) return;
    std::string files;
    for (const auto& f : exposed) files += " " + f;
    problems.push_back(fmt::format(
        "{} is readable by other users (mode {:04o}) and holds the generated signing key: "
        "anyone who can read it can sign tokens for every user (fix: chmod 600{})",
        path_.string(), mode, files));
  }

 private:
  std::filesystem::path path_;
  std::string location_;
  std::int64_t busy_timeout_ms_;
  ConnectionPool pool_;
  std::mutex write_mutex_;
};

}  // namespace

std::unique_ptr<Database> open(const Config& config, std::int64_t now_seconds) {
  const auto path = config.database_path();
  const bool read_only = config.access_mode == AccessMode::read_only;
  require_usable_path(path, !read_only && config.create_if_missing);
  try {
    auto db = std::make_unique<SqliteDatabase>(path, config);
    db->adopt(read_only ? open_read_only(path, config)
                        : open_and_migrate(path, kMigrations, config.busy_timeout_ms, now_seconds));
    return db;
  } catch (const Error& e) {
    rethrow_with_path(e, path);
  }
}

SchemaStatus inspect(const Config& config) {
  const auto path = config.database_path();
  if (!require_usable_path(path, /*may_create=*/true)) {
    SchemaStatus s;
    s.latest = kMigrations.back().version;
    for (const auto& m : kMigrations) s.pending.emplace_back(m.name);
    return s;
  }
  try {
    auto conn = Connection::open(path, OpenMode::read_only, config.busy_timeout_ms);
    return storage::inspect(conn, kMigrations);
  } catch (const Error& e) {
    rethrow_with_path(e, path);
  }
}

std::vector<std::string> precheck(const Config& config) {
  const auto path = config.database_path();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) no_database(path);
  if (status.type() != std::filesystem::file_type::regular) return {};  // open() refuses it
  if (std::filesystem::file_size(path, ec) == 0 && !ec) {
    return {fmt::format("damaged: {} is empty (0 bytes): no eventcollab database in it",
                        path.string())};
  }
  // A file whose header or schema SQLite cannot read would be refused by open(): read them
  // first, on a connection of our own, and report such damage.
  try {
    auto conn = Connection::open(path, OpenMode::read_only, config.busy_timeout_ms);
    Transaction tx(conn, Behavior::deferred);
    read_schema(tx);
  } catch (const Error& e) {
    if (!is_sqlite_damage(e)) throw;
    return {fmt::format("damaged: {}", e.what())};
  }
  return {};
}

}  // namespace eventcollab::storage::sqlite
