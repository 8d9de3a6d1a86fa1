// SPDX-License-Identifier: MIT
#include "eventcollab/share.hpp"

#include <fmt/format.h>

#include "changes/feed.hpp"
#include "core/store_core.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"

namespace eventcollab {
namespace {

void require_grantable(Permission p) {
  if (p == Permission::owner) {
    throw Error(Errc::invalid_argument,
                "permission 'owner' cannot be granted: a share grants 'read' or 'write'");
  }
}

User resolve(storage::UnitOfWork& tx, const UserRef& ref) {
  if (!ref.id && !ref.username) {
    throw Error(Errc::invalid_argument, "name the user by username or user_id");
  }
  std::optional<User> by_id;
  if (ref.id) {
    by_id = tx.find_user_by_id(*ref.id);
    if (!by_id) throw Error(Errc::not_found, fmt::format("user {} not found", *ref.id));
  }
  if (ref.username) {
    auto row = tx.find_user_by_name(*ref.username);
    if (!row) throw Error(Errc::not_found, fmt::format("user '{}' not found", *ref.username));
    if (by_id && by_id->id != row->user.id) {
      throw Error(Errc::invalid_argument, "username and user_id name different users");
    }
    return row->user;
  }
  return *by_id;
}

}  // namespace

ShareResult Sharing::share(const Principal& who, EventId event, const UserRef& user,
                           Permission permission) {
  return share(who, event, ShareGrant{user, permission});
}

ShareResult Sharing::share(const Principal& who, EventId event, Input<ShareGrant> grant) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, event, Permission::owner);
    const auto [user, permission] = grant.get();
    require_grantable(permission);
    const User target = resolve(tx, user);
    if (target.id == e.owner_id) {
      throw Error(Errc::invalid_argument, "the owner already has full access to the event");
    }
    const auto before = tx.find_share(event, target.id);
    const bool created = tx.upsert_share(event, target.id, permission, core_->now());
    if (before != permission) {
      feed::record(tx, *core_, ChangeType::shared, event, e.version, who.user_id);
    }
    return ShareResult{Share{target.id, target.username, permission}, created};
  });
}

Share Sharing::set_permission(const Principal& who, EventId event, Input<UserId> user_input,
                              Input<Permission> permission_input) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, event, Permission::owner);
    const UserId user = user_input.get();
    const Permission permission = permission_input.get();
    if (user == e.owner_id) {
      throw Error(Errc::invalid_argument, "the owner's permission cannot be changed");
    }
    require_grantable(permission);
    const auto before = tx.find_share(event, user);
    if (!before) {
      throw Error(Errc::not_found, fmt::format("user {} has no share of event {}", user, event));
    }
    tx.upsert_share(event, user, permission, core_->now());
    if (*before != permission) {
      feed::record(tx, *core_, ChangeType::shared, event, e.version, who.user_id);
    }
    const auto target = tx.find_user_by_id(user);
    return Share{user, target ? target->username : std::string(), permission};
  });
}

void Sharing::revoke(const Principal& who, EventId event, Input<UserId> user_input) {
  core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, event, Permission::owner);
    const UserId user = user_input.get();
    if (user == e.owner_id) {
      throw Error(Errc::invalid_argument, "the owner's access cannot be revoked");
    }
    if (!tx.find_share(event, user)) {
      throw Error(Errc::not_found, fmt::format("user {} has no share of event {}", user, event));
    }
    // Recorded first, so the user who loses access still sees this last change.
    feed::record(tx, *core_, ChangeType::unshared, event, e.version, who.user_id);
    tx.delete_share(event, user);
  });
}

std::vector<Share> Sharing::list(const Principal& who, EventId event) {
  return core_->read([&](storage::UnitOfWork& tx) {
    events::load_with_access(tx, who, event, Permission::read);
    return tx.list_shares(event);
  });
}

}  // namespace eventcollab
