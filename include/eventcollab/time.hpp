// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "eventcollab/export.hpp"

namespace eventcollab {

/// A UTC instant, kept to the second (sub-second input is dropped).
using Timestamp = std::chrono::sys_seconds;

/// Source of "now"; injectable through Config so tests control time.
using Clock = std::function<Timestamp()>;

/// The system clock, truncated to seconds.
EVENTCOLLAB_EXPORT Timestamp system_now();

/// Parses an RFC 3339 date-time with a mandatory offset (`Z`, `z` or `±hh:mm`); `T`, `t` or a
/// space may separate date and time; a fraction of a second is dropped. The result must lie in
/// years 0001–9999 UTC.
/// Throws Error: invalid_argument (naming what is wrong).
EVENTCOLLAB_EXPORT Timestamp parse_rfc3339(std::string_view text);

/// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
EVENTCOLLAB_EXPORT std::string format_rfc3339(Timestamp t);

}  // namespace eventcollab
