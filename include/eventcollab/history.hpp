// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/event.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// Why a version was written.
enum class ChangeKind { create, update, rollback, occurrence };

/// "create", "update", "rollback" or "occurrence".
EVENTCOLLAB_EXPORT std::string_view to_string(ChangeKind kind) noexcept;

/// A full snapshot of an event's content after change number `number`, credited to whoever
/// made that change.
struct Version {
  std::int64_t number = 0;
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Timestamp start{};
  Timestamp end{};
  std::string uid{};
  std::string timezone{"UTC"};
  bool all_day = false;
  std::optional<std::string> rrule{};
  std::vector<Timestamp> exdates{};
  std::vector<Timestamp> rdates{};
  std::vector<OccurrenceOverride> overrides{};
  UserId updated_by = 0;
  std::string updated_by_username{};
  Timestamp updated_at{};
  ChangeKind change = ChangeKind::create;
};

/// One field that differs between two versions. Times are RFC 3339 text (dates `YYYY-MM-DD`
/// for all-day events), all_day "true"/"false", exdates and rdates the times joined by ",",
/// overrides a JSON array; an unset optional field is std::nullopt.
struct FieldChange {
  std::string field{};  ///< the field's name, as in the REST event object
  std::optional<std::string> old_value{};
  std::optional<std::string> new_value{};
};

/// The fields that differ from version `from` to version `to`.
struct Diff {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::vector<FieldChange> changes{};
};

/// One line of an event's changelog: who changed which fields in a version.
struct ChangelogEntry {
  std::int64_t number = 0;
  UserId updated_by = 0;
  std::string updated_by_username{};
  Timestamp updated_at{};
  ChangeKind change = ChangeKind::create;
  std::vector<std::string> fields{};  ///< for version 1, the fields that have a value
};

namespace detail {
struct StoreCore;
}

/// The version history of events. Reached through Store::history(). Readers may read it;
/// rollback needs write permission.
class EVENTCOLLAB_EXPORT History {
 public:
  /// All versions, oldest first. Throws Error: not_found.
  std::vector<Version> list(const Principal& who, EventId event);

  /// One version. Throws Error: not_found (event or version).
  Version get(const Principal& who, EventId event, std::int64_t number);

  /// Fields that differ, old from `from`, new from `to` (any order; equal gives none).
  /// Throws Error: not_found.
  Diff diff(const Principal& who, EventId event, std::int64_t from, std::int64_t to);

  /// Per version, the names of the fields it changed. Throws Error: not_found.
  std::vector<ChangelogEntry> changelog(const Principal& who, EventId event);

  /// Makes the content equal to version `number` by writing a new `rollback` version; if it
  /// already is, writes nothing. With `expected_version`, the event must still be at that
  /// version (optimistic concurrency, as for Events::update); it is decoded only after the
  /// access check (a front may pass its If-Match parsing as a decoder).
  /// Throws Error: not_found, forbidden, invalid_argument (expected_version < 1), conflict
  /// (stale expected_version); whatever the decoder throws.
  Event rollback(const Principal& who, EventId event, std::int64_t number,
                 Input<std::optional<std::int64_t>> expected_version = std::nullopt);

 private:
  friend class Store;
  explicit History(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
