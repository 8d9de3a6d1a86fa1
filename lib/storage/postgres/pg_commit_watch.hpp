// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "storage/commit_watch.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace eventcollab::storage::postgres {

/// The channel every unit that appends to the change feed notifies; PostgreSQL delivers the
/// notification when (and only if) that unit commits.
inline constexpr const char* kChangeChannel = "eventcollab_changes";

/// Watches for commits with LISTEN on a connection of its own, waiting on its socket. A lost
/// connection is made again on the next wait (which then returns at once, so that the caller
/// reads anything committed while it was away). Throws Error: storage.
std::unique_ptr<CommitWatch> watch_commits(const ConnectSpec& spec);

}  // namespace eventcollab::storage::postgres
