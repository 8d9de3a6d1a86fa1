// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include "eventcollab/auth.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// A login: access tokens carry its id, refresh tokens hang off it; revoking it ends both.
std::int64_t insert_session(Transaction& tx, UserId user, std::int64_t now,
                            std::int64_t expires_at);

/// The username of an active (not revoked) session of `user`, if any.
std::optional<std::string> active_session_username(Transaction& tx, std::int64_t session,
                                                   UserId user);

/// Returns false if it was already revoked (or does not exist).
bool revoke_session(Transaction& tx, std::int64_t session, std::int64_t now);

struct RefreshRow {
  std::int64_t session_id;
  UserId user_id;
  std::int64_t expires_at;
  bool used;
  bool session_revoked;
};

void insert_refresh_token(Transaction& tx, std::string_view token_hash, std::int64_t session,
                          std::int64_t now, std::int64_t expires_at);
std::optional<RefreshRow> find_refresh_token(Transaction& tx, std::string_view token_hash);
void mark_refresh_token_used(Transaction& tx, std::string_view token_hash, std::int64_t now);

// Failed logins, kept in the database so throttling holds across processes.
std::int64_t count_login_failures(Transaction& tx, std::string_view username_key,
                                  std::int64_t since, std::int64_t* oldest);
void record_login_failure(Transaction& tx, std::string_view username_key, std::int64_t now);
void clear_login_failures(Transaction& tx, std::string_view username_key, std::int64_t before);

std::optional<std::string> get_setting(Transaction& tx, std::string_view key);
void put_setting(Transaction& tx, std::string_view key, std::string_view value);

}  // namespace eventcollab::storage
