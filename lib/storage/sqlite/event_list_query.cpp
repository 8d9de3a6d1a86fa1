// SPDX-License-Identifier: MIT
#include "storage/sqlite/event_list_query.hpp"

#include <array>
#include <limits>
#include <string>

#include "storage/sqlite/event_repository.hpp"

// How a page stays O(skip + limit):
// - Owned and shared are two scans that each come out in (start_time, id) order:
//   events(owner_id, start_time, id, ...) and shares(user_id, start_time, event_id), where
//   shares.start_time is a copy of the event's, kept by triggers (migration "list_indexes").
//   A compound SELECT with ORDER BY on those keys makes SQLite merge the two scans lazily
//   ("MERGE (UNION ALL)", no temporary b-tree), so LIMIT/OFFSET stop it early.
// - A window `end_time > from AND start_time < to` cannot be bounded by end_time in a start
//   index, so each scan starts at `from - max_duration`, where event_duration_bound holds an
//   upper bound of every event's length (grown by triggers on write). The few events that
//   start in that margin but end before `from` are skipped inside the index.
// - Search is a filter inside each scan: it costs the rows scanned until the page is full.
// PostgreSQL later: the same statement (UNION ALL of two ORDER BY ... LIMIT subqueries, or the
// compound form) plans as a Merge Append over the same two indexes; the copies are kept by
// plpgsql triggers, the bound with greatest().
namespace eventcollab::storage {
namespace {

std::string arm_filter(bool window, bool search, const char* start_column) {
  std::string sql;
  if (window) {
    sql += std::string(" AND ") + start_column +
           " >= ?5 - (SELECT max_duration FROM event_duration_bound WHERE id = 1) AND " +
           start_column + " < ?4 AND e.end_time > ?5";
  }
  if (search) sql += " AND ec_contains_folded(?6, e.title, e.description, e.location)";
  return sql;
}

std::string list_sql(bool window, bool search) {
  const std::string columns(event_select_columns());
  return "SELECT " + columns + ", 'owner', e.start_time AS k_start, e.id AS k_id " +
         "FROM events e WHERE e.owner_id = ?1" + arm_filter(window, search, "e.start_time") +
         " UNION ALL SELECT " + columns + ", s.permission, s.start_time, s.event_id " +
         "FROM shares s JOIN events e ON e.id = s.event_id WHERE s.user_id = ?1" +
         arm_filter(window, search, "s.start_time") + " ORDER BY k_start, k_id LIMIT ?2 OFFSET ?3";
}

const std::string& sql_for(bool window, bool search) {
  static const std::array<std::string, 4> kSql = {list_sql(false, false), list_sql(true, false),
                                                  list_sql(false, true), list_sql(true, true)};
  return kSql[(window ? 1 : 0) + (search ? 2 : 0)];
}

}  // namespace

std::vector<Event> list_visible_events(Transaction& tx, UserId viewer, const ListFilter& f) {
  const bool window = f.from || f.to;
  const bool search = f.needle.has_value();
  auto st = tx.cached(sql_for(window, search));
  st->bind(1, viewer);
  st->bind(2, f.limit);
  st->bind(3, f.skip);
  if (window) {
    st->bind(4, f.to.value_or(std::numeric_limits<std::int64_t>::max()));
    // Without `from`, from - max_duration overflows into a REAL below every start: still right.
    st->bind(5, f.from.value_or(std::numeric_limits<std::int64_t>::min()));
  }
  if (search) st->bind(6, *f.needle);
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(f.limit < 128 ? f.limit : 128));
  while (st->step()) out.push_back(read_event(*st));
  return out;
}

}  // namespace eventcollab::storage
