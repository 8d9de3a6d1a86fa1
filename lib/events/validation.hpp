// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

#include "eventcollab/event.hpp"
#include "events/fields.hpp"

namespace eventcollab::events {

inline constexpr std::size_t kMaxTitle = std::get<0>(kFields).info.max_length;
inline constexpr std::int64_t kMaxListLimit = 1000;
/// At most this many exdates, rdates and overrides each.
inline constexpr std::size_t kMaxDates = 1000;

/// Checks the content of an event and brings it to its stored form: the rule upper-cased,
/// exdates and rdates sorted without repeats, overrides sorted by recurrence id. The uid must
/// be set already (see generate_uid).
/// Throws Error: invalid_argument naming the field (and for a rule, its part).
void normalize(EventDraft& content);

/// A fresh `<random>@eventcollab` uid.
std::string generate_uid();

}  // namespace eventcollab::events
