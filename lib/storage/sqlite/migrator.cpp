// SPDX-License-Identifier: MIT
#include "storage/sqlite/migrator.hpp"

#include <sqlite3.h>

#include <chrono>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "storage/sqlite/sqlite_error.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {
namespace {

int latest_of(std::span<const Migration> steps) { return steps.empty() ? 0 : steps.back().version; }

bool has_table(Connection& conn, std::string_view name) {
  auto st = conn.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  st.bind_all(name);
  return st.step();
}

// Reads the three header facts that decide whether the file is ours, turning "not a
// database" into a refusal that names the file.
struct Probe {
  std::int64_t application_id;
  std::int64_t objects;
  std::int64_t user_version;
};

Probe probe(Connection& conn) {
  try {
    return {conn.query_int("PRAGMA application_id"),
            conn.query_int("SELECT count(*) FROM sqlite_schema"),
            conn.query_int("PRAGMA user_version")};
  } catch (const SqliteError& e) {
    if (e.code() == Errc::incompatible_database) {
      throw Error(Errc::incompatible_database, "the file is not a SQLite database");
    }
    throw;
  }
}

int checked_version(const Probe& p, std::span<const Migration> steps) {
  if (p.application_id == 0 && p.objects == 0) return 0;  // new, empty file
  if (p.application_id != kApplicationId) {
    throw Error(Errc::incompatible_database,
                "the file is a SQLite database of another application, not an eventcollab "
                "database; refusing to touch it");
  }
  if (p.user_version > latest_of(steps)) {
    throw Error(Errc::incompatible_database,
                fmt::format("the database has schema version {}, newer than the {} this "
                            "library knows; upgrade libeventcollab to open it",
                            p.user_version, latest_of(steps)));
  }
  return static_cast<int>(p.user_version);
}

// Switching to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once instead
// of calling the busy handler: when another process is opening the same new file, retry
// until the busy timeout has passed.
void enable_wal(Connection& conn, std::int64_t busy_timeout_ms) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (;;) {
    try {
      conn.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (const SqliteError& e) {
      if ((e.extended_code() & 0xff) != SQLITE_BUSY ||
          std::chrono::steady_clock::now() >= deadline) {
        throw;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

SchemaStatus inspect(Connection& conn, std::span<const Migration> steps) {
  // One read transaction, so that the probes see one state of the file even while another
  // process migrates it (else: application_id 0, then tables present -> "not ours").
  Transaction snapshot(conn, Behavior::deferred);
  SchemaStatus status;
  status.current = checked_version(probe(conn), steps);
  status.latest = latest_of(steps);
  if (status.current > 0 && has_table(conn, "schema_migrations")) {
    auto st = conn.prepare("SELECT name FROM schema_migrations ORDER BY version");
    while (st.step()) status.applied.push_back(st.get_text(0));
  }
  for (const auto& step : steps) {
    if (step.version > status.current) status.pending.emplace_back(step.name);
  }
  return status;
}

namespace {

// Foreign keys off for the life of a migration that rebuilds tables, restored after its
// commit or rollback. The pragma does nothing inside a transaction, so it brackets the BEGIN.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Connection& conn) : conn_(conn) {
    was_on_ = conn_.query_int("PRAGMA foreign_keys") != 0;
    conn_.exec("PRAGMA foreign_keys = OFF");
  }
  ~ForeignKeysOff() {
    try {
      if (was_on_) conn_.exec("PRAGMA foreign_keys = ON");
    } catch (...) {  // a destructor must not throw; the pool sets the pragma again at adopt
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  Connection& conn_;
  bool was_on_ = false;
};

void require_foreign_keys_hold(Connection& conn, const Migration& step) {
  auto st = conn.prepare("PRAGMA foreign_key_check");
  if (st.step()) {
    throw Error(
        Errc::storage,
        fmt::format("migration {} ({}) failed: row {} of {} points to a missing {}", step.version,
                    step.name, st.get_int(1), st.get_text(0), st.get_text(2)));
  }
}

}  // namespace

void migrate(Connection& conn, std::span<const Migration> steps, std::int64_t now_seconds) {
  // Set before BEGIN, for any step that rebuilds, even one already applied by another process
  // meanwhile: being off for a migration that then has nothing to do costs nothing.
  std::optional<ForeignKeysOff> fk_off;
  for (const auto& step : steps) {
    if (step.rebuilds_tables) {
      fk_off.emplace(conn);
      break;
    }
  }
  Transaction tx(conn, Behavior::immediate);
  // Another process may have migrated between our inspect and this lock: read again.
  const int current = checked_version(probe(conn), steps);
  if (current == latest_of(steps)) return;  // rolls back an empty transaction
  conn.exec(R"sql(CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at INTEGER NOT NULL))sql");
  for (const auto& step : steps) {
    if (step.version <= current) continue;
    try {
      conn.exec(step.sql);
    } catch (const Error& e) {
      throw Error(Errc::storage,
                  fmt::format("migration {} ({}) failed: {}", step.version, step.name, e.what()));
    }
    if (step.rebuilds_tables) require_foreign_keys_hold(conn, step);
    auto st = conn.prepare(
        "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)");
    st.bind_all(step.version, step.name, now_seconds);
    st.run();
  }
  // Pragmas cannot take parameters; both values are integers we control.
  conn.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};", kApplicationId,
                        latest_of(steps)));
  tx.commit();
}

Connection open_and_migrate(const std::filesystem::path& path, std::span<const Migration> steps,
                            std::int64_t busy_timeout_ms, std::int64_t now_seconds) {
  Connection conn = Connection::open(path, OpenMode::read_write_create, busy_timeout_ms);
  const SchemaStatus status = inspect(conn, steps);  // writes nothing; throws on refusal
  // Only now that the file is known to be ours (or empty) may we write: journal_mode is
  // persistent and rewrites the header.
  enable_wal(conn, busy_timeout_ms);
  if (!status.pending.empty()) migrate(conn, steps, now_seconds);
  return conn;
}

}  // namespace eventcollab::storage
