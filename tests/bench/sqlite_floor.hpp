// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <string_view>

#include "raw_floor.hpp"
#include "raw_sqlite.hpp"

namespace eventcollab::bench {

/// The floor on SQLite: its own connection with the library's pragmas, so that library/raw
/// measures the library's own overhead; writes take BEGIN IMMEDIATE as the library does.
class SqliteFloor final : public RawFloor {
 public:
  /// `synchronous` is FULL or NORMAL, matching Config::durability.
  SqliteFloor(const std::filesystem::path& file, std::string_view synchronous);

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
  /// The change feed's row, its audience and the retention probe, as the library writes them.
  void record_change(std::int64_t event, std::string_view kind, std::int64_t version,
                     std::int64_t now, std::int64_t actor);

  RawDb db_;
  RawStmt begin_, commit_, insert_event_, insert_version_, update_, get_, list_, window_, session_;
  RawStmt change_, audience_, prune_probe_;
};

}  // namespace eventcollab::bench
