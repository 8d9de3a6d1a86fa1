// SPDX-License-Identifier: MIT
// Store::check() on PostgreSQL: the server keeps pages and constraints sound itself, so the
// damage to look for is what a person or a tool can do around it — tables, indexes or triggers
// dropped or disabled, foreign keys dropped or bypassed (session_replication_role = replica)
// leaving references dangling — and then the library's own invariants, as on SQLite. Each
// problem is one line a person can read.
#include <fmt/format.h>

#include "events/fields.hpp"
#include "storage/postgres/pg_unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

constexpr const char* kTables[] = {"users",
                                   "settings",
                                   "events",
                                   "event_versions",
                                   "shares",
                                   "sessions",
                                   "refresh_tokens",
                                   "login_failures",
                                   "event_duration_bound",
                                   "changes",
                                   "change_audience",
                                   "change_floor",
                                   "schema_migrations",
                                   "eventcollab_schema"};

constexpr const char* kIndexes[] = {"users_pkey",
                                    "users_username_nocase",
                                    "settings_pkey",
                                    "events_pkey",
                                    "events_by_owner_start",
                                    "events_by_owner_uid",
                                    "events_series_by_owner",
                                    "event_versions_pkey",
                                    "event_versions_by_user",
                                    "shares_pkey",
                                    "shares_by_user",
                                    "shares_by_user_start",
                                    "shares_series_by_user",
                                    "sessions_pkey",
                                    "sessions_by_user",
                                    "sessions_by_expiry",
                                    "refresh_tokens_pkey",
                                    "refresh_tokens_by_session",
                                    "refresh_tokens_by_expiry",
                                    "login_failures_pkey",
                                    "login_failures_by_name",
                                    "login_failures_by_time",
                                    "event_duration_bound_pkey",
                                    "changes_pkey",
                                    "changes_by_time",
                                    "change_audience_pkey",
                                    "change_audience_by_seq",
                                    "change_floor_pkey",
                                    "schema_migrations_pkey",
                                    "eventcollab_schema_pkey"};

struct TriggerSpec {
  const char* table;
  const char* name;
};
constexpr TriggerSpec kTriggers[] = {{"shares", "shares_copy_start"},
                                     {"events", "events_move_share_starts"},
                                     {"shares", "shares_copy_series"},
                                     {"events", "events_move_share_series"},
                                     {"events", "events_bound_duration_on_insert"},
                                     {"events", "events_bound_duration_on_update"}};

// A reference: child.column points to parent.id; `key` names the child row in a message.
struct ForeignKey {
  const char* child;
  const char* column;
  const char* parent;
  const char* key;
};
constexpr ForeignKey kForeignKeys[] = {
    {"events", "owner_id", "users", "'id=' || c.id"},
    {"event_versions", "event_id", "events",
     "'event_id=' || c.event_id || ', version=' || c.version"},
    {"event_versions", "updated_by", "users",
     "'event_id=' || c.event_id || ', version=' || c.version"},
    {"shares", "event_id", "events", "'event_id=' || c.event_id || ', user_id=' || c.user_id"},
    {"shares", "user_id", "users", "'event_id=' || c.event_id || ', user_id=' || c.user_id"},
    {"sessions", "user_id", "users", "'id=' || c.id"},
    {"refresh_tokens", "session_id", "sessions", "'session_id=' || c.session_id"}};

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds.
#define EC_TIME_OUTSIDE(col) "(" col " < -62135596800 OR " col " > 253402300799)"
#define EC_SCHEMA_VERSION "(SELECT version FROM eventcollab_schema WHERE id = 1)"

// Each query returns one row per violation, with a human-readable description (the same
// lines as the SQLite backend's).
constexpr const char* kInvariants[] = {
    "SELECT 'event ' || e.id || ' is at version ' || e.version || ' but has ' || "
    "(SELECT count(*) FROM event_versions v WHERE v.event_id = e.id) || ' version rows' "
    "FROM events e WHERE e.version != (SELECT count(*) FROM event_versions v WHERE v.event_id = "
    "e.id) ORDER BY e.id",

    "SELECT 'event ' || e.id || ' versions are not numbered 1..' || e.version FROM events e "
    "WHERE (SELECT min(version) FROM event_versions v WHERE v.event_id = e.id) IS DISTINCT FROM 1 "
    "OR (SELECT max(version) FROM event_versions v WHERE v.event_id = e.id) IS DISTINCT FROM "
    "e.version ORDER BY e.id",

    "SELECT 'version rows for missing event ' || v.event_id FROM event_versions v "
    "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = v.event_id) GROUP BY v.event_id "
    "ORDER BY v.event_id",

    "SELECT 'event ' || s.event_id || ' is shared with its owner ' || s.user_id FROM shares s "
    "JOIN events e ON e.id = s.event_id WHERE s.user_id = e.owner_id ORDER BY s.event_id",

    "SELECT 'share of event ' || s.event_id || ' points to a missing user or event' "
    "FROM shares s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id) "
    "OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id) ORDER BY s.event_id, s.user_id",

    "SELECT 'event ' || id || ' ends before it starts' FROM events WHERE end_time <= start_time "
    "ORDER BY id",

    "SELECT 'share of event ' || s.event_id || ' with user ' || s.user_id || ' has a stale "
    "start time copy' FROM shares s JOIN events e ON e.id = s.event_id "
    "WHERE s.start_time IS DISTINCT FROM e.start_time ORDER BY s.event_id, s.user_id",

    "SELECT 'share of event ' || s.event_id || ' with user ' || s.user_id || ' has a stale "
    "series flag copy' FROM shares s JOIN events e ON e.id = s.event_id "
    "WHERE s.series IS DISTINCT FROM e.series ORDER BY s.event_id, s.user_id",

    "SELECT 'event ' || id || ' has a span that does not hold its first occurrence' FROM events "
    "WHERE span_end <= span_start ORDER BY id",

    "SELECT 'event ' || id || ' lasts longer than the recorded duration bound' FROM events "
    "WHERE end_time - start_time > (SELECT max(max_duration) FROM event_duration_bound) "
    "ORDER BY id",

    "SELECT 'event_duration_bound holds ' || count(*) || ' rows, not 1' "
    "FROM event_duration_bound HAVING count(*) != 1",

    "SELECT 'event ' || id || ' has a time outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z "
    "(start ' || start_time || ', end ' || end_time || ')' FROM events "
    "WHERE " EC_TIME_OUTSIDE("start_time") " OR " EC_TIME_OUTSIDE("end_time") " ORDER BY id",

    "SELECT 'version ' || version || ' of event ' || event_id || ' has a time outside "
    "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z (start ' || start_time || ', end ' || end_time "
    "|| ')' FROM event_versions WHERE " EC_TIME_OUTSIDE("start_time") " OR " EC_TIME_OUTSIDE(
        "end_time") " ORDER BY event_id, version",

    "SELECT 'share of event ' || event_id || ' with user ' || user_id || ' has unknown "
    "permission ''' || permission || ''' (known: read, write)' FROM shares "
    "WHERE permission NOT IN ('read', 'write') ORDER BY event_id, user_id",

    "SELECT 'version ' || version || ' of event ' || event_id || ' has unknown kind of change ''' "
    "|| change || ''' (known: create, update, rollback, occurrence)' FROM event_versions "
    "WHERE change NOT IN ('create', 'update', 'rollback', 'occurrence') ORDER BY event_id, version",

    "SELECT 'schema_migrations records version ' || version || ' (' || name || ') beyond the "
    "schema version ' || " EC_SCHEMA_VERSION
    " FROM schema_migrations "
    "WHERE version > " EC_SCHEMA_VERSION " ORDER BY version",

    "SELECT 'schema_migrations lacks version ' || n || ' below the schema version ' "
    "|| " EC_SCHEMA_VERSION " FROM generate_series(1, " EC_SCHEMA_VERSION
    ") AS n "
    "WHERE NOT EXISTS (SELECT 1 FROM schema_migrations m WHERE m.version = n) ORDER BY n",
};

#undef EC_TIME_OUTSIDE
#undef EC_SCHEMA_VERSION

// Which of `names` exist as relations of the current schema.
std::vector<std::string> missing_relations(PgConnection& conn, const char* const* names,
                                           std::size_t count) {
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < count; ++i) {
    const Rows r =
        conn.run("SELECT to_regclass(format('%I.%I', current_schema(), $1::text)) IS NOT NULL",
                 Params().add(names[i]));
    if (!r.boolean(0, 0)) missing.emplace_back(names[i]);
  }
  return missing;
}

bool all_tables_present(PgConnection& conn) {
  return missing_relations(conn, kTables, std::size(kTables)).empty();
}

}  // namespace

void PgUnitOfWork::find_damage(std::vector<std::string>& problems) {
  const auto missing_tables = missing_relations(conn(), kTables, std::size(kTables));
  for (const auto& t : missing_tables) problems.push_back(fmt::format("missing table {}", t));
  for (const auto& i : missing_relations(conn(), kIndexes, std::size(kIndexes))) {
    problems.push_back(fmt::format("missing index {}", i));
  }
  {
    const Rows r = conn().run(
        "SELECT c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON "
        "c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) "
        "ORDER BY c.relname");
    for (int i = 0; i < r.size(); ++i) {
      problems.push_back(fmt::format("index {} is invalid (rebuild it: REINDEX INDEX {})",
                                     r.text(i, 0), r.text(i, 0)));
    }
  }
  for (const auto& t : kTriggers) {
    const Rows r = conn().run(
        "SELECT tgenabled FROM pg_catalog.pg_trigger WHERE NOT tgisinternal AND tgname = $2 "
        "AND tgrelid = to_regclass(format('%I.%I', current_schema(), $1::text))",
        Params().add(t.table).add(t.name));
    if (r.empty()) {
      problems.push_back(fmt::format("missing trigger {} on {}", t.name, t.table));
    } else if (r.text(0, 0) == "D") {
      problems.push_back(fmt::format("trigger {} on {} is disabled", t.name, t.table));
    }
  }
  for (const auto& fk : kForeignKeys) {
    if (std::find(missing_tables.begin(), missing_tables.end(), fk.child) != missing_tables.end() ||
        std::find(missing_tables.begin(), missing_tables.end(), fk.parent) !=
            missing_tables.end()) {
      continue;
    }
    const Rows declared = conn().run(
        "SELECT bool_and(con.convalidated) FROM pg_catalog.pg_constraint con "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] "
        "WHERE con.contype = 'f' AND cardinality(con.conkey) = 1 AND a.attname = $2 "
        "AND con.conrelid = to_regclass(format('%I.%I', current_schema(), $1::text)) "
        "AND con.confrelid = to_regclass(format('%I.%I', current_schema(), $3::text))",
        Params().add(fk.child).add(fk.column).add(fk.parent));
    if (declared.is_null(0, 0)) {
      problems.push_back(
          fmt::format("missing foreign key {}.{} -> {}", fk.child, fk.column, fk.parent));
    } else if (!declared.boolean(0, 0)) {
      problems.push_back(
          fmt::format("foreign key {}.{} -> {} is not validated", fk.child, fk.column, fk.parent));
    }
    const Rows dangling = conn().run(
        fmt::format("SELECT {} FROM {} c WHERE NOT EXISTS (SELECT 1 FROM {} p WHERE p.id = c.{}) "
                    "ORDER BY 1",
                    fk.key, fk.child, fk.parent, fk.column));
    for (int i = 0; i < dangling.size(); ++i) {
      problems.push_back(fmt::format("foreign key: row ({}) of {} points to a missing {}",
                                     dangling.text(i, 0), fk.child, fk.parent));
    }
  }
}

void PgUnitOfWork::find_broken_invariants(std::vector<std::string>& problems) {
  if (!all_tables_present(conn())) return;  // find_damage() names what is missing
  for (const char* sql : kInvariants) {
    const Rows r = conn().run(sql);
    for (int i = 0; i < r.size(); ++i) problems.push_back(r.text(i, 0));
  }
  // Compares every field of the field table, so it grows with the table.
  static const std::string differs = [] {
    std::string cond;
    events::for_each_field([&](const auto& f) {
      cond += fmt::format("{}v.{} IS DISTINCT FROM e.{}", cond.empty() ? "" : " OR ", f.info.name,
                          f.info.name);
    });
    return "SELECT e.id FROM events e JOIN event_versions v ON v.event_id = e.id AND "
           "v.version = e.version WHERE " +
           cond + " ORDER BY e.id";
  }();
  const Rows r = conn().run(differs);
  for (int i = 0; i < r.size(); ++i) {
    problems.push_back(fmt::format("event {} differs from its latest snapshot", r.integer(i, 0)));
  }
}

}  // namespace eventcollab::storage::postgres
