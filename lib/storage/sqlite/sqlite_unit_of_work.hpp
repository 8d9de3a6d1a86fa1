// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>

#include "storage/sqlite/connection_pool.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage {

/// A UnitOfWork on one pooled SQLite connection. A write unit holds the store's writer mutex
/// from BEGIN IMMEDIATE to its end: SQLite has one writer, so nothing it read can change
/// before it commits and RetryableConflict never happens here.
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  SqliteUnitOfWork(ConnectionPool::Lease conn, std::unique_lock<std::mutex> writer,
                   Behavior behavior)
      : writer_(std::move(writer)), conn_(std::move(conn)), tx_(*conn_, behavior) {}

  void commit() override { tx_.commit(); }

  EVENTCOLLAB_UNIT_OF_WORK_OVERRIDES

 private:
  // Declared in this order so the transaction ends before the connection goes back to the
  // pool, and both before the writer mutex is released.
  std::unique_lock<std::mutex> writer_;
  ConnectionPool::Lease conn_;
  Transaction tx_;
};

}  // namespace eventcollab::storage
