// SPDX-License-Identifier: MIT
#include "storage/sqlite/integrity_repository.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "storage/sqlite/event_repository.hpp"
#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {
namespace {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds: the range parse_rfc3339
// accepts and format_rfc3339 can print.
#define EC_TIME_OUTSIDE(col) "(" col " < -62135596800 OR " col " > 253402300799)"

// visible_events' columns, and the rows it must hold: a copy of each event for its owner and
// for each sharer.
#define EC_COPY_COLUMNS                                                             \
  "viewer_id, start_time, id, permission, owner_id, title, description, location, " \
  "end_time, version, created_at, updated_at, uid, timezone, all_day, rrule, "      \
  "exdates, rdates, overrides, span_start, span_end, series"
#define EC_EXPECTED_COPIES                                                            \
  "SELECT owner_id AS viewer_id, start_time, id, 'owner' AS permission, owner_id, "   \
  "title, description, location, end_time, version, created_at, updated_at, uid, "    \
  "timezone, all_day, rrule, exdates, rdates, overrides, span_start, span_end, "      \
  "series FROM events UNION ALL SELECT s.user_id, e.start_time, e.id, s.permission, " \
  "e.owner_id, e.title, e.description, e.location, e.end_time, e.version, "           \
  "e.created_at, e.updated_at, e.uid, e.timezone, e.all_day, e.rrule, e.exdates, "    \
  "e.rdates, e.overrides, e.span_start, e.span_end, e.series FROM shares s JOIN "     \
  "events e ON e.id = s.event_id"

// Each query returns one row per violation, with a human-readable description.
constexpr const char* kInvariants[] = {
    "SELECT 'event ' || e.id || ' is at version ' || e.version || ' but has ' || "
    "(SELECT count(*) FROM event_versions v WHERE v.event_id = e.id) || ' version rows' "
    "FROM events e WHERE e.version != (SELECT count(*) FROM event_versions v WHERE v.event_id = "
    "e.id)",

    "SELECT 'event ' || e.id || ' versions are not numbered 1..' || e.version FROM events e "
    "WHERE (SELECT min(version) FROM event_versions v WHERE v.event_id = e.id) IS NOT 1 "
    "OR (SELECT max(version) FROM event_versions v WHERE v.event_id = e.id) IS NOT e.version",

    "SELECT 'version rows for missing event ' || v.event_id FROM event_versions v "
    "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = v.event_id) GROUP BY v.event_id",

    "SELECT 'event ' || s.event_id || ' is shared with its owner ' || s.user_id FROM shares s "
    "JOIN events e ON e.id = s.event_id WHERE s.user_id = e.owner_id",

    "SELECT 'share of event ' || s.event_id || ' points to a missing user or event' "
    "FROM shares s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id) "
    "OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)",

    "SELECT 'event ' || id || ' ends before it starts' FROM events WHERE end_time <= start_time",

    // The copies the list query reads (migration visible_events): one per event for its
    // owner and one per share, equal to the event in every column. EXCEPT compares whole rows
    // (NULLs equal), so a copy that is missing, stale or left over is named.
    "SELECT 'the list copy of event ' || id || ' for user ' || viewer_id || ' is missing or "
    "stale' FROM (" EC_EXPECTED_COPIES " EXCEPT SELECT " EC_COPY_COLUMNS " FROM visible_events)",

    "SELECT 'visible_events holds a copy of event ' || id || ' for user ' || viewer_id || "
    "' that is stale or matches no event or share' FROM (SELECT " EC_COPY_COLUMNS
    " FROM visible_events EXCEPT SELECT * FROM (" EC_EXPECTED_COPIES "))",

    // What keeps the copies and finds them: a dropped trigger would let them go stale silently.
    "SELECT 'the schema lacks ' || n.column1 || ', which keeps or finds the list copies' FROM "
    "(VALUES ('visible_events_on_event_insert'), ('visible_events_on_event_update'), "
    "('visible_events_on_event_move'), ('visible_events_on_event_delete'), "
    "('visible_events_on_share_insert'), ('visible_events_on_share_update'), "
    "('visible_events_on_share_delete'), ('visible_events_by_event'), ('visible_series')) n "
    "WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = n.column1)",

    "SELECT 'event ' || id || ' has a span that does not hold its first occurrence' FROM events "
    "WHERE span_end <= span_start",

    "SELECT 'event ' || id || ' lasts longer than the recorded duration bound' FROM events "
    "WHERE end_time - start_time > (SELECT max_duration FROM event_duration_bound)",

    "SELECT 'event_duration_bound holds ' || count(*) || ' rows, not 1' "
    "FROM event_duration_bound HAVING count(*) != 1",

    "SELECT 'event ' || id || ' has a time outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z "
    "(start ' || start_time || ', end ' || end_time || ')' FROM events "
    "WHERE " EC_TIME_OUTSIDE("start_time") " OR " EC_TIME_OUTSIDE("end_time"),

    "SELECT 'version ' || version || ' of event ' || event_id || ' has a time outside "
    "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z (start ' || start_time || ', end ' || end_time "
    "|| ')' FROM event_versions WHERE " EC_TIME_OUTSIDE("start_time") " OR " EC_TIME_OUTSIDE(
        "end_time"),

    "SELECT 'share of event ' || event_id || ' with user ' || user_id || ' has unknown "
    "permission ''' || permission || ''' (known: read, write)' FROM shares "
    "WHERE permission NOT IN ('read', 'write')",

    "SELECT 'version ' || version || ' of event ' || event_id || ' has unknown kind of change ''' "
    "|| change || ''' (known: create, update, rollback, occurrence)' FROM event_versions "
    "WHERE change NOT IN ('create', 'update', 'rollback', 'occurrence')",

    "SELECT 'schema_migrations records version ' || version || ' (' || name || ') beyond the "
    "schema version ' || (SELECT user_version FROM pragma_user_version) FROM schema_migrations "
    "WHERE version > (SELECT user_version FROM pragma_user_version)",

    "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n "
    "WHERE v < (SELECT user_version FROM pragma_user_version)) "
    "SELECT 'schema_migrations lacks version ' || v || ' below the schema version ' || "
    "(SELECT user_version FROM pragma_user_version) FROM n "
    "WHERE NOT EXISTS (SELECT 1 FROM schema_migrations m WHERE m.version = n.v)",
};

#undef EC_TIME_OUTSIDE
#undef EC_COPY_COLUMNS
#undef EC_EXPECTED_COPIES

}  // namespace

void find_sqlite_damage(Transaction& tx, std::vector<std::string>& problems) {
  auto& conn = tx.conn();
  {
    auto st = conn.prepare("PRAGMA integrity_check");
    while (st.step()) {
      auto line = st.get_text(0);
      if (line != "ok") problems.push_back("integrity: " + line);
    }
  }
  auto st = conn.prepare("PRAGMA foreign_key_check");
  while (st.step()) {
    problems.push_back(fmt::format("foreign key: row {} of {} points to a missing {}",
                                   st.get_int(1), st.get_text(0), st.get_text(2)));
  }
}

void find_broken_invariants(Transaction& tx, std::vector<std::string>& problems) {
  for (const char* sql : kInvariants) {
    auto st = tx.conn().prepare(sql);
    while (st.step()) problems.push_back(st.get_text(0));
  }
  // Compares every field of the field table, so it grows with the table.
  for (const EventId id : events_differing_from_snapshot(tx)) {
    problems.push_back(fmt::format("event {} differs from its latest snapshot", id));
  }
}

void read_schema(Transaction& tx) {
  (void)tx.conn().query_int("PRAGMA user_version");
  (void)tx.conn().query_int("SELECT count(*) FROM sqlite_schema");
}

bool is_sqlite_damage(const std::exception& e) noexcept {
  const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
  if (sqlite == nullptr) return false;
  const int primary = sqlite->extended_code() & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

}  // namespace eventcollab::storage
