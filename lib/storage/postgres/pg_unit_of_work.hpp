// SPDX-License-Identifier: MIT
#pragma once

#include "storage/postgres/pg_pool.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage::postgres {

/// A UnitOfWork on one pooled PostgreSQL connection. write: SERIALIZABLE, so whatever it read
/// stays true until commit or the unit fails with RetryableConflict; find_event_for also locks
/// the event row, so writers of one event queue instead of failing one another. read:
/// REPEATABLE READ READ ONLY. single_statement: no BEGIN, the statement is its own snapshot.
/// The statements live in pg_auth_queries.cpp, pg_event_queries.cpp and pg_integrity.cpp.
class PgUnitOfWork final : public UnitOfWork {
 public:
  PgUnitOfWork(PgPool::Lease conn, TxKind kind);

  void commit() override { tx_.commit(); }

  EVENTCOLLAB_UNIT_OF_WORK_OVERRIDES

 private:
  PgConnection& conn() { return *conn_; }

  // In this order: the transaction ends before the connection goes back to the pool.
  PgPool::Lease conn_;
  TxKind kind_;
  PgTransaction tx_;
};

}  // namespace eventcollab::storage::postgres
