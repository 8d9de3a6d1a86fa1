// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

// Failed logins, kept in the database so throttling holds across processes.

/// Failures for `username_key` after `since`; `oldest` receives the earliest of them.
std::int64_t count_login_failures(Transaction& tx, std::string_view username_key,
                                  std::int64_t since, std::int64_t* oldest);
void record_login_failure(Transaction& tx, std::string_view username_key, std::int64_t now);
/// A successful login forgets that name's failures.
void clear_login_failures(Transaction& tx, std::string_view username_key);
/// Deletes at most `limit` failures at or before `before` (of any name): guesses at many
/// unknown names would otherwise pile up forever. Bounded, so one login never pays for a
/// backlog.
void prune_login_failures(Transaction& tx, std::int64_t before, std::int64_t limit);

}  // namespace eventcollab::storage
