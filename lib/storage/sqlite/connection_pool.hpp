// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "eventcollab/config.hpp"
#include "storage/sqlite/connection.hpp"

namespace eventcollab::storage {

/// Connections to one file, each used by one thread at a time. Idle connections (and their
/// prepared statements) are kept for reuse; a busy pool opens another rather than waiting.
class ConnectionPool {
 public:
  /// Connections it opens use `mode` (read_only for a read-only store; never a create mode:
  /// the file exists once the store has opened it).
  ConnectionPool(std::filesystem::path path, OpenMode mode, std::int64_t busy_timeout_ms,
                 Durability durability);

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn) noexcept
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_));
    }
    Connection& operator*() const noexcept { return *conn_; }
    Connection* operator->() const noexcept { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  /// Hands out an idle connection or opens a new one. Throws SqliteError.
  Lease acquire();

  /// Adds an already-open, configured connection (the one that migrated the file).
  void adopt(Connection conn);

  /// Applies the per-connection pragmas; they must be set outside any transaction.
  void configure(Connection& conn) const;

 private:
  void give_back(std::unique_ptr<Connection> conn) noexcept;

  std::filesystem::path path_;
  OpenMode mode_;
  std::int64_t busy_timeout_ms_;
  Durability durability_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace eventcollab::storage
