// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "raw_floor.hpp"
#include "raw_pg.hpp"

namespace eventcollab::bench {

/// The floor on PostgreSQL: one libpq connection, the backend's own statements prepared once
/// (PQprepare/PQexecPrepared, text parameters and results, as the backend uses them), writes in
/// the backend's BEGIN ISOLATION LEVEL SERIALIZABLE ... COMMIT, so that the ratio is the
/// library's own cost and not that of the isolation it needs.
class PgFloor final : public RawFloor {
 public:
  /// `synchronous_commit` false matches Durability::normal (the backend sets it off).
  PgFloor(const std::string& url, bool synchronous_commit);

  std::int64_t create(std::int64_t owner, const Content& c, std::int64_t now) override;
  bool update_title(std::int64_t id, std::int64_t user, std::string_view title,
                    std::int64_t now) override;
  std::optional<RawEvent> get(std::int64_t id, std::int64_t viewer) override;
  std::vector<RawEvent> list(std::int64_t viewer, std::int64_t limit) override;
  std::vector<RawEvent> window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                               std::int64_t limit) override;
  std::optional<std::string> session_username(std::int64_t session, std::int64_t user,
                                              std::int64_t now) override;

 private:
  /// The change feed's number (under its advisory lock), row, audience and the retention
  /// probe, as the library writes them.
  void record_change(const std::string& event, const std::string& kind, const std::string& version,
                     const std::string& now, const std::string& actor);

  PgConn conn_;
};

}  // namespace eventcollab::bench
