// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eventcollab/auth.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

/// A login: access tokens carry its id, refresh tokens hang off it; revoking it ends both,
/// and so does reaching `expires_at` (its absolute lifetime, however often it is refreshed).
std::int64_t insert_session(Transaction& tx, UserId user, std::int64_t now,
                            std::int64_t expires_at);

/// The username of a session of `user` that is neither revoked nor expired at `now`.
std::optional<std::string> active_session_username(Transaction& tx, std::int64_t session,
                                                   UserId user, std::int64_t now);

/// Returns false if it was already revoked (or does not exist).
bool revoke_session(Transaction& tx, std::int64_t session, std::int64_t now);

void insert_refresh_token(Transaction& tx, std::string_view token_hash, std::int64_t session,
                          std::int64_t now, std::int64_t expires_at);
std::optional<RefreshRow> find_refresh_token(Transaction& tx, std::string_view token_hash);
void mark_refresh_token_used(Transaction& tx, std::string_view token_hash, std::int64_t now);

/// Deletes at most `limit` sessions and at most `limit` refresh tokens that expired at or
/// before `now` (a session's refresh tokens go with it). Bounded, so that one call never pays
/// for a backlog; called during logins and refreshes, so expired rows do not pile up.
void prune_expired_sessions(Transaction& tx, std::int64_t now, std::int64_t limit);

}  // namespace eventcollab::storage
