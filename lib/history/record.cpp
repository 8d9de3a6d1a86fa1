// SPDX-License-Identifier: MIT
#include "history/record.hpp"

#include <fmt/format.h>

#include "changes/feed.hpp"
#include "eventcollab/error.hpp"
#include "events/series.hpp"

namespace eventcollab::history {

Event record_change(storage::UnitOfWork& tx, const detail::StoreCore& core, const Principal& who,
                    const Event& current, const Content& next, ChangeKind kind) {
  const Timestamp now{std::chrono::seconds{core.now()}};
  Event e;
  if (kind == ChangeKind::create) {
    e.id =
        tx.insert_event(who.user_id, next, events::span_of(next), now.time_since_epoch().count());
    e.owner_id = who.user_id;
    e.version = 1;
    e.created_at = now;
    e.permission = Permission::owner;
    events::copy_fields(e, next);
    e.updated_at = now;
  } else {
    const events::FieldMask changed = events::changed_fields(current, next);
    if (changed == 0) return current;  // nothing changes: no version is written
    e = current;
    events::copy_fields(e, next);
    e.version += 1;
    e.updated_at = now;
    if (!tx.update_event(e, changed, events::span_of(next))) {
      // The row was read in this write transaction, so nobody else can have changed it.
      throw Error(Errc::internal, fmt::format("event {} was not at version {} when written", e.id,
                                              current.version));
    }
  }
  Version v{.number = e.version,
            .updated_by = who.user_id,
            .updated_by_username = who.username,
            .updated_at = now,
            .change = kind};
  events::copy_fields(v, next);
  tx.insert_version(e.id, v);
  feed::record(tx, core, kind == ChangeKind::create ? ChangeType::created : ChangeType::updated,
               e.id, e.version, who.user_id);
  return e;
}

}  // namespace eventcollab::history
