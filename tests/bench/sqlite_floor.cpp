// SPDX-License-Identifier: MIT
#include "sqlite_floor.hpp"

#include <stdexcept>

namespace eventcollab::bench {
namespace {

constexpr const char* kEventColumns =
    "e.id, e.title, e.description, e.location, e.start_time, e.end_time, e.owner_id, "
    "e.version, e.created_at, e.updated_at, e.uid, e.timezone, e.all_day, e.rrule, e.exdates, "
    "e.rdates, e.overrides";

RawEvent read_event(const RawStmt& st) {
  RawEvent e;
  e.id = st.int_at(0);
  e.title = st.text_at(1);
  e.description = st.opt_text_at(2);
  e.location = st.opt_text_at(3);
  e.start = st.int_at(4);
  e.end = st.int_at(5);
  e.owner = st.int_at(6);
  e.version = st.int_at(7);
  e.created = st.int_at(8);
  e.updated = st.int_at(9);
  e.uid = st.text_at(10);
  e.timezone = st.text_at(11);
  e.all_day = st.int_at(12) != 0;
  e.rrule = st.opt_text_at(13);
  e.exdates = st.text_at(14);
  e.rdates = st.text_at(15);
  e.overrides = st.text_at(16);
  e.permission = st.text_at(17);
  return e;
}

}  // namespace

SqliteFloor::SqliteFloor(const std::filesystem::path& file, std::string_view synchronous)
    : db_(file, synchronous) {
  begin_ = db_.prepare("BEGIN IMMEDIATE");
  commit_ = db_.prepare("COMMIT");
  insert_event_ = db_.prepare(
      "INSERT INTO events(owner_id, title, description, location, start_time, end_time, version, "
      "created_at, updated_at, uid, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, "
      "?7, ?8, ?5, ?6)");
  insert_version_ = db_.prepare(
      "INSERT INTO event_versions(event_id, version, title, description, location, start_time, "
      "end_time, uid, timezone, all_day, rrule, exdates, rdates, overrides, updated_by, "
      "updated_at, change) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?12, ?13, ?14, ?15, ?16, "
      "?17, ?8, ?9, ?10)");
  update_ = db_.prepare(
      "UPDATE events SET title = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1 AND "
      "(owner_id = ?2 OR EXISTS (SELECT 1 FROM shares WHERE event_id = ?1 AND user_id = ?2 AND "
      "permission = 'write')) RETURNING version, title, description, location, start_time, "
      "end_time, uid, timezone, all_day, rrule, exdates, rdates, overrides");
  get_ = db_.prepare(fmt::format(
      "SELECT {}, CASE WHEN e.owner_id = ?2 THEN 'owner' ELSE s.permission END FROM events e "
      "LEFT JOIN shares s ON s.event_id = e.id AND s.user_id = ?2 WHERE e.id = ?1 AND "
      "(e.owner_id = ?2 OR s.user_id IS NOT NULL)",
      kEventColumns));
  // One range of the viewer's copies (visible_events, keyed by viewer, start, id), already in
  // list order; a window starts it at `from` minus the longest event's duration and merges in
  // the series whose span overlaps it, through their partial index.
  list_ = db_.prepare(
      fmt::format("SELECT {0}, e.permission, e.start_time AS k1, e.id AS k2 FROM visible_events e "
                  "WHERE e.viewer_id = ?1 ORDER BY k1, k2 LIMIT ?2",
                  kEventColumns));
  window_ = db_.prepare(fmt::format(
      "SELECT {0}, e.permission, e.start_time AS k1, e.id AS k2 FROM visible_events e "
      "WHERE e.viewer_id = ?1 "
      "AND e.start_time >= ?3 - (SELECT max_duration FROM event_duration_bound WHERE id = 1) "
      "AND e.start_time < ?4 AND e.end_time > ?3 AND e.series = 0 "
      "UNION ALL SELECT {0}, e.permission, e.start_time, e.id FROM visible_events e "
      "INDEXED BY visible_series WHERE e.viewer_id = ?1 AND e.series = 1 AND e.span_start < ?4 AND "
      "e.span_end > ?3 "
      "ORDER BY k1, k2 LIMIT ?2",
      kEventColumns));
  change_ = db_.prepare(
      "INSERT INTO changes(event_id, kind, version, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)");
  audience_ = db_.prepare(
      "INSERT INTO change_audience(user_id, seq) SELECT owner_id, ?1 FROM events WHERE id = ?2 "
      "UNION SELECT user_id, ?1 FROM shares WHERE event_id = ?2");
  prune_probe_ = db_.prepare("SELECT 1 FROM changes WHERE at < ?1 LIMIT 1");
  session_ = db_.prepare(
      "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.id = ?1 AND s.user_id = ?2 AND s.revoked_at IS NULL AND s.expires_at > ?3");
}

std::int64_t SqliteFloor::create(std::int64_t owner, const Content& c, std::int64_t now) {
  begin_.run();
  insert_event_.bind(1, owner);
  insert_event_.bind(2, std::string_view(c.title));
  insert_event_.bind(3, c.description);
  insert_event_.bind(4, c.location);
  insert_event_.bind(5, c.start);
  insert_event_.bind(6, c.end);
  insert_event_.bind(7, now);
  const std::string uid = fresh_uid();
  insert_event_.bind(8, std::string_view(uid));
  insert_event_.run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_.handle());
  insert_version_.bind(1, id);
  insert_version_.bind(2, std::int64_t{1});
  insert_version_.bind(3, std::string_view(c.title));
  insert_version_.bind(4, c.description);
  insert_version_.bind(5, c.location);
  insert_version_.bind(6, c.start);
  insert_version_.bind(7, c.end);
  insert_version_.bind(8, owner);
  insert_version_.bind(9, now);
  insert_version_.bind(10, std::string_view("create"));
  insert_version_.bind(11, std::string_view(uid));
  insert_version_.bind(12, std::string_view("UTC"));
  insert_version_.bind(13, std::int64_t{0});
  insert_version_.bind(14, std::optional<std::string>{});
  for (int i = 15; i <= 17; ++i) insert_version_.bind(i, std::string_view(""));
  insert_version_.run();
  record_change(id, "created", 1, now, owner);
  commit_.run();
  return id;
}

void SqliteFloor::record_change(std::int64_t event, std::string_view kind, std::int64_t version,
                                std::int64_t now, std::int64_t actor) {
  change_.bind(1, event);
  change_.bind(2, kind);
  change_.bind(3, version);
  change_.bind(4, now);
  change_.bind(5, actor);
  change_.run();
  audience_.bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle())));
  audience_.bind(2, event);
  audience_.run();
  prune_probe_.bind(1, now - 30 * 86'400);  // the default retention
  prune_probe_.run();
}

bool SqliteFloor::update_title(std::int64_t id, std::int64_t user, std::string_view title,
                               std::int64_t now) {
  begin_.run();
  update_.bind(1, id);
  update_.bind(2, user);
  update_.bind(3, title);
  update_.bind(4, now);
  if (!update_.step()) {
    update_.reset();
    db_.exec("ROLLBACK");
    return false;
  }
  // Bind the snapshot straight from the RETURNING row; the version insert runs after the
  // UPDATE statement has finished, as SQLite requires for RETURNING.
  const std::int64_t version = update_.int_at(0);
  const std::string new_title = update_.text_at(1);
  const auto description = update_.opt_text_at(2);
  const auto location = update_.opt_text_at(3);
  const std::int64_t start = update_.int_at(4);
  const std::int64_t end = update_.int_at(5);
  const std::string uid = update_.text_at(6);
  const std::string timezone = update_.text_at(7);
  const std::int64_t all_day = update_.int_at(8);
  const auto rrule = update_.opt_text_at(9);
  const std::string exdates = update_.text_at(10);
  const std::string rdates = update_.text_at(11);
  const std::string overrides = update_.text_at(12);
  update_.run();
  insert_version_.bind(1, id);
  insert_version_.bind(2, version);
  insert_version_.bind(3, std::string_view(new_title));
  insert_version_.bind(4, description);
  insert_version_.bind(5, location);
  insert_version_.bind(6, start);
  insert_version_.bind(7, end);
  insert_version_.bind(8, user);
  insert_version_.bind(9, now);
  insert_version_.bind(10, std::string_view("update"));
  insert_version_.bind(11, std::string_view(uid));
  insert_version_.bind(12, std::string_view(timezone));
  insert_version_.bind(13, all_day);
  insert_version_.bind(14, rrule);
  insert_version_.bind(15, std::string_view(exdates));
  insert_version_.bind(16, std::string_view(rdates));
  insert_version_.bind(17, std::string_view(overrides));
  insert_version_.run();
  record_change(id, "updated", version, now, user);
  commit_.run();
  return true;
}

std::optional<RawEvent> SqliteFloor::get(std::int64_t id, std::int64_t viewer) {
  get_.bind(1, id);
  get_.bind(2, viewer);
  std::optional<RawEvent> out;
  if (get_.step()) out = read_event(get_);
  get_.reset();
  return out;
}

std::vector<RawEvent> SqliteFloor::list(std::int64_t viewer, std::int64_t limit) {
  list_.bind(1, viewer);
  list_.bind(2, limit);
  std::vector<RawEvent> out;
  while (list_.step()) out.push_back(read_event(list_));
  list_.reset();
  return out;
}

std::vector<RawEvent> SqliteFloor::window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                                          std::int64_t limit) {
  window_.bind(1, viewer);
  window_.bind(2, limit);
  window_.bind(3, from);
  window_.bind(4, to);
  std::vector<RawEvent> out;
  while (window_.step()) out.push_back(read_event(window_));
  window_.reset();
  return out;
}

std::optional<std::string> SqliteFloor::session_username(std::int64_t session, std::int64_t user,
                                                         std::int64_t now) {
  session_.bind(1, session);
  session_.bind(2, user);
  session_.bind(3, now);
  std::optional<std::string> out;
  if (session_.step()) out = session_.text_at(0);
  session_.reset();
  return out;
}

}  // namespace eventcollab::bench
