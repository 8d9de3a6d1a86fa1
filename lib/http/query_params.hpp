// SPDX-License-Identifier: MIT
// Reading typed query parameters; a bad value is a 422 naming the parameter.
#pragma once

#include <cstdint>
#include <optional>

#include "eventcollab/calendar.hpp"
#include "http/exchange.hpp"

namespace eventcollab::http {

/// An integer parameter, `fallback` when absent. Throws Error: invalid_argument.
std::int64_t int_query(const Exchange& x, const char* name, std::int64_t fallback);

/// An RFC 3339 parameter, nullopt when absent. Throws Error: invalid_argument.
std::optional<Timestamp> time_query(const Exchange& x, const char* name);

/// `from` and `to`, both required. The library checks the span. Throws Error:
/// invalid_argument.
TimeWindow window_query(const Exchange& x);

}  // namespace eventcollab::http
