// SPDX-License-Identifier: MIT
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "raw_sqlite.hpp"
#include "workload.hpp"

// The floor under each library operation: the same rows, the same SQLite file and pragmas,
// done by hand with prepared statements reused forever and nothing else. Where the library
// must do a piece of work to be correct (a permission check, reading the row it snapshots,
// verifying a token's signature), the floor does it too, in the cheapest form available.
namespace eventcollab::bench {

/// What a read returns: owned strings, as the library's Event holds them.
struct RawEvent {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::int64_t start = 0, end = 0, owner = 0, version = 0, created = 0, updated = 0;
  std::string permission;
};

class RawFloor {
 public:
  /// `synchronous` is FULL or NORMAL, matching Config::durability.
  RawFloor(const std::filesystem::path& file, std::string_view synchronous);

  /// BEGIN IMMEDIATE; INSERT event; INSERT its version 1; COMMIT.
  std::int64_t create(std::int64_t owner, const Content& c, std::int64_t now);

  /// BEGIN IMMEDIATE; UPDATE ... WHERE caller may write RETURNING the new row; INSERT the
  /// version snapshot; COMMIT. One statement does the permission check, the version bump and
  /// the read-back the snapshot needs.
  bool update_title(std::int64_t id, std::int64_t user, std::string_view title, std::int64_t now);

  /// The event by primary key plus the caller's share (a permission check is not optional).
  std::optional<RawEvent> get(std::int64_t id, std::int64_t viewer);

  /// Owned UNION ALL shared, by start then id, first `limit` rows.
  std::vector<RawEvent> list(std::int64_t viewer, std::int64_t limit);

  /// The same for events that overlap [from, to).
  std::vector<RawEvent> window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                               std::int64_t limit);

  /// The session lookup authenticate needs (session live, user exists).
  std::optional<std::string> session_username(std::int64_t session, std::int64_t user);

  RawDb& db() noexcept { return db_; }

 private:
  RawDb db_;
  RawStmt begin_, commit_, insert_event_, insert_version_, update_, get_, list_, window_, session_;
};

/// HS256 verification with one keyed EVP_MAC_CTX re-initialised per token (no algorithm
/// fetch, no context copy), a strict signature compare and a minimal claim scan.
class RawJwt {
 public:
  explicit RawJwt(std::string_view key);
  ~RawJwt();
  RawJwt(const RawJwt&) = delete;
  RawJwt& operator=(const RawJwt&) = delete;

  struct Claims {
    std::int64_t sub = 0, sid = 0, exp = 0;
  };
  /// nullopt unless header, signature and claims are all as issued.
  std::optional<Claims> verify(std::string_view token);

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
};

}  // namespace eventcollab::bench
