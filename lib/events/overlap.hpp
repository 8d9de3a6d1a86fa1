// SPDX-License-Identifier: MIT
// Window queries over the events a user can see: the list with a window, and the overlap
// check of create/update with OverlapPolicy::reject.
#pragma once

#include <vector>

#include "core/store_core.hpp"
#include "eventcollab/event.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::events {

/// Events::list with from/to: the storage finds events whose real span overlaps; a series is
/// kept only when one of its occurrences does. Pages are cut after that filter.
std::vector<Event> list_in_window(detail::StoreCore& core, const Principal& who,
                                  const storage::ListFilter& filter);

/// Throws OverlapError when an occurrence of `content` (as event `self`, 0 when new) within
/// 366 days of its start overlaps an occurrence of another event `who` can see. Series are
/// expanded through `cache`.
void refuse_overlap(storage::UnitOfWork& tx, calendar::InstanceCache& cache, const Principal& who,
                    EventId self, const EventDraft& content);

/// Checks a window: from before to, at most kMaxWindow, both supported times.
/// Throws Error: invalid_argument.
void check_window(const TimeWindow& w);

}  // namespace eventcollab::events
