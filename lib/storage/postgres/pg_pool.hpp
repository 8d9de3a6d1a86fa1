// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/postgres/pg_connection.hpp"

namespace eventcollab::storage::postgres {

/// At most `capacity` connections to one database, opened on demand; more callers wait for one
/// to come back. A connection that failed goes away instead of back, and with it every idle
/// one (after a server restart they are all dead): the next caller connects afresh.
class PgPool {
 public:
  PgPool(ConnectSpec spec, int capacity) : spec_(std::move(spec)), capacity_(capacity) {}
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  /// A connection lent to one caller; it returns to the pool when the lease ends.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn, std::uint64_t generation)
        : pool_(pool), conn_(std::move(conn)), generation_(generation) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
    std::uint64_t generation_;
  };

  /// Takes an idle connection, opens one while below capacity, else waits for one.
  /// Throws Error: storage (cannot connect).
  Lease acquire();

  /// Hands over a connection opened elsewhere (the one that migrated) as an idle one.
  void adopt(std::unique_ptr<PgConnection> conn);

  const ConnectSpec& spec() const { return spec_; }

 private:
  void release(std::unique_ptr<PgConnection> conn, std::uint64_t generation);

  ConnectSpec spec_;
  int capacity_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;                  // idle and lent
  std::uint64_t generation_ = 0;  // grows when a failure makes every older connection suspect
};

}  // namespace eventcollab::storage::postgres
