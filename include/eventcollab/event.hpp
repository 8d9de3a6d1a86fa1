// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/input.hpp"
#include "eventcollab/share.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// At most this many drafts in one Events::create_batch.
inline constexpr std::size_t kMaxBatch = 1000;

/// Identifies an event; assigned by the store, never reused.
using EventId = std::int64_t;

/// An event as a given caller sees it.
struct Event {
  EventId id = 0;
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Timestamp start{};
  Timestamp end{};
  UserId owner_id = 0;
  std::int64_t version = 0;  ///< 1 when created, +1 per change
  Timestamp created_at{};
  Timestamp updated_at{};
  Permission permission = Permission::read;  ///< the caller's permission
};

/// What to create. Title 1–200 characters, description ≤ 10,000, location ≤ 500 (Unicode
/// code points, valid UTF-8, no NUL), end > start, both within kMinTime..kMaxTime.
struct EventDraft {
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Timestamp start{};
  Timestamp end{};
};

/// Tag that asks a patch to clear an optional field.
struct ClearTag {
  explicit constexpr ClearTag() = default;
};
/// Clears an optional field in an EventPatch: `{.location = eventcollab::clear}`.
inline constexpr ClearTag clear{};

/// A patch field that can be left as is (the default), set, or cleared:
/// `{.description = "text"}`, `{.description = eventcollab::clear}`.
class ClearableText {
 public:
  /// Leaves the field as it is.
  ClearableText() = default;
  /// Clears the field (`eventcollab::clear`).
  ClearableText(ClearTag) : state_(State::cleared) {}
  /// Sets the field to `value` (validated by the operation that takes the patch).
  ClearableText(std::string value) : state_(State::set), value_(std::move(value)) {}
  /// Sets the field to `value`; lets `{.location = "Room 4"}` compile.
  ClearableText(const char* value) : ClearableText(std::string(value)) {}

  /// True when the field is left as it is.
  bool keeps() const noexcept { return state_ == State::keep; }
  /// True when the field is to be cleared.
  bool clears() const noexcept { return state_ == State::cleared; }
  /// True when the field is to be set to value().
  bool sets() const noexcept { return state_ == State::set; }
  /// The new text when sets(); empty otherwise.
  const std::string& value() const noexcept { return value_; }

 private:
  enum class State { keep, set, cleared };
  State state_ = State::keep;
  std::string value_{};
};

/// Which fields to change; unset fields stay as they are. Title, start and end cannot be
/// cleared.
struct EventPatch {
  std::optional<std::string> title{};
  ClearableText description{};
  ClearableText location{};
  std::optional<Timestamp> start{};
  std::optional<Timestamp> end{};
};

/// What Events::update takes when its input is decoded after the access check.
struct EventUpdate {
  EventPatch patch{};
  std::optional<std::int64_t> expected_version{};  ///< >= 1 when given
};

/// Filters for Events::list.
struct EventQuery {
  std::int64_t skip = 0;            ///< >= 0
  std::int64_t limit = 100;         ///< 1–1000
  std::optional<Timestamp> from{};  ///< events with end > from; within kMinTime..kMaxTime
  std::optional<Timestamp> to{};    ///< events with start < to; within kMinTime..kMaxTime
  std::optional<std::string> q{};   ///< case-insensitive substring of title, description, location
};

namespace detail {
struct StoreCore;
}

/// Event CRUD with ownership. Reached through Store::events(); safe to use from many threads.
/// Every call is one transaction. Permission is checked before input: a stranger always gets
/// not_found, a reader forbidden on writes; operations that take an Input decode it only
/// after that check.
class EVENTCOLLAB_EXPORT Events {
 public:
  /// Creates an event owned by `who`, as version 1. Throws Error: invalid_argument (a field,
  /// or a time outside kMinTime..kMaxTime).
  Event create(const Principal& who, const EventDraft& draft);

  /// Creates all or none (1–kMaxBatch drafts). Throws Error: invalid_argument (a bad item
  /// with item_index() and a message starting "item N: ").
  std::vector<Event> create_batch(const Principal& who, std::span<const EventDraft> drafts);

  /// Throws Error: not_found (missing or not visible to `who`).
  Event get(const Principal& who, EventId id);

  /// Events `who` owns or that are shared with them, by start then id.
  /// Throws Error: invalid_argument (limit outside 1–1000, negative skip, from after to, a
  /// bound outside kMinTime..kMaxTime).
  std::vector<Event> list(const Principal& who, const EventQuery& query = {});

  /// Applies the patch and records exactly one new version; a patch that changes nothing
  /// writes nothing and returns the event as it is.
  /// Throws Error: not_found, forbidden (read share), invalid_argument (a field, or
  /// expected_version < 1), conflict (stale expected_version).
  Event update(const Principal& who, EventId id, const EventPatch& patch,
               std::optional<std::int64_t> expected_version = {});

  /// Like update(), with the patch and expected version decoded only after the access check
  /// (a front passes its decoder: `update(who, id, [&] { return EventUpdate{...}; })`).
  /// Throws Error: as update(), after not_found/forbidden; whatever the decoder throws.
  Event update(const Principal& who, EventId id, Input<EventUpdate> input);

  /// Deletes the event with its shares and history. Throws Error: not_found, forbidden.
  void remove(const Principal& who, EventId id);

 private:
  friend class Store;
  explicit Events(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
