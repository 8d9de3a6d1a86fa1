// SPDX-License-Identifier: MIT
// The JSON shapes of the calendar (docs/REST.md, "Occurrences, free/busy, conflicts"): an
// occurrence, free/busy, a conflict pair, the 409 of `?conflicts=reject`, an occurrence
// patch and the path's recurrence id. Shared by both fronts, like shapes.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "json/shapes.hpp"

namespace eventcollab::json {

/// Times in the event's form: dates for an all-day event, else RFC 3339 UTC; recurrence_id
/// null for a single event.
json to_json(const Occurrence& o);
json to_json(const std::vector<Occurrence>& items);
/// `{"from","to","users":[{"username","busy":[{"start","end"}]}]}`: instants only, no titles.
json to_json(const FreeBusy& f);
/// `{"a": occurrence, "b": occurrence}`.
json to_json(const Conflict& c);
json to_json(const std::vector<Conflict>& items);

/// `{"detail", "conflicts": [occurrence…]}`: the 409 of a create/update that would overlap.
json error_body(const OverlapError& e);

struct OccurrenceRequest {
  OccurrencePatch patch;
  std::optional<std::int64_t> version;  ///< the body's optional "version"
};
/// Any subset of title, description and location (null clears those two), start_time and
/// end_time (dates when `all_day`, else RFC 3339 with offset), and "version".
/// Throws Error: invalid_argument naming the field.
OccurrenceRequest parse_occurrence_patch(const json& body, bool all_day);

/// A recurrence id as a path or command line gives it: an RFC 3339 date-time, or a date
/// (YYYY-MM-DD) for an all-day series. Throws Error: not_found (anything else names no
/// occurrence), so a bad id reads like an id that matches none.
Timestamp parse_recurrence_id(std::string_view text);

/// Checks that a recurrence id is in the series' form: a date for an all-day series, a
/// date-time otherwise. Throws Error: not_found (the other form names no occurrence).
void require_recurrence_form(std::string_view text, bool all_day);

/// The `conflicts` option of create/update: "allow" (also when absent) or "reject".
/// Throws Error: invalid_argument (any other value).
OverlapPolicy parse_overlap_policy(const std::optional<std::string>& text);

}  // namespace eventcollab::json
