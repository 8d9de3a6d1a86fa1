// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <memory>

#include "storage/commit_watch.hpp"

namespace eventcollab::storage::sqlite {

/// Watches a SQLite file for commits through `PRAGMA data_version` on a connection of its
/// own: the number changes when any other connection (of any process) committed. Reading it
/// costs a shared-memory look-up, so a poll every few milliseconds is nearly free.
/// Throws Error: storage (cannot open the file).
std::unique_ptr<CommitWatch> watch_commits(const std::filesystem::path& file,
                                           std::int64_t busy_timeout_ms);

}  // namespace eventcollab::storage::sqlite
