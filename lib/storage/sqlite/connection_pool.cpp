// SPDX-License-Identifier: MIT
#include "storage/sqlite/connection_pool.hpp"

namespace eventcollab::storage {

// Beyond this many idle connections, returned ones are closed: bursts do not pin file
// handles forever.
constexpr std::size_t kMaxIdle = 32;

ConnectionPool::ConnectionPool(std::filesystem::path path, OpenMode mode,
                               std::int64_t busy_timeout_ms, Durability durability)
    : path_(std::move(path)),
      mode_(mode),
      busy_timeout_ms_(busy_timeout_ms),
      durability_(durability) {}

void ConnectionPool::configure(Connection& conn) const {
  // foreign_keys silently does nothing inside a transaction, so it is set here, at open.
  conn.exec(durability_ == Durability::full
                ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                : "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  // Reads map the file (up to 1 GiB) instead of copying each 4 KiB page out of the OS cache
  // with pread(): at 1M events a list of 100 spent over half its time in those copies, and the
  // mapping is shared by every connection and process instead of each holding a private
  // cache. The cost: an I/O error while reading a mapped page arrives as SIGBUS rather than
  // SQLITE_IOERR (SQLite's documented trade-off). Writes still go through write().
  conn.exec("PRAGMA mmap_size = 1073741824");
}

ConnectionPool::Lease ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
  }
  auto conn = std::make_unique<Connection>(Connection::open(path_, mode_, busy_timeout_ms_));
  configure(*conn);
  return Lease(*this, std::move(conn));
}

void ConnectionPool::adopt(Connection conn) {
  configure(conn);
  give_back(std::make_unique<Connection>(std::move(conn)));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> conn) noexcept {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
}

}  // namespace eventcollab::storage
