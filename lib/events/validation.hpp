// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

#include "eventcollab/event.hpp"
#include "events/fields.hpp"

namespace eventcollab::events {

inline constexpr std::size_t kMaxTitle = std::get<0>(kFields).info.max_length;
inline constexpr std::int64_t kMaxListLimit = 1000;

/// Checks an event's content field by field as the table describes it (text length, valid
/// UTF-8 without NUL, not blank; times within the supported range), then across fields: end
/// after start. Throws Error: invalid_argument naming the field.
void validate(const EventDraft& content);

}  // namespace eventcollab::events
