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

constexpr std::size_t kMinSecretBytes = 32;
constexpr std::string_view kSecretSetting = "jwt_secret_key";

void validate(const Config& c) {
  if (c.access_token_expire_minutes < 1) {
    throw Error(Errc::invalid_argument, "ACCESS_TOKEN_EXPIRE_MINUTES must be at least 1");
  }
  if (c.refresh_token_expire_days < 1) {
    throw Error(Errc::invalid_argument, "REFRESH_TOKEN_EXPIRE_DAYS must be at least 1");
  }
  if (c.password_iterations < 1) {
    throw Error(Errc::invalid_argument, "password_iterations must be at least 1");
  }
  if (c.busy_timeout_ms < 0) throw Error(Errc::invalid_argument, "busy_timeout_ms must be >= 0");
  if (c.secret_key && c.secret_key->size() < kMinSecretBytes) {
    throw Error(Errc::invalid_argument,
                fmt::format("SECRET_KEY must be at least {} bytes (try: openssl rand -hex 32)",
                            kMinSecretBytes));
  }
  if (!c.clock) throw Error(Errc::invalid_argument, "config.clock must be set");
}

// Names the file in every open error, so a person knows which database was refused.
[[noreturn]] void rethrow_with_path(const Error& e, const std::filesystem::path& path) {
  throw Error(e.code(), fmt::format("cannot open {}: {}", path.string(), e.what()));
}

}  // namespace

Store Store::open(const Config& config) {
  validate(config);
  const auto path = config.database_path();
  auto impl = std::make_unique<Impl>(config, path);
  auto& core = impl->core;
  try {
    storage::Connection conn =
        storage::open_and_migrate(path, storage::kMigrations, config.busy_timeout_ms, core.now());
    core.pool.adopt(std::move(conn));
    std::string secret;
    if (config.secret_key) {
      secret = *config.secret_key;
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
  const auto path = config.database_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
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

Auth& Store::auth() noexcept { return impl_->auth; }
Events& Store::events() noexcept { return impl_->events; }
Sharing& Store::sharing() noexcept { return impl_->sharing; }
History& Store::history() noexcept { return impl_->history; }
const std::filesystem::path& Store::path() const noexcept { return impl_->core.path; }
const Config& Store::config() const noexcept { return impl_->core.config; }

SchemaStatus Store::schema_status() {
  auto conn = impl_->core.pool.acquire();
  return storage::inspect(*conn, storage::kMigrations);
}

}  // namespace eventcollab
