// SPDX-License-Identifier: MIT
// The one place that chooses a backend: everything else talks to Database and UnitOfWork.
#include "storage/database.hpp"

#include "storage/postgres/pg_backend.hpp"
#include "storage/sqlite/integrity_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace eventcollab::storage {

std::unique_ptr<Database> open_database(const Config& config, std::int64_t now_seconds) {
  if (config.backend() == Backend::postgres) return postgres::open(config, now_seconds);
  return sqlite::open(config, now_seconds);
}

SchemaStatus inspect_database(const Config& config) {
  if (config.backend() == Backend::postgres) return postgres::inspect(config);
  return sqlite::inspect(config);
}

std::vector<std::string> precheck_database(const Config& config) {
  if (config.backend() == Backend::postgres) return postgres::precheck(config);
  return sqlite::precheck(config);
}

// PostgreSQL keeps its pages sound itself: what check finds there is reported as problems.
bool is_damage(const std::exception& e) noexcept { return is_sqlite_damage(e); }

}  // namespace eventcollab::storage
