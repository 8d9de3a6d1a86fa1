// SPDX-License-Identifier: MIT
#pragma once

#include "eventcollab/auth.hpp"
#include "eventcollab/event.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::events {

/// The one place that decides who may do what to an event. Loads the event as `who` sees it
/// and checks that their permission is at least `needed`: a stranger gets not_found (the
/// event's existence is not revealed), anyone with too little permission gets forbidden.
/// Every operation calls this before it looks at its input.
Event load_with_access(storage::UnitOfWork& tx, const Principal& who, EventId id,
                       Permission needed);

}  // namespace eventcollab::events
