// SPDX-License-Identifier: MIT
#include "eventcollab/store.hpp"

#include <fmt/format.h>

#include "core/store_impl.hpp"
#include "crypto/crypto.hpp"
#include "eventcollab/error.hpp"
#include "storage/migrator.hpp"
#include "storage/settings_repository.hpp"

namespace eventcollab {
namespace {

constexpr std::string_view kSecretSetting = "jwt_secret_key";

// Names the file in every open error, so a person knows which database was refused.
[[noreturn]] void rethrow_with_path(const Error& e, const std::filesystem::path& path) {
  throw Error(e.code(), fmt::format("cannot open {}: {}", path.string(), e.what()));
}

[[noreturn]] void no_database(const std::filesystem::path& path, std::string_view why = {}) {
  throw Error(Errc::not_found,
              fmt::format("no database at {}{} (run `eventcollab init`)", path.string(), why));
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
storage::Connection open_read_only(const std::filesystem::path& path, const Config& config) {
  auto conn = storage::Connection::open(path, storage::OpenMode::read_only, config.busy_timeout_ms);
  const SchemaStatus status = storage::inspect(conn, storage::kMigrations);
  if (status.current == 0) no_database(path, ": the file holds no eventcollab database");
  if (!status.pending.empty()) {
    throw Error(Errc::incompatible_database,
                fmt::format("schema version {} is older than the {} this library reads, and a "
                            "read-only open does not migrate: run `eventcollab migrate` first",
                            status.current, status.latest));
  }
  return conn;
}

}  // namespace

void detail::StoreCore::refuse_write() const {
  throw Error(Errc::invalid_argument,
              fmt::format("{} is open read-only (Config::access_mode): this operation writes; "
                          "open it read_write",
                          path.string()));
}

Store Store::open(const Config& config) {
  config.validate();
  const auto path = config.database_path();
  const bool read_only = config.access_mode == AccessMode::read_only;
  require_usable_path(path, !read_only && config.create_if_missing);
  auto impl = std::make_unique<Impl>(config, path);
  auto& core = impl->core;
  try {
    core.pool.adopt(read_only ? open_read_only(path, config)
                              : storage::open_and_migrate(path, storage::kMigrations,
                                                          config.busy_timeout_ms, core.now()));
    std::string secret;
    if (config.secret_key) {
      secret = *config.secret_key;
    } else if (read_only) {
      // Without a stored key no token of this database exists yet: a throwaway key accepts none.
      secret = core.read([&](storage::Transaction& tx) {
        return storage::get_setting(tx, kSecretSetting).value_or(crypto::random_bytes(32));
      });
    } else {
      // Generated once and kept, so the zero-config default works and tokens survive restarts.
      secret = core.write([&](storage::Transaction& tx) {
        if (auto stored = storage::get_setting(tx, kSecretSetting)) return *stored;
        std::string fresh = crypto::random_bytes(32);
        storage::put_setting(tx, kSecretSetting, fresh);
        return fresh;
      });
    }
    core.jwt = std::make_unique<auth::JwtCodec>(secret);
  } catch (const Error& e) {
    rethrow_with_path(e, path);
  }
  return Store(std::move(impl));
}

SchemaStatus Store::inspect(const Config& config) {
  config.validate();
  const auto path = config.database_path();
  if (!require_usable_path(path, /*may_create=*/true)) {
    SchemaStatus s;
    s.latest = storage::kMigrations.back().version;
    for (const auto& m : storage::kMigrations) s.pending.emplace_back(m.name);
    return s;
  }
  try {
    auto conn =
        storage::Connection::open(path, storage::OpenMode::read_only, config.busy_timeout_ms);
    return storage::inspect(conn, storage::kMigrations);
  } catch (const Error& e) {
    rethrow_with_path(e, path);
  }
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store::Impl& Store::live() const {
  if (!impl_) {
    throw Error(Errc::invalid_argument,
                "this Store was moved from: use the Store it was moved into");
  }
  return *impl_;
}

Auth& Store::auth() { return live().auth; }
Events& Store::events() { return live().events; }
Sharing& Store::sharing() { return live().sharing; }
History& Store::history() { return live().history; }
const std::filesystem::path& Store::path() const { return live().core.path; }
const Config& Store::config() const { return live().core.config; }

SchemaStatus Store::schema_status() {
  auto conn = live().core.pool.acquire();
  return storage::inspect(*conn, storage::kMigrations);
}

}  // namespace eventcollab
