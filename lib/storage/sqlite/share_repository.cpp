// SPDX-License-Identifier: MIT
#include "storage/sqlite/share_repository.hpp"

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::storage {
namespace {

// A share grants read or write; anything else in the column is damage, not a permission.
Permission share_permission(const std::string& text) {
  if (text == "read") return Permission::read;
  if (text == "write") return Permission::write;
  throw Error(Errc::internal,
              fmt::format("column shares.permission holds an unknown value '{}'", text));
}

}  // namespace

std::optional<Permission> find_share(Transaction& tx, EventId event, UserId user) {
  auto st = tx.cached("SELECT permission FROM shares WHERE event_id = ?1 AND user_id = ?2");
  st->bind_all(event, user);
  if (!st->step()) return std::nullopt;
  return share_permission(st->get_text(0));
}

bool upsert_share(Transaction& tx, EventId event, UserId user, Permission p, std::int64_t now) {
  const bool existed = find_share(tx, event, user).has_value();
  auto st = tx.cached(
      "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(event_id, user_id) DO UPDATE SET permission = excluded.permission");
  st->bind_all(event, user, to_string(p), now);
  st->run();
  return !existed;
}

void delete_share(Transaction& tx, EventId event, UserId user) {
  auto st = tx.cached("DELETE FROM shares WHERE event_id = ?1 AND user_id = ?2");
  st->bind_all(event, user);
  st->run();
}

std::vector<Share> list_shares(Transaction& tx, EventId event) {
  std::vector<Share> out;
  {
    auto st = tx.cached(
        "SELECT u.id, u.username FROM events e JOIN users u ON u.id = e.owner_id WHERE e.id = ?1");
    st->bind_all(event);
    if (st->step()) out.push_back(Share{st->get_int(0), st->get_text(1), Permission::owner});
  }
  auto st = tx.cached(
      "SELECT u.id, u.username, s.permission FROM shares s JOIN users u ON u.id = s.user_id "
      "WHERE s.event_id = ?1 ORDER BY u.username COLLATE NOCASE, u.id");
  st->bind_all(event);
  while (st->step()) {
    out.push_back(Share{st->get_int(0), st->get_text(1), share_permission(st->get_text(2))});
  }
  return out;
}

}  // namespace eventcollab::storage
