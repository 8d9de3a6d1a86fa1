// SPDX-License-Identifier: MIT
#pragma once

#include <span>

#include "eventcollab/export.hpp"
#include "eventcollab/store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"

namespace eventcollab::storage {

/// Reads where the database stands against `steps`, writing nothing. Refuses (throws
/// incompatible_database) a file that is not SQLite, a SQLite file that is not ours, or a
/// schema newer than `steps`.
EVENTCOLLAB_EXPORT SchemaStatus inspect(Connection& conn, std::span<const Migration> steps);

/// Applies the pending steps of `steps` in one BEGIN IMMEDIATE transaction, recording each
/// in schema_migrations. Call inspect() first: this assumes the file is ours or empty.
EVENTCOLLAB_EXPORT void migrate(Connection& conn, std::span<const Migration> steps,
                                std::int64_t now_seconds);

/// Opens `path`, refuses foreign or newer files without touching them, then switches to WAL
/// and migrates with `steps`. Exported for tests that build older schemas.
EVENTCOLLAB_EXPORT Connection open_and_migrate(const std::filesystem::path& path,
                                               std::span<const Migration> steps,
                                               std::int64_t busy_timeout_ms,
                                               std::int64_t now_seconds);

}  // namespace eventcollab::storage
