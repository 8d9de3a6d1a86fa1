// SPDX-License-Identifier: MIT
#include "eventcollab/store.hpp"

#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "core/store_impl.hpp"
#include "crypto/crypto.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab {
namespace {

constexpr std::string_view kSecretSetting = "jwt_secret_key";

// Enough for every writer of a busy event to get its turn (each conflict means another unit
// committed), bounded so a pathological loop ends with an error instead of spinning.
constexpr int kMaxWriteAttempts = 32;

}  // namespace

void detail::StoreCore::refuse_write() const {
  throw Error(Errc::invalid_argument,
              fmt::format("{} is open read-only (Config::access_mode): this operation writes; "
                          "open it read_write",
                          db->location()));
}

void detail::StoreCore::back_off(int attempt, const storage::RetryableConflict& e) {
  if (attempt >= kMaxWriteAttempts) {
    throw Error(Errc::storage,
                fmt::format("the database stayed too busy with conflicting writes ({} attempts; "
                            "last: {}); try again",
                            attempt, e.what()));
  }
  // Random, growing and capped: colliding writers spread out instead of colliding again.
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int cap_us = std::min(50'000, 200 << std::min(attempt, 8));
  std::this_thread::sleep_for(
      std::chrono::microseconds(std::uniform_int_distribution<int>(0, cap_us)(rng)));
}

Store Store::open(const Config& config) {
  config.validate();
  const std::int64_t now = config.clock().time_since_epoch().count();
  auto impl = std::make_unique<Impl>(config, storage::open_database(config, now));
  auto& core = impl->core;
  const bool read_only = config.access_mode == AccessMode::read_only;
  try {
    std::string secret;
    if (config.secret_key) {
      secret = *config.secret_key;
    } else if (read_only) {
      // Without a stored key no token of this database exists yet: a throwaway key accepts none.
      secret = core.read([&](storage::UnitOfWork& tx) {
        return tx.get_setting(kSecretSetting).value_or(crypto::random_bytes(32));
      });
    } else {
      // Generated once and kept, so the zero-config default works and tokens survive restarts.
      secret = core.write([&](storage::UnitOfWork& tx) {
        if (auto stored = tx.get_setting(kSecretSetting)) return *stored;
        std::string fresh = crypto::random_bytes(32);
        tx.put_setting(kSecretSetting, fresh);
        return fresh;
      });
    }
    core.jwt = std::make_unique<auth::JwtCodec>(secret);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("cannot open {}: {}", core.db->location(), e.what()));
  }
  return Store(std::move(impl));
}

SchemaStatus Store::inspect(const Config& config) {
  config.validate();
  return storage::inspect_database(config);
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
Changes& Store::changes() { return live().changes; }
const std::filesystem::path& Store::path() const { return live().core.db->file(); }
const std::string& Store::location() const { return live().core.db->location(); }
const Config& Store::config() const { return live().core.config; }
bool Store::reads_are_local() const { return live().core.db->reads_are_local(); }

SchemaStatus Store::schema_status() { return live().core.db->schema_status(); }

}  // namespace eventcollab
