// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace eventcollab::text {

/// Number of Unicode code points in `s`, or nullopt if `s` is not valid UTF-8 (overlongs,
/// surrogates and values past U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(std::string_view s) noexcept;

/// Checks a text field: valid UTF-8, no NUL, `min`..`max` code points.
/// Throws Error: invalid_argument naming `field`.
void check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max);

}  // namespace eventcollab::text
