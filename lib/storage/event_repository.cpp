// SPDX-License-Identifier: MIT
#include "storage/event_repository.hpp"

namespace eventcollab::storage {
namespace {

using std::chrono::seconds;

Timestamp ts(std::int64_t s) { return Timestamp{seconds{s}}; }

Permission permission_from(std::string_view text) {
  if (text == "owner") return Permission::owner;
  if (text == "write") return Permission::write;
  return Permission::read;
}

#define EC_EVENT_COLUMNS                                                                        \
  "e.id, e.title, e.description, e.location, e.start_time, e.end_time, e.owner_id, e.version, " \
  "e.created_at, e.updated_at"

Version read_version(const Statement& st) {
  Version v;
  v.number = st.get_int(0);
  v.title = st.get_text(1);
  v.description = st.get_optional_text(2);
  v.location = st.get_optional_text(3);
  v.start = ts(st.get_int(4));
  v.end = ts(st.get_int(5));
  v.updated_by = st.get_int(6);
  v.updated_by_username = st.get_text(7);
  v.updated_at = ts(st.get_int(8));
  const std::string change = st.get_text(9);
  v.change = change == "create"   ? ChangeKind::create
             : change == "update" ? ChangeKind::update
                                  : ChangeKind::rollback;
  return v;
}

#define EC_VERSION_SELECT                                                                   \
  "SELECT v.version, v.title, v.description, v.location, v.start_time, v.end_time, "        \
  "v.updated_by, u.username, v.updated_at, v.change FROM event_versions v JOIN users u ON " \
  "u.id = v.updated_by WHERE v.event_id = ?1"

}  // namespace

Event read_event(const Statement& st) {
  Event e;
  e.id = st.get_int(0);
  e.title = st.get_text(1);
  e.description = st.get_optional_text(2);
  e.location = st.get_optional_text(3);
  e.start = ts(st.get_int(4));
  e.end = ts(st.get_int(5));
  e.owner_id = st.get_int(6);
  e.version = st.get_int(7);
  e.created_at = ts(st.get_int(8));
  e.updated_at = ts(st.get_int(9));
  e.permission = permission_from(st.get_text(10));
  return e;
}

std::string_view event_select_columns() { return EC_EVENT_COLUMNS; }

std::optional<Event> find_event_for(Transaction& tx, EventId id, UserId viewer) {
  auto st = tx.cached("SELECT " EC_EVENT_COLUMNS
                      ", CASE WHEN e.owner_id = ?2 THEN 'owner' ELSE s.permission END "
                      "FROM events e LEFT JOIN shares s ON s.event_id = e.id AND s.user_id = ?2 "
                      "WHERE e.id = ?1 AND (e.owner_id = ?2 OR s.user_id IS NOT NULL)");
  st->bind_all(id, viewer);
  if (!st->step()) return std::nullopt;
  return read_event(*st);
}

EventId insert_event(Transaction& tx, UserId owner, const EventDraft& d, std::int64_t now) {
  auto st = tx.cached(
      "INSERT INTO events(owner_id, title, description, location, start_time, end_time, version, "
      "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)");
  st->bind_all(owner, d.title, d.description, d.location, d.start.time_since_epoch().count(),
               d.end.time_since_epoch().count(), now);
  st->run();
  return tx.conn().last_insert_rowid();
}

bool update_event(Transaction& tx, const Event& e) {
  auto st = tx.cached(
      "UPDATE events SET title = ?2, description = ?3, location = ?4, start_time = ?5, "
      "end_time = ?6, version = ?7, updated_at = ?8 WHERE id = ?1 AND version = ?7 - 1");
  st->bind_all(e.id, e.title, e.description, e.location, e.start.time_since_epoch().count(),
               e.end.time_since_epoch().count(), e.version,
               e.updated_at.time_since_epoch().count());
  st->run();
  return tx.conn().changes() == 1;
}

void delete_event(Transaction& tx, EventId id) {
  // Shares and versions go with it through ON DELETE CASCADE.
  auto st = tx.cached("DELETE FROM events WHERE id = ?1");
  st->bind_all(id);
  st->run();
}

void insert_version(Transaction& tx, EventId event, const Version& v) {
  auto st = tx.cached(
      "INSERT INTO event_versions(event_id, version, title, description, location, start_time, "
      "end_time, updated_by, updated_at, change) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st->bind_all(event, v.number, v.title, v.description, v.location,
               v.start.time_since_epoch().count(), v.end.time_since_epoch().count(), v.updated_by,
               v.updated_at.time_since_epoch().count(), to_string(v.change));
  st->run();
}

std::vector<Version> list_versions(Transaction& tx, EventId event) {
  auto st = tx.cached(EC_VERSION_SELECT " ORDER BY v.version");
  st->bind_all(event);
  std::vector<Version> out;
  while (st->step()) out.push_back(read_version(*st));
  return out;
}

std::optional<Version> find_version(Transaction& tx, EventId event, std::int64_t number) {
  auto st = tx.cached(EC_VERSION_SELECT " AND v.version = ?2");
  st->bind_all(event, number);
  if (!st->step()) return std::nullopt;
  return read_version(*st);
}

}  // namespace eventcollab::storage
