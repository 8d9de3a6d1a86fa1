// SPDX-License-Identifier: MIT
// How the calendar fields are kept in a text column, the same on both backends: times as
// Unix seconds joined by ',' (empty when none), overrides as a JSON array (empty when none).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/calendar.hpp"

namespace eventcollab::events {

std::string encode_times(const std::vector<Timestamp>& times);
/// Throws Error: internal (`column` names the column in the message) on text it never wrote.
std::vector<Timestamp> decode_times(std::string_view text, std::string_view column);

std::string encode_overrides(const std::vector<OccurrenceOverride>& overrides);
/// Throws Error: internal, as decode_times.
std::vector<OccurrenceOverride> decode_overrides(std::string_view text, std::string_view column);

}  // namespace eventcollab::events
