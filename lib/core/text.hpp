// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace eventcollab::text {

/// Number of Unicode code points in `s`, or nullopt if `s` is not valid UTF-8 (overlongs,
/// surrogates and values past U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(std::string_view s) noexcept;

/// Checks a text field: valid UTF-8, no NUL, `min`..`max` code points.
/// Throws Error: invalid_argument naming `field`.
void check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max);

/// Unicode simple case folding of UTF-8 text, character by character, as lower(upper(c)) in
/// glibc's built-in C.UTF-8 locale (so "Ä"/"ä", "Σ"/"σ"/"ς", "Ж"/"ж", "ẞ"/"ß" fold alike).
/// Bytes that are not valid UTF-8 pass through unchanged. Deterministic: it never depends on
/// the process's own locale. The one folding of searches: SQLite's ec_contains_folded calls
/// it, PostgreSQL does the same with lower(upper(..)) in a C.UTF-8 ctype, and occurrences
/// filter with it in C++. Throws: std::bad_alloc only.
std::string fold_case(std::string_view text);

/// fold_case() into `out` (its old content goes), to reuse one buffer in a loop.
void fold_case_into(std::string_view text, std::string& out);

/// True when the C.UTF-8 locale the folding needs exists (libc-bin ships it on Debian).
bool case_folding_available() noexcept;

/// True when `folded_needle` (already through fold_case) is in fold_case(text).
bool contains_folded(std::string_view folded_needle, std::string_view text);

}  // namespace eventcollab::text
