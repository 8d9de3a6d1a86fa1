// SPDX-License-Identifier: MIT
#include "storage/sqlite/event_repository.hpp"
#include "storage/field_sql.hpp"

#include <array>
#include <limits>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "events/field_codec.hpp"
#include "events/fields.hpp"
#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {
namespace {

using std::chrono::seconds;

Timestamp ts(std::int64_t s) { return Timestamp{seconds{s}}; }

// How each kind of field meets SQL: text as TEXT (NULL when unset), times as Unix seconds,
// flags 0/1, lists of times and overrides as text (events/field_codec.hpp).
void bind_value(Statement& st, int i, const std::string& v) { st.bind(i, v); }
void bind_value(Statement& st, int i, const std::optional<std::string>& v) { st.bind(i, v); }
void bind_value(Statement& st, int i, Timestamp v) { st.bind(i, v.time_since_epoch().count()); }
void bind_value(Statement& st, int i, bool v) { st.bind(i, v ? 1 : 0); }
void bind_value(Statement& st, int i, const std::vector<Timestamp>& v) {
  st.bind(i, events::encode_times(v));
}
void bind_value(Statement& st, int i, const std::vector<OccurrenceOverride>& v) {
  st.bind(i, events::encode_overrides(v));
}
void read_value(const Statement& st, int col, std::string& v) { v = st.get_text(col); }
void read_value(const Statement& st, int col, std::optional<std::string>& v) {
  v = st.get_optional_text(col);
}
void read_value(const Statement& st, int col, Timestamp& v) { v = ts(st.get_int(col)); }
void read_value(const Statement& st, int col, bool& v) { v = st.get_int(col) != 0; }
void read_value(const Statement& st, int col, std::vector<Timestamp>& v) {
  v = events::decode_times(st.get_text(col), "exdates/rdates");
}
void read_value(const Statement& st, int col, std::vector<OccurrenceOverride>& v) {
  v = events::decode_overrides(st.get_text(col), "overrides");
}

// Runs an insert or update of an event row, naming a taken uid.
void run_event_write(Statement& st, const std::string& uid) {
  try {
    st.run();
  } catch (const SqliteError& e) {
    if (e.is_constraint()) {
      throw Error(Errc::conflict,
                  fmt::format("uid '{}' is already used by another of your events", uid));
    }
    throw;
  }
}

// Binds the content fields of `from` to ?first, ?first+1, ... in table order.
template <class From>
void bind_fields(Statement& st, int first, const From& from) {
  int i = first;
  events::for_each_field([&](const auto& f) { bind_value(st, i++, f.of(from)); });
}

// Reads the content fields into `to` from columns first, first+1, ... in table order.
template <class To>
void read_fields(const Statement& st, int first, To& to) {
  int col = first;
  events::for_each_field([&](const auto& f) { read_value(st, col++, f.of(to)); });
}

Permission permission_column(const std::string& text) {
  try {
    return parse_permission(text);
  } catch (const Error&) {
    throw Error(Errc::internal,
                fmt::format("column shares.permission holds an unknown value '{}'", text));
  }
}

ChangeKind change_column(const std::string& text) {
  for (ChangeKind k :
       {ChangeKind::create, ChangeKind::update, ChangeKind::rollback, ChangeKind::occurrence}) {
    if (text == to_string(k)) return k;
  }
  throw Error(Errc::internal,
              fmt::format("column event_versions.change holds an unknown value '{}'", text));
}

constexpr int kFieldsEnd = 1 + static_cast<int>(events::kFieldCount);  // first column after them

const std::string& event_columns() {
  static const std::string cols =
      "e.id, " + field_columns("e.") + ", e.owner_id, e.version, e.created_at, e.updated_at";
  return cols;
}

Version read_version(const Statement& st) {
  Version v;
  v.number = st.get_int(0);
  read_fields(st, 1, v);
  v.updated_by = st.get_int(kFieldsEnd);
  v.updated_by_username = st.get_text(kFieldsEnd + 1);
  v.updated_at = ts(st.get_int(kFieldsEnd + 2));
  v.change = change_column(st.get_text(kFieldsEnd + 3));
  return v;
}

const std::string& version_select() {
  static const std::string sql = "SELECT v.version, " + field_columns("v.") +
                                 ", v.updated_by, u.username, v.updated_at, v.change FROM "
                                 "event_versions v JOIN users u ON u.id = v.updated_by WHERE "
                                 "v.event_id = ?1";
  return sql;
}

// The UPDATE for one set of changed fields: field i binds ?(4 + i); ?1 id, ?2 new version,
// ?3 updated_at; the span binds the three numbers after the fields. Built once per mask and
// thread, from column names only.
const std::string& update_sql(events::FieldMask mask) {
  thread_local std::unordered_map<events::FieldMask, std::string> by_mask;
  auto [it, inserted] = by_mask.try_emplace(mask);
  if (inserted) {
    std::string set;
    std::size_t i = 0;
    events::for_each_field([&](const auto& f) {
      if (mask & (events::FieldMask{1} << i)) set += fmt::format("{} = ?{}, ", f.info.name, 4 + i);
      ++i;
    });
    const std::size_t span = 4 + events::kFieldCount;
    it->second =
        "UPDATE events SET " + set +
        fmt::format("span_start = ?{}, span_end = ?{}, series = ?{}, ", span, span + 1, span + 2) +
        "version = ?2, updated_at = ?3 WHERE id = ?1 AND version = ?2 - 1";
  }
  return it->second;
}

}  // namespace

Event read_event(const Statement& st) {
  Event e;
  e.id = st.get_int(0);
  read_fields(st, 1, e);
  e.owner_id = st.get_int(kFieldsEnd);
  e.version = st.get_int(kFieldsEnd + 1);
  e.created_at = ts(st.get_int(kFieldsEnd + 2));
  e.updated_at = ts(st.get_int(kFieldsEnd + 3));
  e.permission = permission_column(st.get_text(kFieldsEnd + 4));
  return e;
}

std::string_view event_select_columns() { return event_columns(); }

std::optional<Event> find_event_for(Transaction& tx, EventId id, UserId viewer) {
  static const std::string sql =
      "SELECT " + event_columns() +
      ", CASE WHEN e.owner_id = ?2 THEN 'owner' ELSE s.permission END "
      "FROM events e LEFT JOIN shares s ON s.event_id = e.id AND s.user_id = ?2 "
      "WHERE e.id = ?1 AND (e.owner_id = ?2 OR s.user_id IS NOT NULL)";
  auto st = tx.cached(sql);
  st->bind_all(id, viewer);
  if (!st->step()) return std::nullopt;
  return read_event(*st);
}

EventId insert_event(Transaction& tx, UserId owner, const EventDraft& d, const EventSpan& span,
                     std::int64_t now) {
  static const std::string sql = fmt::format(
      "INSERT INTO events(owner_id, {}, version, created_at, updated_at, span_start, span_end, "
      "series) VALUES (?1, {}, 1, ?{}, ?{}, ?{}, ?{}, ?{})",
      field_columns(""), field_params(2, '?'), kFieldsEnd + 1, kFieldsEnd + 1, kFieldsEnd + 2,
      kFieldsEnd + 3, kFieldsEnd + 4);
  auto st = tx.cached(sql);
  st->bind(1, owner);
  bind_fields(*st, 2, d);
  st->bind(kFieldsEnd + 1, now);
  st->bind(kFieldsEnd + 2, span.start);
  st->bind(kFieldsEnd + 3, span.end);
  st->bind(kFieldsEnd + 4, span.series ? 1 : 0);
  run_event_write(*st, d.uid);
  return tx.conn().last_insert_rowid();
}

bool update_event(Transaction& tx, const Event& e, events::FieldMask changed,
                  const EventSpan& span) {
  auto st = tx.cached(update_sql(changed));
  st->bind(1, e.id);
  st->bind(2, e.version);
  st->bind(3, e.updated_at.time_since_epoch().count());
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) {
    if (changed & (events::FieldMask{1} << i)) bind_value(*st, static_cast<int>(4 + i), f.of(e));
    ++i;
  });
  const int first = 4 + static_cast<int>(events::kFieldCount);
  st->bind(first, span.start);
  st->bind(first + 1, span.end);
  st->bind(first + 2, span.series ? 1 : 0);
  run_event_write(*st, e.uid);
  return tx.conn().changes() == 1;
}

void delete_event(Transaction& tx, EventId id) {
  // Shares and versions go with it through ON DELETE CASCADE.
  auto st = tx.cached("DELETE FROM events WHERE id = ?1");
  st->bind_all(id);
  st->run();
}

void insert_version(Transaction& tx, EventId event, const Version& v) {
  static const std::string sql = fmt::format(
      "INSERT INTO event_versions(event_id, version, {}, updated_by, updated_at, change) VALUES "
      "(?1, ?2, {}, ?{}, ?{}, ?{})",
      field_columns(""), field_params(3, '?'), kFieldsEnd + 2, kFieldsEnd + 3, kFieldsEnd + 4);
  auto st = tx.cached(sql);
  st->bind(1, event);
  st->bind(2, v.number);
  bind_fields(*st, 3, v);
  st->bind(kFieldsEnd + 2, v.updated_by);
  st->bind(kFieldsEnd + 3, v.updated_at.time_since_epoch().count());
  st->bind(kFieldsEnd + 4, to_string(v.change));
  st->run();
}

std::vector<Version> list_versions(Transaction& tx, EventId event) {
  static const std::string sql = version_select() + " ORDER BY v.version";
  auto st = tx.cached(sql);
  st->bind_all(event);
  std::vector<Version> out;
  while (st->step()) out.push_back(read_version(*st));
  return out;
}

std::optional<Version> find_version(Transaction& tx, EventId event, std::int64_t number) {
  static const std::string sql = version_select() + " AND v.version = ?2";
  auto st = tx.cached(sql);
  st->bind_all(event, number);
  if (!st->step()) return std::nullopt;
  return read_version(*st);
}

std::vector<EventId> events_differing_from_snapshot(Transaction& tx) {
  static const std::string sql = [] {
    std::string differs;
    events::for_each_field([&](const auto& f) {
      differs += fmt::format("{}v.{} IS NOT e.{}", differs.empty() ? "" : " OR ", f.info.name,
                             f.info.name);
    });
    return "SELECT e.id FROM events e JOIN event_versions v ON v.event_id = e.id AND "
           "v.version = e.version WHERE " +
           differs + " ORDER BY e.id";
  }();
  auto st = tx.cached(sql);
  std::vector<EventId> out;
  while (st->step()) out.push_back(st->get_int(0));
  return out;
}

}  // namespace eventcollab::storage
