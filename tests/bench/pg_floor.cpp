// SPDX-License-Identifier: MIT
// The statements are those of the PostgreSQL backend's unit of work (get with the caller's
// share, the two-arm list merged from index-ordered scans, the session lookup, the BEGIN of a
// write), so that library/raw is the library's own overhead: pooling, units of work, the
// extra statements of its write path, mapping rows.
#include "pg_floor.hpp"

#include <stdexcept>

namespace eventcollab::bench {
namespace {

constexpr const char* kEventColumns =
    "e.id, e.title, e.description, e.location, e.start_time, e.end_time, e.owner_id, "
    "e.version, e.created_at, e.updated_at, e.uid, e.timezone, e.all_day, e.rrule, e.exdates, "
    "e.rdates, e.overrides";

// $1 viewer, $2 limit, $3 skip; a window adds $4 to, $5 from (as the backend binds them), and
// the series arms (owned, shared) found through their partial indexes by span.
std::string list_sql(bool window) {
  const auto filter = [&](const char* start) {
    return window ? fmt::format(
                        " AND {0} >= $5::bigint - (SELECT max_duration FROM event_duration_bound "
                        "WHERE id = 1) AND {0} < $4::bigint AND e.end_time > $5::bigint AND NOT "
                        "e.series",
                        start)
                  : std::string();
  };
  std::string series;
  if (window) {
    series = fmt::format(
        " UNION ALL (SELECT {0}, 'owner', e.start_time, e.id FROM events e WHERE e.owner_id = $1 "
        "AND e.series AND e.span_start < $4::bigint AND e.span_end > $5::bigint) "
        "UNION ALL (SELECT {0}, s.permission, s.start_time, s.event_id FROM shares s JOIN events "
        "e ON e.id = s.event_id WHERE s.user_id = $1 AND s.series AND e.span_start < $4::bigint "
        "AND e.span_end > $5::bigint)",
        kEventColumns);
  }
  return fmt::format(
      "SELECT * FROM ((SELECT {0}, 'owner' AS permission, e.start_time AS k_start, e.id AS k_id "
      "FROM events e WHERE e.owner_id = $1{1} ORDER BY e.start_time, e.id LIMIT $2::bigint + "
      "$3::bigint) "
      "UNION ALL (SELECT {0}, s.permission, s.start_time, s.event_id FROM shares s JOIN events e "
      "ON e.id = s.event_id WHERE s.user_id = $1{2} ORDER BY s.start_time, s.event_id "
      "LIMIT $2::bigint + $3::bigint){3}) page ORDER BY k_start, k_id LIMIT $2 OFFSET $3",
      kEventColumns, filter("e.start_time"), filter("s.start_time"), series);
}

RawEvent read_event(const PgResult& r, int row) {
  RawEvent e;
  e.id = r.int_at(row, 0);
  e.title = r.text_at(row, 1);
  e.description = r.opt_text_at(row, 2);
  e.location = r.opt_text_at(row, 3);
  e.start = r.int_at(row, 4);
  e.end = r.int_at(row, 5);
  e.owner = r.int_at(row, 6);
  e.version = r.int_at(row, 7);
  e.created = r.int_at(row, 8);
  e.updated = r.int_at(row, 9);
  e.uid = r.text_at(row, 10);
  e.timezone = r.text_at(row, 11);
  e.all_day = r.text_at(row, 12) == "t";
  e.rrule = r.opt_text_at(row, 13);
  e.exdates = r.text_at(row, 14);
  e.rdates = r.text_at(row, 15);
  e.overrides = r.text_at(row, 16);
  e.permission = r.text_at(row, 17);
  return e;
}

std::vector<RawEvent> read_events(const PgResult& r) {
  std::vector<RawEvent> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_event(r, i));
  return out;
}

}  // namespace

PgFloor::PgFloor(const std::string& url, bool synchronous_commit) : conn_(url) {
  if (!synchronous_commit) conn_.exec("SET synchronous_commit = off");
  conn_.prepare("begin", "BEGIN ISOLATION LEVEL SERIALIZABLE", 0);
  conn_.prepare("commit", "COMMIT", 0);
  conn_.prepare("insert_event",
                "INSERT INTO events(owner_id, title, description, location, start_time, "
                "end_time, version, created_at, updated_at, uid, span_start, span_end) VALUES "
                "($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $5, $6) RETURNING id",
                8);
  conn_.prepare("insert_version",
                "INSERT INTO event_versions(event_id, version, title, description, location, "
                "start_time, end_time, uid, timezone, all_day, rrule, exdates, rdates, "
                "overrides, updated_by, updated_at, change) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                "$11, $12, $13, $14, $15, $16, $17, $8, $9, $10)",
                17);
  conn_.prepare("update",
                "UPDATE events SET title = $3, version = version + 1, updated_at = $4 WHERE id = "
                "$1 AND (owner_id = $2 OR EXISTS (SELECT 1 FROM shares WHERE event_id = $1 AND "
                "user_id = $2 AND permission = 'write')) RETURNING version, title, description, "
                "location, start_time, end_time, uid, timezone, all_day, rrule, exdates, rdates, "
                "overrides",
                4);
  conn_.prepare("get",
                fmt::format("SELECT {}, CASE WHEN e.owner_id = $2 THEN 'owner' ELSE s.permission "
                            "END FROM events e LEFT JOIN shares s ON s.event_id = e.id AND "
                            "s.user_id = $2 WHERE e.id = $1 AND (e.owner_id = $2 OR s.user_id IS "
                            "NOT NULL)",
                            kEventColumns),
                2);
  conn_.prepare("list", list_sql(false), 3);
  conn_.prepare("window", list_sql(true), 5);
  // 0x45434644: the library's advisory lock of the feed's numbering ("ECFD").
  conn_.prepare("change_seq",
                "SELECT nextval('changes_seq'), pg_notify('eventcollab_changes', '') FROM "
                "(SELECT pg_advisory_xact_lock(1162036804)) l",
                0);
  conn_.prepare("change",
                "INSERT INTO changes(seq, event_id, kind, version, at, actor) VALUES ($1, $2, $3, "
                "$4, $5, $6)",
                6);
  conn_.prepare("audience",
                "INSERT INTO change_audience(user_id, seq) SELECT owner_id, $1::bigint FROM events "
                "WHERE id = $2 UNION SELECT user_id, $1::bigint FROM shares WHERE event_id = $2",
                2);
  conn_.prepare("prune_probe", "SELECT 1 FROM changes WHERE at < $1 LIMIT 1", 1);
  conn_.prepare("session",
                "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = "
                "$1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3",
                3);
}

std::int64_t PgFloor::create(std::int64_t owner, const Content& c, std::int64_t now) {
  conn_.run("begin");
  const std::string uid = fresh_uid();
  PgParams<8> e;
  e.set(0, owner);
  e.set(1, c.title);
  e.set(2, c.description);
  e.set(3, c.location);
  e.set(4, c.start);
  e.set(5, c.end);
  e.set(6, now);
  e.set(7, uid);
  const std::int64_t id = conn_.run("insert_event", e).int_at(0, 0);
  static const std::string kCreate = "create";
  static const std::string kUtc = "UTC";
  static const std::string kFalse = "f";
  static const std::string kEmpty;
  PgParams<17> v;
  v.set(0, id);
  v.set(1, std::int64_t{1});
  v.set(2, c.title);
  v.set(3, c.description);
  v.set(4, c.location);
  v.set(5, c.start);
  v.set(6, c.end);
  v.set(7, owner);
  v.set(8, now);
  v.set(9, kCreate);
  v.set(10, uid);
  v.set(11, kUtc);
  v.set(12, kFalse);
  v.set(13, std::optional<std::string>{});
  v.set(14, kEmpty);
  v.set(15, kEmpty);
  v.set(16, kEmpty);
  conn_.run("insert_version", v);
  record_change(std::to_string(id), "created", "1", std::to_string(now), std::to_string(owner));
  conn_.run("commit");
  return id;
}

void PgFloor::record_change(const std::string& event, const std::string& kind,
                            const std::string& version, const std::string& now,
                            const std::string& actor) {
  const std::string seq = conn_.run("change_seq").text_at(0, 0);
  PgParams<6> c;
  c.set(0, seq);
  c.set(1, event);
  c.set(2, kind);
  c.set(3, version);
  c.set(4, now);
  c.set(5, actor);
  conn_.run("change", c);
  PgParams<2> a;
  a.set(0, seq);
  a.set(1, event);
  conn_.run("audience", a);
  PgParams<1> p;
  p.set(0, std::to_string(std::stoll(now) - 30 * 86'400));  // the default retention
  conn_.run("prune_probe", p);
}

bool PgFloor::update_title(std::int64_t id, std::int64_t user, std::string_view title,
                           std::int64_t now) {
  conn_.run("begin");
  const std::string new_title(title);
  PgParams<4> u;
  u.set(0, id);
  u.set(1, user);
  u.set(2, new_title);
  u.set(3, now);
  const PgResult row = conn_.run("update", u);
  if (row.rows() != 1) {
    conn_.exec("ROLLBACK");
    return false;
  }
  // The snapshot is bound straight from the RETURNING row's text.
  const std::string version = row.text_at(0, 0);
  const std::string stored_title = row.text_at(0, 1);
  const auto description = row.opt_text_at(0, 2);
  const auto location = row.opt_text_at(0, 3);
  const std::string start = row.text_at(0, 4);
  const std::string end = row.text_at(0, 5);
  const std::string uid = row.text_at(0, 6);
  const std::string timezone = row.text_at(0, 7);
  const std::string all_day = row.text_at(0, 8);
  const auto rrule = row.opt_text_at(0, 9);
  const std::string exdates = row.text_at(0, 10);
  const std::string rdates = row.text_at(0, 11);
  const std::string overrides = row.text_at(0, 12);
  static const std::string kUpdate = "update";
  PgParams<17> v;
  v.set(0, id);
  v.set(1, version);
  v.set(2, stored_title);
  v.set(3, description);
  v.set(4, location);
  v.set(5, start);
  v.set(6, end);
  v.set(7, user);
  v.set(8, now);
  v.set(9, kUpdate);
  v.set(10, uid);
  v.set(11, timezone);
  v.set(12, all_day);
  v.set(13, rrule);
  v.set(14, exdates);
  v.set(15, rdates);
  v.set(16, overrides);
  conn_.run("insert_version", v);
  record_change(std::to_string(id), "updated", version, std::to_string(now), std::to_string(user));
  conn_.run("commit");
  return true;
}

std::optional<RawEvent> PgFloor::get(std::int64_t id, std::int64_t viewer) {
  PgParams<2> p;
  p.set(0, id);
  p.set(1, viewer);
  const PgResult r = conn_.run("get", p);
  if (r.rows() == 0) return std::nullopt;
  return read_event(r, 0);
}

std::vector<RawEvent> PgFloor::list(std::int64_t viewer, std::int64_t limit) {
  PgParams<3> p;
  p.set(0, viewer);
  p.set(1, limit);
  p.set(2, std::int64_t{0});
  return read_events(conn_.run("list", p));
}

std::vector<RawEvent> PgFloor::window(std::int64_t viewer, std::int64_t from, std::int64_t to,
                                      std::int64_t limit) {
  PgParams<5> p;
  p.set(0, viewer);
  p.set(1, limit);
  p.set(2, std::int64_t{0});
  p.set(3, to);
  p.set(4, from);
  return read_events(conn_.run("window", p));
}

std::optional<std::string> PgFloor::session_username(std::int64_t session, std::int64_t user,
                                                     std::int64_t now) {
  PgParams<3> p;
  p.set(0, session);
  p.set(1, user);
  p.set(2, now);
  const PgResult r = conn_.run("session", p);
  if (r.rows() == 0) return std::nullopt;
  return r.text_at(0, 0);
}

}  // namespace eventcollab::bench
