// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "auth/jwt.hpp"
#include "eventcollab/store.hpp"
#include "storage/connection_pool.hpp"
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::detail {

/// What every service shares: configuration, clock, connections and the token codec.
struct StoreCore {
  Config config;
  std::filesystem::path path;
  storage::ConnectionPool pool;
  std::unique_ptr<auth::JwtCodec> jwt;
  // Writers of this process queue here instead of in SQLite's busy handler, which sleeps in
  // steps of up to 100 ms; other processes still meet the busy timeout. Never nest write().
  std::mutex write_mutex;

  StoreCore(Config c, std::filesystem::path p)
      : config(std::move(c)),
        path(std::move(p)),
        pool(path,
             config.access_mode == AccessMode::read_only ? storage::OpenMode::read_only
                                                         : storage::OpenMode::read_write,
             config.busy_timeout_ms, config.durability) {}

  /// Throws the error of a write through a read-only store.
  [[noreturn]] void refuse_write() const;

  std::int64_t now() const { return config.clock().time_since_epoch().count(); }

  /// Runs `fn(tx)` in one BEGIN IMMEDIATE transaction and commits; any exception rolls back.
  /// A read-only store refuses (invalid_argument) before touching the database.
  template <class Fn>
  auto write(Fn&& fn) {
    if (config.access_mode == AccessMode::read_only) refuse_write();
    std::lock_guard writer(write_mutex);
    auto conn = pool.acquire();
    storage::Transaction tx(*conn, storage::Behavior::immediate);
    if constexpr (std::is_void_v<decltype(fn(tx))>) {
      fn(tx);
      tx.commit();
    } else {
      auto result = fn(tx);
      tx.commit();
      return result;
    }
  }

  /// Runs `fn(tx)` in one read transaction (a consistent snapshot).
  template <class Fn>
  auto read(Fn&& fn) {
    auto conn = pool.acquire();
    storage::Transaction tx(*conn, storage::Behavior::deferred);
    return fn(tx);
  }

  /// Like read(), for an `fn` that runs exactly one SQL statement: that statement is its own
  /// snapshot, so no BEGIN/ROLLBACK is spent around it (the hot reads: get, list, authenticate).
  template <class Fn>
  auto read_one_statement(Fn&& fn) {
    auto conn = pool.acquire();
    storage::Transaction tx(*conn, storage::Behavior::single_statement);
    return fn(tx);
  }
};

}  // namespace eventcollab::detail
