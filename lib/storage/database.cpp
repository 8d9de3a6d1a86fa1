// SPDX-License-Identifier: MIT
// The one place that chooses a backend: everything else talks to Database and UnitOfWork.
#include "storage/database.hpp"

#include "storage/sqlite/integrity_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace eventcollab::storage {
namespace {

[[noreturn]] void no_postgres() {
  throw Error(Errc::invalid_argument, "this build has no PostgreSQL backend");
}

}  // namespace

std::unique_ptr<Database> open_database(const Config& config, std::int64_t now_seconds) {
  if (config.backend() == Backend::postgres) no_postgres();
  return sqlite::open(config, now_seconds);
}

SchemaStatus inspect_database(const Config& config) {
  if (config.backend() == Backend::postgres) no_postgres();
  return sqlite::inspect(config);
}

std::vector<std::string> precheck_database(const Config& config) {
  if (config.backend() == Backend::postgres) no_postgres();
  return sqlite::precheck(config);
}

bool is_damage(const std::exception& e) noexcept { return is_sqlite_damage(e); }

}  // namespace eventcollab::storage
