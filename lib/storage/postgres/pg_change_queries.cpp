// SPDX-License-Identifier: MIT
// The change feed on PostgreSQL. A sequence alone hands out numbers in the order transactions
// ask, not the order they commit: a reader could see 11 and miss 10 committing later. So a
// writer draws its number under a transaction-level advisory lock, held until its commit; the
// next writer's number waits for it. Readers take no lock. The same statement notifies the
// change channel (pg_commit_watch.hpp), which PostgreSQL delivers at commit.
#include <fmt/format.h>

#include "storage/postgres/pg_unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

/// The advisory lock of the feed's numbering ("ECFD").
constexpr std::int64_t kFeedLock = 0x45434644;

ChangeType change_type_column(const std::string& text) {
  for (ChangeType t : {ChangeType::created, ChangeType::updated, ChangeType::deleted,
                       ChangeType::shared, ChangeType::unshared}) {
    if (text == to_string(t)) return t;
  }
  throw Error(Errc::internal, fmt::format("column changes.kind holds an unknown value '{}'", text));
}

}  // namespace

std::int64_t PgUnitOfWork::append_change(EventId event, ChangeType type, std::int64_t version,
                                         std::int64_t at, UserId by) {
  const std::int64_t seq =
      conn()
          .run(
              "SELECT nextval('changes_seq'), pg_notify('eventcollab_changes', '') FROM "
              "(SELECT pg_advisory_xact_lock($1)) l",
              Params().add(kFeedLock))
          .integer(0, 0);
  conn().run(
      "INSERT INTO changes(seq, event_id, kind, version, at, actor) VALUES ($1, $2, $3, $4, $5, "
      "$6)",
      Params().add(seq).add(event).add(to_string(type)).add(version).add(at).add(by));
  conn().run(
      "INSERT INTO change_audience(user_id, seq) SELECT owner_id, $1::bigint FROM events WHERE id "
      "= $2 UNION SELECT user_id, $1::bigint FROM shares WHERE event_id = $2",
      Params().add(seq).add(event));
  return seq;
}

std::vector<Change> PgUnitOfWork::list_changes_for(UserId viewer, std::int64_t after,
                                                   std::int64_t limit) {
  const Rows r = conn().run(
      "SELECT c.seq, c.event_id, c.kind, c.version, c.at, c.actor FROM change_audience a JOIN "
      "changes c ON c.seq = a.seq WHERE a.user_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT $3",
      Params().add(viewer).add(after).add(limit));
  std::vector<Change> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(Change{r.integer(i, 0), r.integer(i, 1), change_type_column(r.text(i, 2)),
                         r.integer(i, 3), Timestamp{std::chrono::seconds{r.integer(i, 4)}},
                         r.integer(i, 5)});
  }
  return out;
}

std::vector<AudiencedChange> PgUnitOfWork::list_changes_after(std::int64_t after,
                                                              std::int64_t limit) {
  const Rows r = conn().run(
      "SELECT c.seq, c.event_id, c.kind, c.version, c.at, c.actor, a.user_id FROM (SELECT * FROM "
      "changes WHERE seq > $1 ORDER BY seq LIMIT $2) c LEFT JOIN change_audience a ON a.seq = "
      "c.seq ORDER BY c.seq, a.user_id",
      Params().add(after).add(limit));
  std::vector<AudiencedChange> out;
  for (int i = 0; i < r.size(); ++i) {
    const std::int64_t seq = r.integer(i, 0);
    if (out.empty() || out.back().change.seq != seq) {
      out.push_back({Change{seq, r.integer(i, 1), change_type_column(r.text(i, 2)), r.integer(i, 3),
                            Timestamp{std::chrono::seconds{r.integer(i, 4)}}, r.integer(i, 5)},
                     {}});
    }
    if (!r.is_null(i, 6)) out.back().audience.push_back(r.integer(i, 6));
  }
  return out;
}

std::pair<std::int64_t, std::int64_t> PgUnitOfWork::change_bounds() {
  const Rows r = conn().run(
      "SELECT greatest(coalesce((SELECT max(seq) FROM changes), 0), seq), seq FROM change_floor "
      "WHERE id = 1");
  if (r.empty()) throw Error(Errc::internal, "table change_floor has no row");
  return {r.integer(0, 0), r.integer(0, 1)};
}

void PgUnitOfWork::prune_changes(std::int64_t before, std::int64_t limit) {
  if (conn().run("SELECT 1 FROM changes WHERE at < $1 LIMIT 1", Params().add(before)).empty()) {
    return;
  }
  conn().run(
      "WITH gone AS (DELETE FROM changes WHERE seq IN (SELECT seq FROM changes WHERE at < $1 "
      "ORDER BY seq LIMIT $2) RETURNING seq) UPDATE change_floor SET seq = greatest(seq, "
      "coalesce((SELECT max(seq) FROM gone), 0)) WHERE id = 1",
      Params().add(before).add(limit));
}

}  // namespace eventcollab::storage::postgres
