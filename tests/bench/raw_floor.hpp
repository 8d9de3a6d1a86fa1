// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "workload.hpp"

// The floor under each library operation: the same rows, on the same database, done by hand
// with statements prepared once on one connection and nothing else. Where the library must do
// a piece of work to be correct (a permission check, reading the row it snapshots), the floor
// does it too, in the cheapest form the backend offers. One implementation per backend
// (SqliteFloor, PgFloor), so that the scenarios are written once.
namespace eventcollab::bench {

/// A uid no other event has, for a raw create (the library generates a random one): a random
/// prefix per process and a counter, as long as the library's.
inline std::string fresh_uid() {
  static const std::uint64_t prefix = std::random_device{}() * 0x9E3779B97F4A7C15ull;
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{:016x}{:016x}@eventcollab", prefix, counter++);
}

/// What a read returns: owned strings, as the library's Event holds them.
struct RawEvent {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::int64_t start = 0, end = 0, owner = 0, version = 0, created = 0, updated = 0;
  // The calendar's columns: a floor reads every column the library returns.
  std::string uid, timezone;
  bool all_day = false;
  std::optional<std::string> rrule;
  std::string exdates, rdates, overrides;
  std::string permission;
};

class RawFloor {
 public:
  virtual ~RawFloor() = default;

  /// BEGIN (as the backend begins a write); INSERT event (with a fresh uid and its span);
  /// INSERT its version 1; COMMIT. Returns the new id.
  virtual std::int64_t create(std::int64_t owner, const Content& c, std::int64_t now) = 0;

  /// BEGIN; UPDATE ... WHERE caller may write RETURNING the new row; INSERT the version
  /// snapshot; COMMIT. One statement does the permission check, the version bump and the
  /// read-back the snapshot needs. False when the caller may not write.
  virtual bool update_title(std::int64_t id, std::int64_t user, std::string_view title,
                            std::int64_t now) = 0;

  /// The event by primary key plus the caller's share (a permission check is not optional).
  virtual std::optional<RawEvent> get(std::int64_t id, std::int64_t viewer) = 0;

  /// Owned UNION ALL shared, by start then id, first `limit` rows.
  virtual std::vector<RawEvent> list(std::int64_t viewer, std::int64_t limit) = 0;

  /// The same for events that overlap [from, to): single events from their start index, series
  /// through their partial indexes by span, as the library's window.
  virtual std::vector<RawEvent> window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                                       std::int64_t limit) = 0;

  /// The session lookup authenticate needs (session live, user exists).
  virtual std::optional<std::string> session_username(std::int64_t session, std::int64_t user,
                                                      std::int64_t now) = 0;
};

}  // namespace eventcollab::bench
