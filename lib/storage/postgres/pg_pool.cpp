// SPDX-License-Identifier: MIT
#include "storage/postgres/pg_pool.hpp"

namespace eventcollab::storage::postgres {

PgPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_) pool_->release(std::move(conn_), generation_);
}

PgPool::Lease PgPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn), generation_);
  }
  ++open_;
  const std::uint64_t generation = generation_;
  lock.unlock();
  try {
    return Lease(this, PgConnection::connect(spec_), generation);
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void PgPool::adopt(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mutex_);
  ++open_;
  idle_.push_back(std::move(conn));
  available_.notify_one();
}

void PgPool::release(std::unique_ptr<PgConnection> conn, std::uint64_t generation) {
  std::vector<std::unique_ptr<PgConnection>> dropped;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    if (conn->reusable() && generation == generation_) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
      if (conn->broken()) {
        // The server may have restarted: every idle connection is suspect too.
        ++generation_;
        open_ -= static_cast<int>(idle_.size());
        dropped = std::move(idle_);
        idle_.clear();
      }
      dropped.push_back(std::move(conn));
    }
    available_.notify_all();
  }
}

}  // namespace eventcollab::storage::postgres
