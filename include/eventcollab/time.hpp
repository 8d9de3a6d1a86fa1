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

/// The earliest instant the library stores or accepts: 0001-01-01T00:00:00Z.
inline constexpr Timestamp kMinTime{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
/// The latest instant the library stores or accepts: 9999-12-31T23:59:59Z.
inline constexpr Timestamp kMaxTime{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} +
                                    std::chrono::seconds{86'399}};

/// Checks that `t` lies in kMinTime..kMaxTime, the range RFC 3339 text can carry; every time
/// an operation takes is checked here. `what` names the value in the message.
/// Throws Error: invalid_argument ("start_time must lie between 0001-01-01T00:00:00Z and
/// 9999-12-31T23:59:59Z").
EVENTCOLLAB_EXPORT void require_supported_time(std::string_view what, Timestamp t);

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
