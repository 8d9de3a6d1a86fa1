// SPDX-License-Identifier: MIT
#include "eventcollab/auth.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "auth/credentials.hpp"
#include "auth/password_hash.hpp"
#include "core/store_core.hpp"
#include "crypto/crypto.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab {
namespace {

constexpr std::string_view kBadLogin = "incorrect username or password";
constexpr std::int64_t kSecondsPerDay = 86'400;
// Expired rows removed per login or refresh: more than one call adds, so a backlog drains
// while no single call pays for all of it.
constexpr std::int64_t kPruneBatch = 64;

[[noreturn]] void unauthenticated(std::string_view why = "invalid or expired token") {
  throw Error(Errc::unauthenticated, std::string(why));
}

// Refresh tokens never outlive their login; access tokens are short and checked against the
// login's expiry on every use (Auth::authenticate).
TokenPair issue_tokens(detail::StoreCore& core, storage::UnitOfWork& tx, UserId user,
                       std::int64_t session, std::int64_t session_expires_at, std::int64_t now) {
  const std::int64_t ttl = core.config.access_token_expire_minutes * 60;
  auth::Claims claims{user, session, now, now + ttl,
                      crypto::base64url_encode(crypto::random_bytes(16))};
  TokenPair pair;
  pair.access_token = core.jwt->encode(claims);
  pair.expires_in = ttl;
  pair.refresh_token = crypto::base64url_encode(crypto::random_bytes(32));
  tx.insert_refresh_token(
      crypto::sha256(pair.refresh_token), session, now,
      std::min(session_expires_at, now + core.config.refresh_token_expire_days * kSecondsPerDay));
  return pair;
}

}  // namespace

User Auth::register_user(std::string_view username, std::string_view password,
                         std::optional<std::string_view> email) {
  auth::validate_registration(username, password, email);
  // The slow hash runs before the write lock is taken, so registrations do not queue behind it.
  const std::string hash = auth::hash_password(password, core_->config.password_iterations);
  return core_->write(
      [&](storage::UnitOfWork& tx) { return tx.insert_user(username, email, hash, core_->now()); });
}

TokenPair Auth::login(std::string_view username, std::string_view password) {
  auto& cfg = core_->config;
  if (!auth::is_valid_username(username) || password.size() > auth::kMaxPassword) {
    auth::verify_dummy(password.substr(0, auth::kMaxPassword), cfg.password_iterations);
    unauthenticated(kBadLogin);
  }
  const std::string key = auth::username_key(username);
  const std::int64_t now = core_->now();
  const std::int64_t window_start = now - cfg.login_failure_window_seconds;

  // 1. Throttle, and count this attempt as a failure before the slow check, in the same write
  //    transaction as the count: parallel guesses cannot all pass a count taken before any of
  //    them was recorded. A success clears it again.
  auto row = core_->write([&](storage::UnitOfWork& tx) {
    std::int64_t oldest = 0;
    if (tx.count_login_failures(key, window_start, &oldest) >= cfg.login_max_failures) {
      const std::int64_t retry =
          std::max<std::int64_t>(1, oldest + cfg.login_failure_window_seconds - now);
      throw Error(
          Errc::rate_limited,
          fmt::format("too many failed logins for this username; try again in {} seconds", retry))
          .with_retry_after(retry);
    }
    tx.record_login_failure(key, now);
    tx.prune_login_failures(window_start, kPruneBatch);
    tx.prune_expired_sessions(now, kPruneBatch);
    return tx.find_user_by_name(username);
  });

  // 2. The slow check, outside any transaction. An unknown user costs the same time.
  auth::PasswordCheck check;
  if (row) {
    check = auth::verify_password(password, row->password_hash, cfg.password_iterations);
  } else {
    auth::verify_dummy(password, cfg.password_iterations);
  }
  if (!check.ok) unauthenticated(kBadLogin);  // the failure is already recorded

  // 3. Success: upgrade a weak hash, clear failures, start a session.
  const std::string upgraded =
      check.needs_rehash ? auth::hash_password(password, cfg.password_iterations) : std::string();
  return core_->write([&](storage::UnitOfWork& tx) {
    if (!upgraded.empty()) tx.update_password_hash(row->user.id, upgraded);
    tx.clear_login_failures(key);
    const std::int64_t expires_at = now + cfg.session_expire_days * kSecondsPerDay;
    const std::int64_t session = tx.insert_session(row->user.id, now, expires_at);
    return issue_tokens(*core_, tx, row->user.id, session, expires_at, now);
  });
}

TokenPair Auth::refresh(std::string_view refresh_token) {
  if (refresh_token.empty() || refresh_token.size() > 256) unauthenticated("invalid refresh token");
  const std::string hash = crypto::sha256(refresh_token);
  enum class Outcome { issued, reused, invalid };
  Outcome outcome = Outcome::invalid;
  auto pair = core_->write([&](storage::UnitOfWork& tx) -> TokenPair {
    outcome = Outcome::invalid;  // a retried unit starts over
    const std::int64_t now = core_->now();
    tx.prune_expired_sessions(now, kPruneBatch);
    const auto row = tx.find_refresh_token(hash);
    if (!row || row->session_revoked || row->expires_at <= now || row->session_expires_at <= now) {
      return {};
    }
    if (row->used) {
      // A rotated token came back: someone holds a copy. End the whole login (committed).
      tx.revoke_session(row->session_id, now);
      outcome = Outcome::reused;
      return {};
    }
    tx.mark_refresh_token_used(hash, now);
    outcome = Outcome::issued;
    return issue_tokens(*core_, tx, row->user_id, row->session_id, row->session_expires_at, now);
  });
  if (outcome != Outcome::issued) unauthenticated("invalid refresh token");
  return pair;
}

void Auth::logout(const Principal& who) {
  const bool revoked = core_->write(
      [&](storage::UnitOfWork& tx) { return tx.revoke_session(who.session_id, core_->now()); });
  if (!revoked) unauthenticated("this login has already ended");
}

Principal Auth::authenticate(std::string_view access_token) {
  const auth::Claims claims = core_->jwt->decode(access_token);
  const std::int64_t now = core_->now();
  if (claims.expires_at <= now) unauthenticated();
  auto username = core_->read_one_statement([&](storage::UnitOfWork& tx) {
    return tx.active_session_username(claims.session_id, claims.user_id, now);
  });
  if (!username) unauthenticated();
  return Principal{claims.user_id, *std::move(username), claims.session_id};
}

Principal Auth::trusted_principal(UserId id) {
  auto user = core_->read([&](storage::UnitOfWork& tx) { return tx.find_user_by_id(id); });
  if (!user) throw Error(Errc::not_found, fmt::format("user {} not found", id));
  return Principal{user->id, user->username, 0};
}

User Auth::me(const Principal& who) {
  auto user = core_->read([&](storage::UnitOfWork& tx) { return tx.find_user_by_id(who.user_id); });
  if (!user) unauthenticated("the user no longer exists");
  return *std::move(user);
}

User Auth::find_user(std::string_view username) {
  auto row = core_->read([&](storage::UnitOfWork& tx) { return tx.find_user_by_name(username); });
  if (!row) throw Error(Errc::not_found, fmt::format("user '{}' not found", username));
  return row->user;
}

}  // namespace eventcollab
