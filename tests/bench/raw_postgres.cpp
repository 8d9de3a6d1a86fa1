// SPDX-License-Identifier: MIT
#include "raw_postgres.hpp"

#include <charconv>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace eventcollab::bench {
namespace {

using Params = std::vector<std::optional<std::string>>;

constexpr const char* kEventColumns =
    "e.id, e.title, e.description, e.location, e.start_time, e.end_time, e.owner_id, "
    "e.version, e.created_at, e.updated_at";

std::string num(std::int64_t v) { return std::to_string(v); }

std::int64_t int_at(const PGresult* r, int row, int col) {
  const char* v = PQgetvalue(r, row, col);
  std::int64_t out = 0;
  std::from_chars(v, v + std::strlen(v), out);
  return out;
}

std::optional<std::string> opt_text_at(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col) != 0) return std::nullopt;
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}

RawEvent read_event(const PGresult* r, int row) {
  RawEvent e;
  e.id = int_at(r, row, 0);
  e.title = *opt_text_at(r, row, 1);
  e.description = opt_text_at(r, row, 2);
  e.location = opt_text_at(r, row, 3);
  e.start = int_at(r, row, 4);
  e.end = int_at(r, row, 5);
  e.owner = int_at(r, row, 6);
  e.version = int_at(r, row, 7);
  e.created = int_at(r, row, 8);
  e.updated = int_at(r, row, 9);
  e.permission = *opt_text_at(r, row, 10);
  return e;
}

}  // namespace

RawPostgresFloor::RawPostgresFloor(const std::string& url, bool synchronous_commit)
    : conn_(PQconnectdb(url.c_str())) {
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("raw floor: ") + PQerrorMessage(conn_.get()));
  }
  if (!synchronous_commit) exec("SET synchronous_commit = off");
  prepare("insert_event",
          "INSERT INTO events(owner_id, title, description, location, start_time, end_time, "
          "version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) "
          "RETURNING id");
  prepare("insert_version",
          "INSERT INTO event_versions(event_id, version, title, description, location, "
          "start_time, end_time, updated_by, updated_at, change) VALUES ($1, $2, $3, $4, $5, "
          "$6, $7, $8, $9, $10)");
  prepare("update",
          "UPDATE events SET title = $3, version = version + 1, updated_at = $4 WHERE id = $1 "
          "AND (owner_id = $2 OR EXISTS (SELECT 1 FROM shares WHERE event_id = $1 AND user_id = "
          "$2 AND permission = 'write')) RETURNING version, title, description, location, "
          "start_time, end_time");
  prepare("get",
          fmt::format("SELECT {}, CASE WHEN e.owner_id = $2 THEN 'owner' ELSE s.permission END "
                      "FROM events e LEFT JOIN shares s ON s.event_id = e.id AND s.user_id = $2 "
                      "WHERE e.id = $1 AND (e.owner_id = $2 OR s.user_id IS NOT NULL)",
                      kEventColumns));
  // The library's shape: each half stops after `limit` rows of its index; Merge Append.
  const std::string arm_owned = fmt::format(
      "SELECT {}, 'owner' AS permission, e.start_time AS k1, e.id AS k2 FROM events e "
      "WHERE e.owner_id = $1",
      kEventColumns);
  const std::string arm_shared = fmt::format(
      "SELECT {}, s.permission, s.start_time, s.event_id FROM shares s JOIN events e ON "
      "e.id = s.event_id WHERE s.user_id = $1",
      kEventColumns);
  prepare("list", fmt::format("SELECT * FROM (({0} ORDER BY e.start_time, e.id LIMIT $2) "
                              "UNION ALL ({1} ORDER BY s.start_time, s.event_id LIMIT $2)) p "
                              "ORDER BY k1, k2 LIMIT $2",
                              arm_owned, arm_shared));
  const std::string bound =
      " AND {0} >= $3 - (SELECT max_duration FROM event_duration_bound WHERE id = 1) AND {0} < "
      "$4 AND e.end_time > $3";
  prepare("window",
          fmt::format("SELECT * FROM (({0}{2} ORDER BY e.start_time, e.id LIMIT $2) UNION ALL "
                      "({1}{3} ORDER BY s.start_time, s.event_id LIMIT $2)) p ORDER BY k1, k2 "
                      "LIMIT $2",
                      arm_owned, arm_shared, fmt::format(fmt::runtime(bound), "e.start_time"),
                      fmt::format(fmt::runtime(bound), "s.start_time")));
}

void RawPostgresFloor::prepare(const char* name, const std::string& sql) {
  Result r(PQprepare(conn_.get(), name, sql.c_str(), 0, nullptr));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(
        fmt::format("raw floor: prepare {}: {}", name, PQresultErrorMessage(r.get())));
  }
}

RawPostgresFloor::Result RawPostgresFloor::run(const char* name, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  Result r(PQexecPrepared(conn_.get(), name, static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0));
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(fmt::format("raw floor: {}: {}", name, PQresultErrorMessage(r.get())));
  }
  return r;
}

void RawPostgresFloor::exec(const char* sql) {
  Result r(PQexec(conn_.get(), sql));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(fmt::format("raw floor: {}: {}", sql, PQresultErrorMessage(r.get())));
  }
}

std::int64_t RawPostgresFloor::create(std::int64_t owner, const Content& c, std::int64_t now) {
  exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
  const auto inserted = run("insert_event", {num(owner), c.title, c.description, c.location,
                                             num(c.start), num(c.end), num(now)});
  const std::int64_t id = int_at(inserted.get(), 0, 0);
  run("insert_version", {num(id), num(1), c.title, c.description, c.location, num(c.start),
                         num(c.end), num(owner), num(now), std::string("create")});
  exec("COMMIT");
  return id;
}

bool RawPostgresFloor::update_title(std::int64_t id, std::int64_t user, std::string_view title,
                                    std::int64_t now) {
  exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
  const auto row = run("update", {num(id), num(user), std::string(title), num(now)});
  if (PQntuples(row.get()) == 0) {
    exec("ROLLBACK");
    return false;
  }
  run("insert_version",
      {num(id), num(int_at(row.get(), 0, 0)), opt_text_at(row.get(), 0, 1),
       opt_text_at(row.get(), 0, 2), opt_text_at(row.get(), 0, 3), num(int_at(row.get(), 0, 4)),
       num(int_at(row.get(), 0, 5)), num(user), num(now), std::string("update")});
  exec("COMMIT");
  return true;
}

std::optional<RawEvent> RawPostgresFloor::get(std::int64_t id, std::int64_t viewer) {
  const auto r = run("get", {num(id), num(viewer)});
  if (PQntuples(r.get()) == 0) return std::nullopt;
  return read_event(r.get(), 0);
}

std::vector<RawEvent> RawPostgresFloor::list(std::int64_t viewer, std::int64_t limit) {
  const auto r = run("list", {num(viewer), num(limit)});
  std::vector<RawEvent> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(read_event(r.get(), i));
  return out;
}

std::vector<RawEvent> RawPostgresFloor::window(std::int64_t viewer, std::int64_t from,
                                               std::int64_t to, std::int64_t limit) {
  const auto r = run("window", {num(viewer), num(limit), num(from), num(to)});
  std::vector<RawEvent> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(read_event(r.get(), i));
  return out;
}

}  // namespace eventcollab::bench
