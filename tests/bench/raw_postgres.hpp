// SPDX-License-Identifier: MIT
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "raw_floor.hpp"
#include "workload.hpp"

// The PostgreSQL floor under each library operation: the same statements the library's
// PostgreSQL backend runs, prepared once on one connection, text parameters, nothing else.
// Writes run in the isolation the library uses (SERIALIZABLE), so the ratio measures the
// library's own cost, not a cheaper isolation.
namespace eventcollab::bench {

class RawPostgresFloor {
 public:
  /// Connects to `url` (a migrated eventcollab database). `synchronous_commit` false matches
  /// Durability::normal. Throws std::runtime_error.
  RawPostgresFloor(const std::string& url, bool synchronous_commit);

  /// BEGIN SERIALIZABLE; INSERT event RETURNING id; INSERT its version 1; COMMIT.
  std::int64_t create(std::int64_t owner, const Content& c, std::int64_t now);

  /// BEGIN SERIALIZABLE; UPDATE ... WHERE caller may write RETURNING the new row; INSERT the
  /// version snapshot; COMMIT.
  bool update_title(std::int64_t id, std::int64_t user, std::string_view title, std::int64_t now);

  /// The event by primary key plus the caller's share.
  std::optional<RawEvent> get(std::int64_t id, std::int64_t viewer);

  /// Owned UNION ALL shared, by start then id, first `limit` rows.
  std::vector<RawEvent> list(std::int64_t viewer, std::int64_t limit);

  /// The same for events that overlap [from, to).
  std::vector<RawEvent> window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                               std::int64_t limit);

 private:
  struct Finish {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
  };
  struct Clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  using Result = std::unique_ptr<PGresult, Clear>;

  void prepare(const char* name, const std::string& sql);
  Result run(const char* name, const std::vector<std::optional<std::string>>& params);
  void exec(const char* sql);

  std::unique_ptr<PGconn, Finish> conn_;
};

}  // namespace eventcollab::bench
