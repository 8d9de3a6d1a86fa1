// SPDX-License-Identifier: MIT
// The change feed: one sequence per database numbering every change to an event or its
// shares, readable from a cursor by whoever could see each change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/calendar.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// What happened to an event.
enum class ChangeType {
  created,
  updated,  ///< an update, a rollback, or a change to one occurrence
  deleted,
  shared,    ///< a share was granted or its permission changed
  unshared,  ///< a share was removed
};

/// "created", "updated", "deleted", "shared" or "unshared".
EVENTCOLLAB_EXPORT std::string_view to_string(ChangeType type) noexcept;

/// One entry of the feed.
struct Change {
  std::int64_t seq = 0;  ///< position in the database's one sequence
  EventId event_id = 0;
  ChangeType type = ChangeType::updated;
  std::int64_t version = 0;  ///< the event's version after the change (deleted: its last)
  Timestamp at{};
  UserId by = 0;  ///< who made the change
};

/// A page of the feed and where to continue.
struct ChangePage {
  std::vector<Change> changes{};
  std::string cursor{};  ///< pass to the next since(); opaque
  bool more = false;     ///< true when more changes are waiting after this page
};

/// At most this many changes per page.
inline constexpr std::int64_t kMaxChangePage = 1000;

namespace detail {
struct StoreCore;
}

/// The change feed. Reached through Store::changes(). A user sees a change when they could see
/// the event right after it, or right before it for `deleted` and `unshared`; so a user who
/// loses access sees `unshared` and then nothing more of that event.
class EVENTCOLLAB_EXPORT Changes {
 public:
  /// The changes after `cursor` that `who` may see, oldest first, at most `limit` (1–1000).
  /// An empty cursor or "0" starts at the oldest change kept (Config::change_retention_days).
  /// Throws Error: invalid_argument (limit, a cursor that is not one), gone (the cursor is
  /// older than the history kept).
  ChangePage since(const Principal& who, std::string_view cursor, std::int64_t limit = 100);

 private:
  friend class Store;
  explicit Changes(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
