// SPDX-License-Identifier: MIT
#pragma once

#include "eventcollab/event.hpp"

namespace eventcollab::events {

inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxDescription = 10'000;
inline constexpr std::size_t kMaxLocation = 500;
inline constexpr std::size_t kMaxBatch = 1000;
inline constexpr std::int64_t kMaxListLimit = 1000;

/// Checks an event's content: title 1–200 code points and not blank, description ≤ 10,000,
/// location ≤ 500, valid UTF-8 without NUL, end after start.
/// Throws Error: invalid_argument naming the field.
void validate_content(const std::string& title, const std::optional<std::string>& description,
                      const std::optional<std::string>& location, Timestamp start, Timestamp end);

inline void validate(const EventDraft& d) {
  validate_content(d.title, d.description, d.location, d.start, d.end);
}

}  // namespace eventcollab::events
