// SPDX-License-Identifier: MIT
#pragma once

#include "storage/sqlite/connection.hpp"

namespace eventcollab::storage {

enum class Behavior {
  deferred,   ///< reads: a consistent snapshot from the first read on
  immediate,  ///< writes: takes the write lock at BEGIN, so no upgrade deadlock later
  /// Reads of exactly one statement: no BEGIN/ROLLBACK. SQLite already runs a lone statement
  /// in its own read transaction with one snapshot (ended when the statement is reset), so the
  /// pair added nothing but two statement executions per call. Never for two statements.
  single_statement,
};

/// RAII transaction: rolls back in the destructor unless commit() ran. Repository functions
/// take a Transaction&, so nothing can touch the database outside one.
class Transaction {
 public:
  Transaction(Connection& conn, Behavior behavior);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();
  Connection& conn() noexcept { return *conn_; }
  StatementLease cached(std::string_view sql) { return conn_->cached(sql); }

 private:
  Connection* conn_;
  bool open_ = true;
};

}  // namespace eventcollab::storage
