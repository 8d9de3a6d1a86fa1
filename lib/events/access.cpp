// SPDX-License-Identifier: MIT
#include "events/access.hpp"

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::events {
namespace {

int rank(Permission p) {
  switch (p) {
    case Permission::read:
      return 0;
    case Permission::write:
      return 1;
    case Permission::owner:
      return 2;
  }
  return -1;
}

}  // namespace

Event load_with_access(storage::UnitOfWork& tx, const Principal& who, EventId id,
                       Permission needed) {
  auto event = tx.find_event_for(id, who.user_id);
  if (!event) throw Error(Errc::not_found, fmt::format("event {} not found", id));
  if (rank(event->permission) < rank(needed)) {
    throw Error(Errc::forbidden, needed == Permission::owner
                                     ? fmt::format("only the owner of event {} may do this", id)
                                     : fmt::format("you have read-only access to event {}", id));
  }
  return *std::move(event);
}

}  // namespace eventcollab::events
