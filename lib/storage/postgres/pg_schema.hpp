// SPDX-License-Identifier: MIT
// Recognising, inspecting and migrating an eventcollab database on PostgreSQL.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "eventcollab/export.hpp"
#include "eventcollab/store.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrations.hpp"

namespace eventcollab::storage::postgres {

/// Where the database (its current schema, usually `public`) stands against `steps`, read in
/// one read-only snapshot, writing nothing. An empty schema is version 0. Throws Error:
/// incompatible_database for tables of another application, a damaged marker or a schema newer
/// than `steps`; storage.
EVENTCOLLAB_EXPORT SchemaStatus inspect(PgConnection& conn,
                                        std::span<const PgMigration> steps = kPgMigrations);

/// Applies the pending steps of `steps` in one transaction under pg_advisory_xact_lock, so
/// that processes starting at once migrate one after the other; each step is recorded in
/// schema_migrations. Reads the state again under the lock and refuses as inspect() does.
/// Throws Error: incompatible_database, storage ("migration N (name) failed: ...").
EVENTCOLLAB_EXPORT void migrate(PgConnection& conn, std::int64_t now_seconds,
                                std::span<const PgMigration> steps = kPgMigrations);

/// Problems of the marker table that keep the database from being opened (not exactly one
/// row, another application's name), one line each; empty when it is sound or absent.
std::vector<std::string> marker_damage(PgConnection& conn);

}  // namespace eventcollab::storage::postgres
