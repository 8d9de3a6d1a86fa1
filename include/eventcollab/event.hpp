// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/calendar.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/input.hpp"
#include "eventcollab/share.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// At most this many drafts in one Events::create_batch.
inline constexpr std::size_t kMaxBatch = 1000;

/// An event as a given caller sees it. A timed event's start and end are instants; an
/// all-day event's are dates (see to_timestamp), end exclusive. With `rrule` or `rdates` the
/// event is a series whose first occurrence is start..end.
struct Event {
  EventId id = 0;
  std::string title{};
  std::optional<std::string> description{};
  std::optional<std::string> location{};
  Timestamp start{};
  Timestamp end{};
  std::string uid{};                   ///< iCalendar UID, unique per owner
  std::string timezone{"UTC"};         ///< IANA zone in which the series repeats and dates lie
  bool all_day = false;                ///< start and end are dates
  std::optional<std::string> rrule{};  ///< RFC 5545 RECUR value, upper-cased
  std::vector<Timestamp> exdates{};    ///< occurrence starts left out, sorted
  std::vector<Timestamp> rdates{};     ///< extra occurrence starts, sorted
  std::vector<OccurrenceOverride> overrides{};  ///< changed occurrences, by recurrence id
  UserId owner_id = 0;
  std::int64_t version = 0;  ///< 1 when created, +1 per change
  Timestamp created_at{};
  Timestamp updated_at{};
  Permission permission = Permission::read;  ///< the caller's permission
};

/// What to create. Title 1–200 characters, description ≤ 10,000, location ≤ 500 (Unicode
/// code points, valid UTF-8, no NUL), end > start, both within kMinTime..kMaxTime. An empty
/// uid is generated (`<random>@eventcollab`); a given one is 1–255 printable ASCII characters.
/// `timezone` is an IANA name; `all_day` makes start, end, exdates and rdates dates. `rrule`
/// is an RFC 5545 RECUR value (FREQ DAILY..YEARLY; see the README for the parts supported).
struct EventDraft {
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
  std::vector<OccurrenceOverride> overrides{};  ///< set through Events::change_occurrence
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
/// cleared. Changing all_day needs start and end (and exdates/rdates when the event has any)
/// in the new form, and drops the overrides.
struct EventPatch {
  std::optional<std::string> title{};
  ClearableText description{};
  ClearableText location{};
  std::optional<Timestamp> start{};
  std::optional<Timestamp> end{};
  std::optional<std::string> uid{};
  std::optional<std::string> timezone{};
  std::optional<bool> all_day{};
  ClearableText rrule{};
  std::optional<std::vector<Timestamp>> exdates{};
  std::optional<std::vector<Timestamp>> rdates{};
};

/// What Events::update takes when its input is decoded after the access check.
struct EventUpdate {
  EventPatch patch{};
  std::optional<std::int64_t> expected_version{};  ///< >= 1 when given
};

/// What Events::change_occurrence takes when its input is decoded after the access check.
struct OccurrenceUpdate {
  OccurrencePatch patch{};
  std::optional<std::int64_t> expected_version{};  ///< >= 1 when given
};

/// Thrown by create/update with OverlapPolicy::reject: the occurrences of other events the
/// new content would overlap (nothing was written). code() is Errc::conflict.
class EVENTCOLLAB_EXPORT OverlapError : public Error {
 public:
  /// An error with `message` listing the occurrences overlapped.
  OverlapError(const std::string& message, std::vector<Occurrence> overlapped)
      : Error(Errc::conflict, message), overlapped_(std::move(overlapped)) {}
  /// The other events' occurrences, by start.
  const std::vector<Occurrence>& overlapped() const noexcept { return overlapped_; }

 private:
  std::vector<Occurrence> overlapped_;
};

/// Filters for Events::list.
struct EventQuery {
  std::int64_t skip = 0;     ///< >= 0
  std::int64_t limit = 100;  ///< 1–1000
  /// With from/to: events with an occurrence overlapping [from, to) (a series is listed once
  /// when any of its occurrences does); within kMinTime..kMaxTime.
  std::optional<Timestamp> from{};
  std::optional<Timestamp> to{};
  std::optional<std::string> q{};  ///< case-insensitive substring of title, description, location
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
  /// a time outside kMinTime..kMaxTime, an unknown zone, a bad rule naming its part),
  /// conflict (the uid is taken among the owner's events), OverlapError (policy reject).
  Event create(const Principal& who, const EventDraft& draft,
               OverlapPolicy policy = OverlapPolicy::allow);

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
               std::optional<std::int64_t> expected_version = {},
               OverlapPolicy policy = OverlapPolicy::allow);

  /// Like update(), with the patch and expected version decoded only after the access check
  /// (a front passes its decoder: `update(who, id, [&] { return EventUpdate{...}; })`).
  /// Throws Error: as update(), after not_found/forbidden; whatever the decoder throws.
  Event update(const Principal& who, EventId id, Input<EventUpdate> input,
               OverlapPolicy policy = OverlapPolicy::allow);

  /// Like update(), with a decoder that sees the event as it is before the change (a front
  /// needs its all_day to read times written as dates or instants).
  /// Throws Error: as update().
  Event update(const Principal& who, EventId id,
               const std::function<EventUpdate(const Event& current)>& decode,
               OverlapPolicy policy = OverlapPolicy::allow);

  /// The occurrences of the events `who` can see that overlap the window, by start then
  /// event id; series expanded, exdates left out, overrides applied. `query.q` matches each
  /// occurrence's own title, description or location (a changed occurrence's, not its
  /// series').
  /// Throws Error: invalid_argument (window empty or longer than kMaxWindow, limit outside
  /// 1–10,000, a rule that would need too many steps to reach the window).
  std::vector<Occurrence> occurrences(const Principal& who, TimeWindow window,
                                      const OccurrenceQuery& query = {});

  /// For each named user (none: `who`), the merged busy intervals of the occurrences of every
  /// event they own or that is shared with them, clipped to the window. Times only, never
  /// titles, so any user may ask about any other. Throws Error: invalid_argument (window),
  /// not_found (an unknown username).
  FreeBusy free_busy(const Principal& who, std::span<const std::string> usernames,
                     TimeWindow window);

  /// Each pair of overlapping occurrences `who` can see in the window (touching ends do not
  /// overlap), by a's start. Throws Error: invalid_argument (window).
  std::vector<Conflict> conflicts(const Principal& who, TimeWindow window);

  /// Changes one occurrence of a series (recorded as a new version, change "occurrence");
  /// returns it. A change that changes nothing writes nothing.
  /// Throws Error: not_found (event, or a recurrence id that is no occurrence), forbidden,
  /// invalid_argument, conflict (stale expected_version); whatever the decoder throws.
  Occurrence change_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                               const OccurrenceUpdate& update);

  /// Like change_occurrence(), with the input decoded after the access check by a decoder
  /// that sees the event (a front needs its all_day to read times).
  Occurrence change_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                               const std::function<OccurrenceUpdate(const Event&)>& decode);

  /// Cancels one occurrence: it joins exdates and its override, if any, goes (a new version).
  /// Throws Error: not_found, forbidden, conflict (stale expected_version).
  void cancel_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                         Input<std::optional<std::int64_t>> expected_version = std::nullopt);

  /// Like cancel_occurrence(), with the expected version decoded after the access check by a
  /// decoder that sees the event (a front checks the recurrence id's form, a date or a time,
  /// against its all_day). Nothing is written when the decoder throws.
  /// Throws Error: as cancel_occurrence(), after not_found/forbidden; whatever the decoder
  /// throws.
  void cancel_occurrence(const Principal& who, EventId id, Timestamp recurrence_id,
                         const std::function<std::optional<std::int64_t>(const Event&)>& decode);

  /// Deletes the event with its shares and history. Throws Error: not_found, forbidden.
  void remove(const Principal& who, EventId id);

 private:
  friend class Store;
  explicit Events(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
