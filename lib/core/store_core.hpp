// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <utility>

#include "auth/jwt.hpp"
#include "eventcollab/store.hpp"
#include "storage/database.hpp"

namespace eventcollab::detail {

class ChangeHub;

/// What every service shares: configuration, clock, the database and the token codec.
struct StoreCore {
  Config config;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<auth::JwtCodec> jwt;

  StoreCore(Config c, std::unique_ptr<storage::Database> d)
      : config(std::move(c)), db(std::move(d)) {}
  /// Stops the change feed's thread (if any) before the database closes.
  ~StoreCore();
  StoreCore(const StoreCore&) = delete;
  StoreCore& operator=(const StoreCore&) = delete;

  /// The change feed's thread, started on first use. Throws Error: storage.
  std::shared_ptr<ChangeHub> change_hub();

  /// Throws the error of a write through a read-only store.
  [[noreturn]] void refuse_write() const;

  std::int64_t now() const { return config.clock().time_since_epoch().count(); }

  /// Runs `fn(uow)` in one write unit of work and commits; any exception rolls back. When the
  /// backend aborts the unit for a concurrent conflict (RetryableConflict: PostgreSQL's
  /// serialization failures), `fn` runs again from the start on a fresh unit, a bounded number
  /// of times, so `fn` must not act outside the unit except through its result. A read-only
  /// store refuses (invalid_argument) before touching the database. Never nest write().
  template <class Fn>
  auto write(Fn&& fn) {
    if (config.access_mode == AccessMode::read_only) refuse_write();
    for (int attempt = 1;; ++attempt) {
      try {
        auto uow = db->begin(storage::TxKind::write);
        if constexpr (std::is_void_v<decltype(fn(*uow))>) {
          fn(*uow);
          uow->commit();
          committed();
          return;
        } else {
          auto result = fn(*uow);
          uow->commit();
          committed();
          return result;
        }
      } catch (const storage::RetryableConflict& e) {
        back_off(attempt, e);
      }
    }
  }

  /// Runs `fn(uow)` in one read unit of work (a consistent snapshot).
  template <class Fn>
  auto read(Fn&& fn) {
    auto uow = db->begin(storage::TxKind::read);
    return fn(*uow);
  }

  /// Like read(), for an `fn` that runs exactly one statement: that statement is its own
  /// snapshot, so no BEGIN/ROLLBACK is spent around it (the hot reads: get, list, authenticate).
  template <class Fn>
  auto read_one_statement(Fn&& fn) {
    auto uow = db->begin(storage::TxKind::single_statement);
    return fn(*uow);
  }

 private:
  /// Tells the change feed's thread, when there is one, to look now.
  void committed() noexcept {
    if (ChangeHub* hub = hub_to_tell_.load(std::memory_order_acquire)) tell(*hub);
  }
  static void tell(ChangeHub& hub) noexcept;

  std::mutex hub_mutex_;
  std::shared_ptr<ChangeHub> hub_;
  std::atomic<ChangeHub*> hub_to_tell_{nullptr};

  /// Sleeps a short random time growing with `attempt`; after the last attempt throws a
  /// storage error (the database stayed too contended), never the conflict itself.
  static void back_off(int attempt, const storage::RetryableConflict& e);
};

}  // namespace eventcollab::detail
