// SPDX-License-Identifier: MIT
#include "storage/sqlite/change_repository.hpp"

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::storage {

ChangeType change_type_column(const std::string& text) {
  for (ChangeType t : {ChangeType::created, ChangeType::updated, ChangeType::deleted,
                       ChangeType::shared, ChangeType::unshared}) {
    if (text == to_string(t)) return t;
  }
  throw Error(Errc::internal, fmt::format("column changes.kind holds an unknown value '{}'", text));
}

std::int64_t append_change(Transaction& tx, EventId event, ChangeType type, std::int64_t version,
                           std::int64_t at, UserId by) {
  auto insert = tx.cached(
      "INSERT INTO changes(event_id, kind, version, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert->bind_all(event, to_string(type), version, at, by);
  insert->run();
  const std::int64_t seq = tx.conn().last_insert_rowid();
  auto audience = tx.cached(
      "INSERT INTO change_audience(user_id, seq) SELECT owner_id, ?1 FROM events WHERE id = ?2 "
      "UNION SELECT user_id, ?1 FROM shares WHERE event_id = ?2");
  audience->bind_all(seq, event);
  audience->run();
  return seq;
}

std::vector<Change> list_changes_for(Transaction& tx, UserId viewer, std::int64_t after,
                                     std::int64_t limit) {
  auto st = tx.cached(
      "SELECT c.seq, c.event_id, c.kind, c.version, c.at, c.actor FROM change_audience a "
      "JOIN changes c ON c.seq = a.seq WHERE a.user_id = ?1 AND a.seq > ?2 ORDER BY a.seq "
      "LIMIT ?3");
  st->bind_all(viewer, after, limit);
  std::vector<Change> out;
  while (st->step()) {
    out.push_back(Change{st->get_int(0), st->get_int(1), change_type_column(st->get_text(2)),
                         st->get_int(3), Timestamp{std::chrono::seconds{st->get_int(4)}},
                         st->get_int(5)});
  }
  return out;
}

std::vector<AudiencedChange> list_changes_after(Transaction& tx, std::int64_t after,
                                                std::int64_t limit) {
  auto st = tx.cached(
      "SELECT c.seq, c.event_id, c.kind, c.version, c.at, c.actor, a.user_id FROM (SELECT * FROM "
      "changes WHERE seq > ?1 ORDER BY seq LIMIT ?2) c LEFT JOIN change_audience a ON a.seq = "
      "c.seq ORDER BY c.seq, a.user_id");
  st->bind_all(after, limit);
  std::vector<AudiencedChange> out;
  while (st->step()) {
    const std::int64_t seq = st->get_int(0);
    if (out.empty() || out.back().change.seq != seq) {
      out.push_back(
          {Change{seq, st->get_int(1), change_type_column(st->get_text(2)), st->get_int(3),
                  Timestamp{std::chrono::seconds{st->get_int(4)}}, st->get_int(5)},
           {}});
    }
    if (!st->is_null(6)) out.back().audience.push_back(st->get_int(6));
  }
  return out;
}

std::pair<std::int64_t, std::int64_t> change_bounds(Transaction& tx) {
  auto st = tx.cached(
      "SELECT max(coalesce((SELECT max(seq) FROM changes), 0), seq), seq FROM change_floor "
      "WHERE id = 1");
  if (!st->step()) throw Error(Errc::internal, "table change_floor has no row");
  return {st->get_int(0), st->get_int(1)};
}

void prune_changes(Transaction& tx, std::int64_t before, std::int64_t limit) {
  auto any = tx.cached("SELECT 1 FROM changes WHERE at < ?1 LIMIT 1");
  any->bind_all(before);
  if (!any->step()) return;
  auto floor = tx.cached(
      "UPDATE change_floor SET seq = max(seq, coalesce((SELECT max(seq) FROM (SELECT seq FROM "
      "changes WHERE at < ?1 ORDER BY seq LIMIT ?2)), 0)) WHERE id = 1");
  floor->bind_all(before, limit);
  floor->run();
  auto prune = tx.cached(
      "DELETE FROM changes WHERE seq IN (SELECT seq FROM changes WHERE at < ?1 ORDER BY seq "
      "LIMIT ?2)");
  prune->bind_all(before, limit);
  prune->run();
}

}  // namespace eventcollab::storage
