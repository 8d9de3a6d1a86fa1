// SPDX-License-Identifier: MIT
// Events, versions, shares and the list query: the statements of PgUnitOfWork that the SQLite
// backend keeps in its event, share and list repositories. Column lists come from the event
// field table (events/fields.hpp), so a new field needs no change here.
//
// How a list page stays O(skip + limit): each half of owned ∪ shared is a subquery that walks
// an index already in (start_time, id) order — events(owner_id, start_time, id, ...) and
// shares(user_id, start_time, event_id), whose start_time is the event's, copied by triggers —
// and stops after skip + limit rows; the outer ORDER BY merges at most twice that. A window
// `end_time > from AND start_time < to` starts each scan at `from - max_duration`
// (event_duration_bound, grown by a trigger). Search folds case on both sides with
// lower(upper(...)) in the database's ctype (C.UTF-8: Unicode simple case folding, as
// SQLite's ec_contains_folded) and tests with strpos, so '%' and '_' are plain characters.
#include <limits>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "events/field_codec.hpp"
#include "events/fields.hpp"
#include "storage/field_sql.hpp"
#include "storage/postgres/pg_unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

// How each kind of field meets SQL: text as TEXT (NULL when unset), times as Unix seconds,
// flags as BOOLEAN, lists of times and overrides as text (events/field_codec.hpp).
void bind_value(Params& p, const std::string& v) { p.add(v); }
void bind_value(Params& p, const std::optional<std::string>& v) { p.add(v); }
void bind_value(Params& p, Timestamp v) { p.add(v.time_since_epoch().count()); }
void bind_value(Params& p, bool v) { p.add(std::string(v ? "true" : "false")); }
void bind_value(Params& p, const std::vector<Timestamp>& v) { p.add(events::encode_times(v)); }
void bind_value(Params& p, const std::vector<OccurrenceOverride>& v) {
  p.add(events::encode_overrides(v));
}
void read_value(const Rows& r, int row, int col, std::string& v) { v = r.text(row, col); }
void read_value(const Rows& r, int row, int col, std::optional<std::string>& v) {
  v = r.optional_text(row, col);
}
void read_value(const Rows& r, int row, int col, Timestamp& v) { v = ts(r.integer(row, col)); }
void read_value(const Rows& r, int row, int col, bool& v) { v = r.text(row, col) == "t"; }
void read_value(const Rows& r, int row, int col, std::vector<Timestamp>& v) {
  v = events::decode_times(r.text(row, col), "exdates/rdates");
}
void read_value(const Rows& r, int row, int col, std::vector<OccurrenceOverride>& v) {
  v = events::decode_overrides(r.text(row, col), "overrides");
}

// Runs an insert or update of an event row: the only unique key it can break is the
// owner's uid.
Rows run_event_write(PgConnection& c, const std::string& sql, const Params& p,
                     const std::string& uid) {
  try {
    return c.run(sql, p);
  } catch (const RetryableConflict&) {
    throw;
  } catch (const Error& e) {
    if (e.code() != Errc::conflict) throw;
    throw Error(Errc::conflict,
                fmt::format("uid '{}' is already used by another of your events", uid));
  }
}

template <class From>
void bind_fields(Params& p, const From& from) {
  events::for_each_field([&](const auto& f) { bind_value(p, f.of(from)); });
}

template <class To>
void read_fields(const Rows& r, int row, int first, To& to) {
  int col = first;
  events::for_each_field([&](const auto& f) { read_value(r, row, col++, f.of(to)); });
}

constexpr int kFieldsEnd = 1 + static_cast<int>(events::kFieldCount);  // first column after them

// A share grants read or write; anything else in the column is damage, not a permission.
Permission share_permission(const std::string& text) {
  if (text == "read") return Permission::read;
  if (text == "write") return Permission::write;
  throw Error(Errc::internal,
              fmt::format("column shares.permission holds an unknown value '{}'", text));
}

// The viewer's permission as the queries compute it: 'owner' or the share's.
Permission permission_column(const std::string& text) {
  return text == "owner" ? Permission::owner : share_permission(text);
}

ChangeKind change_column(const std::string& text) {
  for (ChangeKind k :
       {ChangeKind::create, ChangeKind::update, ChangeKind::rollback, ChangeKind::occurrence}) {
    if (text == to_string(k)) return k;
  }
  throw Error(Errc::internal,
              fmt::format("column event_versions.change holds an unknown value '{}'", text));
}

const std::string& event_columns() {
  static const std::string cols =
      "e.id, " + field_columns("e.") + ", e.owner_id, e.version, e.created_at, e.updated_at";
  return cols;
}

// Columns as event_columns(), then the viewer's permission.
Event read_event(const Rows& r, int row) {
  Event e;
  e.id = r.integer(row, 0);
  read_fields(r, row, 1, e);
  e.owner_id = r.integer(row, kFieldsEnd);
  e.version = r.integer(row, kFieldsEnd + 1);
  e.created_at = ts(r.integer(row, kFieldsEnd + 2));
  e.updated_at = ts(r.integer(row, kFieldsEnd + 3));
  e.permission = permission_column(r.text(row, kFieldsEnd + 4));
  return e;
}

Version read_version(const Rows& r, int row) {
  Version v;
  v.number = r.integer(row, 0);
  read_fields(r, row, 1, v);
  v.updated_by = r.integer(row, kFieldsEnd);
  v.updated_by_username = r.text(row, kFieldsEnd + 1);
  v.updated_at = ts(r.integer(row, kFieldsEnd + 2));
  v.change = change_column(r.text(row, kFieldsEnd + 3));
  return v;
}

const std::string& version_select() {
  static const std::string sql = "SELECT v.version, " + field_columns("v.") +
                                 ", v.updated_by, u.username, v.updated_at, v.change FROM "
                                 "event_versions v JOIN users u ON u.id = v.updated_by WHERE "
                                 "v.event_id = $1";
  return sql;
}

// The UPDATE for one set of changed fields: $1 id, $2 new version, $3 updated_at, then the
// changed fields in table order from $4, then the span (start, end, series). Built once per
// mask, from column names only.
const std::string& update_sql(events::FieldMask mask) {
  static std::mutex mutex;
  static std::unordered_map<events::FieldMask, std::string> by_mask;
  std::lock_guard lock(mutex);
  auto [it, inserted] = by_mask.try_emplace(mask);
  if (inserted) {
    std::string set;
    std::size_t i = 0;
    int param = 4;
    events::for_each_field([&](const auto& f) {
      if (mask & (events::FieldMask{1} << i))
        set += fmt::format("{} = ${}, ", f.info.name, param++);
      ++i;
    });
    it->second = "UPDATE events SET " + set +
                 fmt::format("span_start = ${}, span_end = ${}, series = ${}, ", param, param + 1,
                             param + 2) +
                 "version = $2, updated_at = $3 WHERE id = $1 AND version = $2 - 1";
  }
  return it->second;  // references into an unordered_map stay valid as it grows
}

// An all-day event's start_time is its date's midnight as if in UTC; its real start lies up to
// 14 hours later or 12 hours earlier. The index range widens by that; the real span decides.
// Series (a rule or rdates) have their own arms, through partial indexes on `series`.
// Parameters: $1 viewer, $2 limit, $3 skip; a window adds $4 to, $5 from; the needle follows.
// `overridden` (candidates of occurrences only): a search also keeps a series with overrides,
// whose changed occurrences the caller checks on their own fields.
std::string list_arm_filter(bool window, bool search, bool series, const char* start_column,
                            const char* series_column, bool overridden) {
  std::string sql;
  if (window && series) {
    sql += fmt::format(" AND {} AND e.span_start < $4::bigint AND e.span_end > $5::bigint",
                       series_column);
  } else if (window) {
    sql += fmt::format(
        " AND {0} >= $5::bigint - (SELECT max_duration FROM event_duration_bound WHERE id = 1) -"
        " 43200 AND {0} < $4::bigint + 50400 AND NOT e.series AND e.span_start < $4::bigint AND"
        " e.span_end > $5::bigint",
        start_column);
  }
  if (search) {
    std::string any;
    for (const char* col : {"e.title", "e.description", "e.location"}) {
      any += fmt::format("{}strpos(lower(upper({})), (SELECT lower(upper(${}::text)))) > 0",
                         any.empty() ? "" : " OR ", col, window ? 6 : 4);
    }
    if (overridden && series) any += " OR e.overrides <> ''";
    sql += " AND (" + any + ")";
  }
  return sql;
}

std::string owned_arm(bool window, bool search, bool series, bool overridden = false) {
  return "SELECT " + event_columns() +
         ", 'owner' AS permission, e.start_time AS k_start, e.id AS k_id FROM events e WHERE "
         "e.owner_id = $1" +
         list_arm_filter(window, search, series, "e.start_time", "e.series", overridden);
}

std::string shared_arm(bool window, bool search, bool series, bool overridden = false) {
  return "SELECT " + event_columns() +
         ", s.permission, s.start_time, s.event_id FROM shares s JOIN events e ON e.id = "
         "s.event_id WHERE s.user_id = $1" +
         list_arm_filter(window, search, series, "s.start_time", "s.series", overridden);
}

std::string list_sql(bool window, bool search) {
  std::string sql = "SELECT * FROM ((" + owned_arm(window, search, false) +
                    " ORDER BY e.start_time, e.id LIMIT $2::bigint + $3::bigint) UNION ALL (" +
                    shared_arm(window, search, false) +
                    " ORDER BY s.start_time, s.event_id LIMIT $2::bigint + $3::bigint)";
  if (window) {
    sql += " UNION ALL (" + owned_arm(window, search, true) + ") UNION ALL (" +
           shared_arm(window, search, true) + ")";
  }
  return sql + ") page ORDER BY k_start, k_id LIMIT $2 OFFSET $3";
}

// Every event whose span overlaps the window, unordered: the arms of a list with a window,
// renumbered to $1 viewer, $2 to, $3 from, $4 the needle (no page parameters); a search keeps
// series with overrides too.
std::string candidates_sql(bool search) {
  std::string sql;
  for (bool series : {false, true}) {
    for (bool owned : {true, false}) {
      std::string arm =
          owned ? owned_arm(true, search, series, true) : shared_arm(true, search, series, true);
      if (!sql.empty()) sql += " UNION ALL ";
      sql += "(" + arm + ")";
    }
  }
  for (auto [from, to] : {std::pair{"$4", "$2"}, std::pair{"$5", "$3"}, std::pair{"$6", "$4"}}) {
    for (auto at = sql.find(from); at != std::string::npos; at = sql.find(from, at + 2)) {
      sql.replace(at, 2, to);
    }
  }
  return sql;
}

}  // namespace

std::optional<Event> PgUnitOfWork::find_event_for(EventId id, UserId viewer) {
  static const std::string sql =
      "SELECT " + event_columns() +
      ", CASE WHEN e.owner_id = $2 THEN 'owner' ELSE s.permission END "
      "FROM events e LEFT JOIN shares s ON s.event_id = e.id AND s.user_id = $2 "
      "WHERE e.id = $1 AND (e.owner_id = $2 OR s.user_id IS NOT NULL)";
  // A writer locks the row: a second writer of the event waits here until the first commits,
  // then fails once with RetryableConflict and runs again on what was committed.
  static const std::string locking = sql + " FOR UPDATE OF e";
  const Rows r = conn().run(kind_ == TxKind::write ? locking : sql, Params().add(id).add(viewer));
  if (r.empty()) return std::nullopt;
  return read_event(r, 0);
}

EventId PgUnitOfWork::insert_event(UserId owner, const EventDraft& d, const EventSpan& span,
                                   std::int64_t now) {
  static const std::string sql = fmt::format(
      "INSERT INTO events(owner_id, {}, version, created_at, updated_at, span_start, span_end, "
      "series) VALUES ($1, {}, 1, ${}, ${}, ${}, ${}, ${}) RETURNING id",
      field_columns(""), field_params(2, '$'), kFieldsEnd + 1, kFieldsEnd + 1, kFieldsEnd + 2,
      kFieldsEnd + 3, kFieldsEnd + 4);
  Params p;
  p.add(owner);
  bind_fields(p, d);
  p.add(now).add(span.start).add(span.end);
  bind_value(p, span.series);
  return run_event_write(conn(), sql, p, d.uid).integer(0, 0);
}

bool PgUnitOfWork::update_event(const Event& e, events::FieldMask changed, const EventSpan& span) {
  Params p;
  p.add(e.id).add(e.version).add(e.updated_at.time_since_epoch().count());
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) {
    if (changed & (events::FieldMask{1} << i)) bind_value(p, f.of(e));
    ++i;
  });
  p.add(span.start).add(span.end);
  bind_value(p, span.series);
  return run_event_write(conn(), update_sql(changed), p, e.uid).affected() == 1;
}

void PgUnitOfWork::delete_event(EventId id) {
  // Shares and versions go with it through ON DELETE CASCADE.
  conn().run("DELETE FROM events WHERE id = $1", Params().add(id));
}

std::vector<Event> PgUnitOfWork::list_visible_events(UserId viewer, const ListFilter& f) {
  static const std::array<std::string, 4> kSql = {list_sql(false, false), list_sql(true, false),
                                                  list_sql(false, true), list_sql(true, true)};
  const bool window = f.from || f.to;
  const bool search = f.needle.has_value();
  Params p;
  p.add(viewer).add(f.limit).add(f.skip);
  if (window) {
    // Without a bound, one far beyond every time keeps `$4 + 50400` and `$5 - max_duration`
    // in range.
    p.add(f.to.value_or(std::numeric_limits<std::int64_t>::max() / 2));
    p.add(f.from.value_or(std::numeric_limits<std::int64_t>::min() / 2));
  }
  if (search) p.add(*f.needle);
  const Rows r = conn().run(kSql[(window ? 1 : 0) + (search ? 2 : 0)], p);
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(read_event(r, i));
  return out;
}

std::vector<Event> PgUnitOfWork::list_window_candidates(UserId viewer, std::int64_t from,
                                                        std::int64_t to,
                                                        const std::optional<std::string>& needle) {
  static const std::array<std::string, 2> kSql = {candidates_sql(false), candidates_sql(true)};
  Params p;
  p.add(viewer).add(to).add(from);
  if (needle) p.add(*needle);
  const Rows r = conn().run(kSql[needle ? 1 : 0], p);
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(read_event(r, i));
  return out;
}

void PgUnitOfWork::insert_version(EventId event, const Version& v) {
  static const std::string sql = fmt::format(
      "INSERT INTO event_versions(event_id, version, {}, updated_by, updated_at, change) VALUES "
      "($1, $2, {}, ${}, ${}, ${})",
      field_columns(""), field_params(3, '$'), kFieldsEnd + 2, kFieldsEnd + 3, kFieldsEnd + 4);
  Params p;
  p.add(event).add(v.number);
  bind_fields(p, v);
  p.add(v.updated_by).add(v.updated_at.time_since_epoch().count()).add(to_string(v.change));
  conn().run(sql, p);
}

std::vector<Version> PgUnitOfWork::list_versions(EventId event) {
  static const std::string sql = version_select() + " ORDER BY v.version";
  const Rows r = conn().run(sql, Params().add(event));
  std::vector<Version> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(read_version(r, i));
  return out;
}

std::optional<Version> PgUnitOfWork::find_version(EventId event, std::int64_t number) {
  static const std::string sql = version_select() + " AND v.version = $2";
  const Rows r = conn().run(sql, Params().add(event).add(number));
  if (r.empty()) return std::nullopt;
  return read_version(r, 0);
}

std::optional<Permission> PgUnitOfWork::find_share(EventId event, UserId user) {
  const Rows r = conn().run("SELECT permission FROM shares WHERE event_id = $1 AND user_id = $2",
                            Params().add(event).add(user));
  if (r.empty()) return std::nullopt;
  return share_permission(r.text(0, 0));
}

bool PgUnitOfWork::upsert_share(EventId event, UserId user, Permission p, std::int64_t now) {
  // xmax is 0 on a row this statement inserted, the updating transaction's id otherwise.
  const Rows r = conn().run(
      "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (event_id, user_id) DO UPDATE SET permission = excluded.permission "
      "RETURNING xmax = 0",
      Params().add(event).add(user).add(to_string(p)).add(now));
  return r.boolean(0, 0);
}

void PgUnitOfWork::delete_share(EventId event, UserId user) {
  conn().run("DELETE FROM shares WHERE event_id = $1 AND user_id = $2",
             Params().add(event).add(user));
}

std::vector<Share> PgUnitOfWork::list_shares(EventId event) {
  // The owner first, then the shares by username ignoring ASCII case (SQLite's NOCASE).
  const Rows r = conn().run(
      "SELECT u.id, u.username, NULL, 0 AS k, '' COLLATE \"C\" AS name_key FROM events e "
      "JOIN users u ON u.id = e.owner_id WHERE e.id = $1 "
      "UNION ALL SELECT u.id, u.username, s.permission, 1, lower(u.username COLLATE \"C\") "
      "FROM shares s JOIN users u ON u.id = s.user_id WHERE s.event_id = $1 "
      "ORDER BY k, name_key, id",
      Params().add(event));
  std::vector<Share> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    const Permission p = r.integer(i, 3) == 0 ? Permission::owner : share_permission(r.text(i, 2));
    out.push_back(Share{r.integer(i, 0), r.text(i, 1), p});
  }
  return out;
}

}  // namespace eventcollab::storage::postgres
