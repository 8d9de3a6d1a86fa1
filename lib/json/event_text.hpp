// SPDX-License-Identifier: MIT
// Events as JSON text, written straight into a string: the hot path of list responses and
// `--json` output. The bytes equal nlohmann's compact dump of to_json(event) (keys in
// sorted order, the same escaping), without building a document per event.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "eventcollab/event.hpp"

namespace eventcollab::json {

/// Appends `text` as a JSON string: quotes, `\"`, `\\`, `\b \f \n \r \t`, other control
/// bytes as `\u00xx`, UTF-8 as it is. Text that is not valid UTF-8 gets nlohmann's
/// replacement (U+FFFD), as the fronts' dumps do.
void append_json_string(std::string& out, std::string_view text);

/// Appends an integer as JSON.
void append_int(std::string& out, std::int64_t v);

/// Appends a time as a JSON string, `"YYYY-MM-DDTHH:MM:SSZ"` (format_rfc3339's text).
void append_time(std::string& out, Timestamp t);

/// Appends one event as a JSON object (the REST event shape).
void append_event_json(std::string& out, const Event& event);

/// One event as JSON text.
std::string event_to_json_text(const Event& event);

/// A JSON array of events, as the list route and `event list --json` return them.
std::string events_to_json_text(std::span<const Event> events);

}  // namespace eventcollab::json
