// SPDX-License-Identifier: MIT
// The change feed: one sequence per database numbering every change to an event or its
// shares, readable from a cursor by whoever could see each change.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
struct Subscriber;
class ChangeHub;
}  // namespace detail

/// What a subscription calls for each change it delivers, with the cursor just past that
/// change (resume with it after a restart: Store::subscribe(who, cursor, …) or since()).
/// Runs on the store's feed thread, one call at a time for the whole store, so it must be
/// quick: hand real work to another thread. It must not throw (a callback that throws is
/// cancelled) and must not destroy the Store; it may cancel any subscription, its own too.
using ChangeCallback = std::function<void(const Change& change, const std::string& cursor)>;

/// A live subscription to the change feed (Store::subscribe). Delivery stops when it is
/// cancelled or destroyed, or when the Store is destroyed. Movable, not copyable.
class EVENTCOLLAB_EXPORT Subscription {
 public:
  /// An empty handle: not active, nothing to cancel (assign Store::subscribe's result to it).
  Subscription() noexcept;
  Subscription(Subscription&&) noexcept;
  Subscription& operator=(Subscription&&) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription();

  /// Stops delivery. When it returns, the callback is not running and will not run again;
  /// called from the callback itself, it only stops the calls after this one.
  void cancel() noexcept;
  /// False once cancelled (or the Store is gone, or the callback threw).
  bool active() const noexcept;
  /// The cursor after the last change delivered, or later when nothing visible came since.
  std::string cursor() const;

 private:
  friend class Store;
  Subscription(std::shared_ptr<detail::Subscriber> state, std::weak_ptr<detail::ChangeHub> hub);
  std::shared_ptr<detail::Subscriber> state_;
  std::weak_ptr<detail::ChangeHub> hub_;
};

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
