// SPDX-License-Identifier: MIT
#include "storage/postgres/pg_schema.hpp"

#include <fmt/format.h>

namespace eventcollab::storage::postgres {
namespace {

constexpr std::string_view kApplication = "eventcollab";

int latest_of(std::span<const PgMigration> steps) {
  return steps.empty() ? 0 : steps.back().version;
}

// What decides whether the database is ours, read in the caller's snapshot.
struct Probe {
  std::optional<std::string> schema;  // current_schema(): where our tables live
  std::int64_t objects = 0;           // tables, views, sequences in it
  bool has_marker = false;
  bool has_migrations = false;
  std::int64_t marker_rows = 0;
  std::string application;
  std::int64_t version = 0;
};

Probe probe(PgConnection& conn) {
  static const std::string sql =
      "SELECT current_schema(), "
      "(SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
      "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
      "AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')), "
      "to_regclass(format('%I.%I', current_schema(), $1::text)) IS NOT NULL, "
      "to_regclass(format('%I.schema_migrations', current_schema())) IS NOT NULL";
  const Rows r = conn.run(sql, Params().add(kMarkerTable));
  Probe p;
  p.schema = r.optional_text(0, 0);
  p.objects = r.integer(0, 1);
  p.has_marker = r.boolean(0, 2);
  p.has_migrations = r.boolean(0, 3);
  if (p.has_marker) {
    const Rows m = conn.run(fmt::format(
        "SELECT count(*), coalesce(min(application), ''), coalesce(max(version), 0) FROM {}",
        kMarkerTable));
    p.marker_rows = m.integer(0, 0);
    p.application = m.text(0, 1);
    p.version = m.integer(0, 2);
  }
  return p;
}

std::vector<std::string> marker_problems(const Probe& p) {
  std::vector<std::string> out;
  if (!p.has_marker) return out;
  if (p.marker_rows != 1) {
    out.push_back(fmt::format("table {} holds {} rows, not 1", kMarkerTable, p.marker_rows));
  } else if (p.application != kApplication) {
    out.push_back(fmt::format("table {} names the application '{}', not '{}'", kMarkerTable,
                              p.application, kApplication));
  }
  return out;
}

int checked_version(const Probe& p, std::span<const PgMigration> steps) {
  if (!p.schema) {
    throw Error(Errc::storage,
                "the search_path names no existing schema to keep the tables in (check the "
                "options of DATABASE_URL, or create the schema)");
  }
  if (p.objects == 0) return 0;  // a new, empty database (schema)
  if (!p.has_marker) {
    throw Error(Errc::incompatible_database,
                fmt::format("schema {} holds {} tables, views or sequences of another "
                            "application (no {} table), not an eventcollab database; refusing "
                            "to touch it",
                            *p.schema, p.objects, kMarkerTable));
  }
  if (const auto problems = marker_problems(p); !problems.empty()) {
    throw Error(Errc::incompatible_database,
                fmt::format("the database is damaged or not eventcollab's: {}", problems.front()));
  }
  if (p.version > latest_of(steps)) {
    throw Error(Errc::incompatible_database,
                fmt::format("the database has schema version {}, newer than the {} this "
                            "library knows; upgrade libeventcollab to open it",
                            p.version, latest_of(steps)));
  }
  return static_cast<int>(p.version);
}

}  // namespace

SchemaStatus inspect(PgConnection& conn, std::span<const PgMigration> steps) {
  PgTransaction snapshot(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const Probe p = probe(conn);
  SchemaStatus status;
  status.current = checked_version(p, steps);
  status.latest = latest_of(steps);
  if (status.current > 0 && p.has_migrations) {
    const Rows names = conn.run("SELECT name FROM schema_migrations ORDER BY version");
    for (int i = 0; i < names.size(); ++i) status.applied.push_back(names.text(i, 0));
  }
  for (const auto& step : steps) {
    if (step.version > status.current) status.pending.emplace_back(step.name);
  }
  snapshot.commit();
  return status;
}

void migrate(PgConnection& conn, std::int64_t now_seconds, std::span<const PgMigration> steps) {
  // READ COMMITTED: each statement after the lock sees what a migrator before us committed.
  PgTransaction tx(conn, "BEGIN ISOLATION LEVEL READ COMMITTED");
  conn.run("SELECT pg_advisory_xact_lock($1)", Params().add(kMigrationLock));
  const int current = checked_version(probe(conn), steps);
  if (current >= latest_of(steps)) return;  // another process migrated meanwhile
  if (current == 0) {
    conn.exec(R"sql(
      CREATE TABLE schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      );
      CREATE TABLE eventcollab_schema (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        application TEXT NOT NULL,
        version     INTEGER NOT NULL
      );
      COMMENT ON TABLE eventcollab_schema IS
        'Marks this schema as an eventcollab database and holds its schema version';
    )sql");
    conn.run("INSERT INTO eventcollab_schema(id, application, version) VALUES (1, $1, 0)",
             Params().add(kApplication));
  }
  for (const auto& step : steps) {
    if (step.version <= current) continue;
    try {
      conn.exec(std::string(step.sql).c_str());
    } catch (const Error& e) {
      throw Error(Errc::storage,
                  fmt::format("migration {} ({}) failed: {}", step.version, step.name, e.what()));
    }
    conn.run("INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)",
             Params().add(step.version).add(step.name).add(now_seconds));
  }
  conn.run("UPDATE eventcollab_schema SET version = $1 WHERE id = 1",
           Params().add(latest_of(steps)));
  tx.commit();
}

std::vector<std::string> marker_damage(PgConnection& conn) {
  PgTransaction snapshot(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  auto problems = marker_problems(probe(conn));
  snapshot.commit();
  return problems;
}

}  // namespace eventcollab::storage::postgres
