// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/auth.hpp"
#include "eventcollab/export.hpp"
#include "eventcollab/input.hpp"

namespace eventcollab {

/// Identifies an event (also declared in event.hpp, so that each header stands alone).
using EventId = std::int64_t;

/// A caller's standing on an event. The owner is implicit (the creator).
enum class Permission { read, write, owner };

/// "read", "write" or "owner".
EVENTCOLLAB_EXPORT std::string_view to_string(Permission p) noexcept;

/// Parses "read", "write" or "owner", the one decoding of permission text for every front.
/// Whether a permission may be granted is the operation's rule, not the parser's.
/// Throws Error: invalid_argument naming the value.
EVENTCOLLAB_EXPORT Permission parse_permission(std::string_view text);

/// Parses "read" or "write" (what a share may grant); prefer parse_permission and let the
/// operation refuse "owner". Throws Error: invalid_argument naming the value.
EVENTCOLLAB_EXPORT Permission parse_share_permission(std::string_view text);

/// One row of an event's permission list.
struct Share {
  UserId user_id = 0;
  std::string username{};
  Permission permission = Permission::read;
};

/// Names the user to share with: by id, by username (ignoring case), or both (they must agree).
struct UserRef {
  std::optional<UserId> id{};
  std::optional<std::string> username{};
};

/// What Sharing::share takes when its input is decoded after the access check.
struct ShareGrant {
  UserRef user{};
  Permission permission = Permission::read;  ///< read or write
};

/// Result of Sharing::share: the share, and whether it is new (false: permission changed).
struct ShareResult {
  Share share{};
  bool created = false;
};

namespace detail {
struct StoreCore;
}

/// Who may see or edit an event. Reached through Store::sharing().
class EVENTCOLLAB_EXPORT Sharing {
 public:
  /// Grants `permission` (read or write) to a user; sharing again changes the permission.
  /// Owner only. Throws Error: not_found (event or user), forbidden, invalid_argument (owner
  /// named, owner permission, id and username naming different users).
  ShareResult share(const Principal& who, EventId event, const UserRef& user,
                    Permission permission);

  /// Like the above, with user and permission decoded only after the access check.
  /// Throws Error: as above, after not_found/forbidden; whatever the decoder throws.
  ShareResult share(const Principal& who, EventId event, Input<ShareGrant> grant);

  /// Changes an existing share. Owner only; `user` and `permission` are decoded after the
  /// access check. Throws Error: not_found (event, or no share), forbidden, invalid_argument
  /// (the owner's row, owner permission); whatever a decoder throws.
  Share set_permission(const Principal& who, EventId event, Input<UserId> user,
                       Input<Permission> permission);

  /// Removes a share. Owner only; `user` is decoded after the access check.
  /// Throws Error: not_found, forbidden, invalid_argument (owner); whatever the decoder throws.
  void revoke(const Principal& who, EventId event, Input<UserId> user);

  /// The owner first, then shares by username ignoring case. Throws Error: not_found.
  std::vector<Share> list(const Principal& who, EventId event);

 private:
  friend class Store;
  explicit Sharing(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
