// SPDX-License-Identifier: MIT
// The event's content fields, described once. Content, diff, patching, validation, storage
// binding and the JSON shapes all iterate this table, so a new field is one row here, one
// member in each public aggregate (Event, EventDraft, EventPatch, Version) and one column in
// a migration. Everything here is inline: the JSON shapes, compiled into the fronts, use it
// without reaching the library's hidden symbols. The column of a field in `events` and
// `event_versions` is its name, which is also its JSON key and the name a diff or changelog
// reports.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"

namespace eventcollab::events {

/// How a field is stored, shown and patched.
enum class FieldKind {
  text,           ///< std::string, required; a patch sets it (std::optional<std::string>)
  optional_text,  ///< std::optional<std::string>; a patch keeps, sets or clears (ClearableText)
  time,       ///< Timestamp, required; RFC 3339 UTC in JSON (a date when all-day), seconds in SQL
  flag,       ///< bool; JSON true/false, 0/1 in SQL
  times,      ///< std::vector<Timestamp>, sorted; a JSON array, "s1,s2,..." seconds in SQL
  overrides,  ///< std::vector<OccurrenceOverride>; not patched directly; JSON text in SQL
};

/// What fronts and docs need to know about a field, without member pointers: the OpenAPI
/// schema and the CLI options can be generated from kFieldInfos.
struct FieldInfo {
  std::string_view name{};  ///< JSON key, SQL column, diff/changelog name
  FieldKind kind = FieldKind::text;
  std::size_t min_length = 0;  ///< text kinds: Unicode code points
  std::size_t max_length = 0;  ///< text kinds: Unicode code points
  bool not_blank = false;      ///< text: must hold a non-whitespace character
  std::string_view summary{};  ///< one line for --help and OpenAPI descriptions
  /// A draft may leave it out (the default value applies).
  bool has_default = false;
  /// A patch may clear it (JSON null, `--clear-<name>`).
  constexpr bool clearable() const { return kind == FieldKind::optional_text; }
  /// A draft must give it.
  constexpr bool required() const { return kind != FieldKind::optional_text && !has_default; }
  /// Fronts take it in drafts and patches (overrides change through their own operation).
  constexpr bool input() const { return kind != FieldKind::overrides; }
};

/// One row of the table: the description plus where the field lives in each aggregate.
/// Patch is void for a field no patch sets.
template <class T, class Patch>
struct Field;

template <class T>
struct Field<T, void> {
  using value_type = T;
  FieldInfo info;
  T Event::*in_event;
  T EventDraft::*in_draft;
  T Version::*in_version;

  constexpr const T& of(const Event& e) const { return e.*in_event; }
  constexpr T& of(Event& e) const { return e.*in_event; }
  constexpr const T& of(const EventDraft& d) const { return d.*in_draft; }
  constexpr T& of(EventDraft& d) const { return d.*in_draft; }
  constexpr const T& of(const Version& v) const { return v.*in_version; }
  constexpr T& of(Version& v) const { return v.*in_version; }
};

template <class T, class Patch>
struct Field {
  using value_type = T;
  FieldInfo info;
  T Event::*in_event;
  T EventDraft::*in_draft;
  T Version::*in_version;
  Patch EventPatch::*in_patch;

  constexpr const T& of(const Event& e) const { return e.*in_event; }
  constexpr T& of(Event& e) const { return e.*in_event; }
  constexpr const T& of(const EventDraft& d) const { return d.*in_draft; }
  constexpr T& of(EventDraft& d) const { return d.*in_draft; }
  constexpr const T& of(const Version& v) const { return v.*in_version; }
  constexpr T& of(Version& v) const { return v.*in_version; }
  constexpr const Patch& of(const EventPatch& p) const { return p.*in_patch; }
  constexpr Patch& of(EventPatch& p) const { return p.*in_patch; }
};

template <class T>
constexpr FieldKind kind_of() {
  if constexpr (std::is_same_v<T, std::string>) {
    return FieldKind::text;
  } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
    return FieldKind::optional_text;
  } else if constexpr (std::is_same_v<T, bool>) {
    return FieldKind::flag;
  } else if constexpr (std::is_same_v<T, std::vector<Timestamp>>) {
    return FieldKind::times;
  } else if constexpr (std::is_same_v<T, std::vector<OccurrenceOverride>>) {
    return FieldKind::overrides;
  } else {
    static_assert(std::is_same_v<T, Timestamp>, "a field is text, a flag, times or overrides");
    return FieldKind::time;
  }
}

/// A row; the kind follows from the member's type.
template <class T, class Patch>
constexpr Field<T, Patch> field(FieldInfo info, T Event::*e, T EventDraft::*d, T Version::*v,
                                Patch EventPatch::*p) {
  info.kind = kind_of<T>();
  return {info, e, d, v, p};
}

/// A row no patch sets.
template <class T>
constexpr Field<T, void> field(FieldInfo info, T Event::*e, T EventDraft::*d, T Version::*v) {
  info.kind = kind_of<T>();
  return {info, e, d, v};
}

/// True for a row a patch can set: `if constexpr (kPatchable<decltype(f)>)`.
template <class F>
inline constexpr bool kPatchable = requires(const std::remove_cvref_t<F>& f, const EventPatch& p) {
  f.of(p);
};

// clang-format off
inline constexpr auto kFields = std::tuple{
    field({.name = "title", .min_length = 1, .max_length = 200, .not_blank = true,
           .summary = "Title, 1-200 characters, not blank"},
          &Event::title, &EventDraft::title, &Version::title, &EventPatch::title),
    field({.name = "description", .max_length = 10'000, .summary = "Up to 10,000 characters"},
          &Event::description, &EventDraft::description, &Version::description,
          &EventPatch::description),
    field({.name = "location", .max_length = 500, .summary = "Up to 500 characters"},
          &Event::location, &EventDraft::location, &Version::location, &EventPatch::location),
    field({.name = "start_time", .summary = "Start, RFC 3339 with offset"},
          &Event::start, &EventDraft::start, &Version::start, &EventPatch::start),
    field({.name = "end_time", .summary = "End, RFC 3339 with offset, after start_time"},
          &Event::end, &EventDraft::end, &Version::end, &EventPatch::end),
    field({.name = "uid", .min_length = 1, .max_length = 255,
           .summary = "iCalendar UID, printable ASCII, unique per owner; generated when empty",
           .has_default = true},
          &Event::uid, &EventDraft::uid, &Version::uid, &EventPatch::uid),
    field({.name = "timezone", .min_length = 1, .max_length = 64,
           .summary = "IANA time zone in which the event repeats and its dates lie (UTC)",
           .has_default = true},
          &Event::timezone, &EventDraft::timezone, &Version::timezone, &EventPatch::timezone),
    field({.name = "all_day", .summary = "Start and end are dates YYYY-MM-DD, end exclusive",
           .has_default = true},
          &Event::all_day, &EventDraft::all_day, &Version::all_day, &EventPatch::all_day),
    field({.name = "rrule", .max_length = 1000,
           .summary = "RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE"},
          &Event::rrule, &EventDraft::rrule, &Version::rrule, &EventPatch::rrule),
    field({.name = "exdates", .summary = "Occurrence starts to leave out", .has_default = true},
          &Event::exdates, &EventDraft::exdates, &Version::exdates, &EventPatch::exdates),
    field({.name = "rdates", .summary = "Extra occurrence starts", .has_default = true},
          &Event::rdates, &EventDraft::rdates, &Version::rdates, &EventPatch::rdates),
    field({.name = "overrides", .summary = "Changed occurrences of the series",
           .has_default = true},
          &Event::overrides, &EventDraft::overrides, &Version::overrides),
};
// clang-format on

inline constexpr std::size_t kFieldCount =
    std::tuple_size_v<std::remove_const_t<decltype(kFields)>>;

/// Calls `fn(field)` for every row, in table order (the order of diffs and changelogs).
template <class Fn>
constexpr void for_each_field(Fn&& fn) {
  std::apply([&](const auto&... row) { (fn(row), ...); }, kFields);
}

/// The rows' descriptions alone, in table order.
inline constexpr std::array<FieldInfo, kFieldCount> kFieldInfos = std::apply(
    [](const auto&... row) { return std::array<FieldInfo, kFieldCount>{row.info...}; }, kFields);

/// Copies every content field from `from` to `to` (any of Event, EventDraft, Version).
template <class To, class From>
void copy_fields(To& to, const From& from) {
  for_each_field([&](const auto& f) { f.of(to) = f.of(from); });
}

/// True when every content field of `a` equals that of `b`.
template <class A, class B>
bool same_fields(const A& a, const B& b) {
  bool same = true;
  for_each_field([&](const auto& f) { same = same && f.of(a) == f.of(b); });
  return same;
}

/// How a time of an event is written: a date for all-day events, else RFC 3339 UTC.
inline std::string time_text(Timestamp v, bool all_day) {
  return all_day ? format_date(civil_date(v)) : format_rfc3339(v);
}

/// A field's value as text, as diffs report it (see FieldChange); unset is nullopt.
inline std::optional<std::string> field_text(const std::string& v, bool) { return v; }
inline std::optional<std::string> field_text(const std::optional<std::string>& v, bool) {
  return v;
}
inline std::optional<std::string> field_text(Timestamp v, bool all_day) {
  return time_text(v, all_day);
}
inline std::optional<std::string> field_text(bool v, bool) { return v ? "true" : "false"; }
inline std::optional<std::string> field_text(const std::vector<Timestamp>& v, bool all_day) {
  std::string out;
  for (Timestamp t : v) {
    if (!out.empty()) out += ',';
    out += time_text(t, all_day);
  }
  return out;
}
/// Overrides as a JSON array (events/override_text.cpp).
std::optional<std::string> field_text(const std::vector<OccurrenceOverride>& v, bool all_day);

/// True when a field holds something other than its default (a changelog's version 1 lists
/// those).
inline bool differs_from_default(const std::string& v, std::string_view name) {
  return name == "timezone" ? v != "UTC" : !v.empty();
}
inline bool differs_from_default(const std::optional<std::string>& v, std::string_view) {
  return v.has_value();
}
inline bool differs_from_default(Timestamp, std::string_view) { return true; }
inline bool differs_from_default(bool v, std::string_view) { return v; }
template <class T>
bool differs_from_default(const std::vector<T>& v, std::string_view) {
  return !v.empty();
}

/// Applies one patch entry: unset keeps, set replaces, clear unsets.
template <class T>
void patch_field(T& value, const std::optional<T>& patch) {
  if (patch) value = *patch;
}
inline void patch_field(std::vector<Timestamp>& value,
                        const std::optional<std::vector<Timestamp>>& patch) {
  if (patch) value = *patch;
}
inline void patch_field(std::optional<std::string>& value, const ClearableText& patch) {
  if (patch.clears()) value.reset();
  if (patch.sets()) value = patch.value();
}

/// The bit of each field in a change mask, by table position.
using FieldMask = unsigned;
static_assert(kFieldCount <= sizeof(FieldMask) * 8, "widen FieldMask");

/// Which fields of `after` differ from `before`.
template <class A, class B>
FieldMask changed_fields(const A& before, const B& after) {
  FieldMask mask = 0;
  std::size_t i = 0;
  for_each_field([&](const auto& f) {
    if (!(f.of(before) == f.of(after))) mask |= FieldMask{1} << i;
    ++i;
  });
  return mask;
}

}  // namespace eventcollab::events
