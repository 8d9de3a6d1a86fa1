// SPDX-License-Identifier: MIT
#include "storage/sqlite/transaction.hpp"

namespace eventcollab::storage {

Transaction::Transaction(Connection& conn, Behavior behavior) : conn_(&conn) {
  if (behavior == Behavior::single_statement) {
    open_ = false;  // nothing to begin, commit or roll back
    return;
  }
  // busy_timeout covers BEGIN IMMEDIATE waiting for another writer.
  conn_->cached(behavior == Behavior::immediate ? "BEGIN IMMEDIATE" : "BEGIN")->run();
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    conn_->cached("ROLLBACK")->run();
  } catch (...) {
    // A failed rollback leaves SQLite to roll back on the next statement; never throw here.
  }
}

void Transaction::commit() {
  if (!open_) return;  // single_statement
  conn_->cached("COMMIT")->run();
  open_ = false;
}

}  // namespace eventcollab::storage
