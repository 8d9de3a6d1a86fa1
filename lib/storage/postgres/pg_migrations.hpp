// SPDX-License-Identifier: MIT
// The PostgreSQL schema, step by step: the same versions and names as the SQLite steps (a
// test holds both lists equal), each in PostgreSQL's own DDL. Append-only, like SQLite's.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace eventcollab::storage::postgres {

/// One named schema step.
struct PgMigration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// The table that says "this database is eventcollab's" and holds the schema version (what
/// PRAGMA application_id and user_version are on SQLite).
inline constexpr std::string_view kMarkerTable = "eventcollab_schema";

/// Taken with pg_advisory_xact_lock while migrating, so that processes starting at once
/// migrate one after the other ("ECOL", as SQLite's application_id).
inline constexpr std::int64_t kMigrationLock = 0x45434F4C;

// Ids are identity columns: a sequence never hands an id out twice, even after the row with
// the highest id is deleted (SQLite needed AUTOINCREMENT and a rebuild for that, step 6).
// Usernames are unique ignoring ASCII case, as SQLite's COLLATE NOCASE: lower() under the "C"
// collation folds A-Z only.
// clang-format off
inline constexpr std::array kPgMigrations{
  PgMigration{1, "create_users_and_settings", R"sql(
    CREATE TABLE users (
      id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username      TEXT NOT NULL,
      email         TEXT,
      password_hash TEXT NOT NULL,
      created_at    BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX users_username_nocase ON users (lower(username COLLATE "C"));
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value BYTEA NOT NULL
    );
  )sql"},
  PgMigration{2, "create_events_and_versions", R"sql(
    CREATE TABLE events (
      id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  BIGINT NOT NULL,
      end_time    BIGINT NOT NULL,
      version     BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at  BIGINT NOT NULL,
      updated_at  BIGINT NOT NULL,
      CHECK (end_time > start_time)
    );
    CREATE INDEX events_by_owner_start ON events(owner_id, start_time, end_time);
    CREATE TABLE event_versions (
      event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      version     BIGINT NOT NULL CHECK (version >= 1),
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  BIGINT NOT NULL,
      end_time    BIGINT NOT NULL,
      updated_by  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      updated_at  BIGINT NOT NULL,
      change      TEXT NOT NULL CHECK (change IN ('create', 'update', 'rollback')),
      PRIMARY KEY (event_id, version)
    );
    CREATE INDEX event_versions_by_user ON event_versions(updated_by);
  )sql"},
  PgMigration{3, "create_shares", R"sql(
    CREATE TABLE shares (
      event_id   BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      permission TEXT NOT NULL CHECK (permission IN ('read', 'write')),
      created_at BIGINT NOT NULL,
      PRIMARY KEY (event_id, user_id)
    );
    CREATE INDEX shares_by_user ON shares(user_id, event_id);
  )sql"},
  PgMigration{4, "create_sessions_and_refresh_tokens", R"sql(
    CREATE TABLE sessions (
      id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      revoked_at BIGINT
    );
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE TABLE refresh_tokens (
      token_hash BYTEA PRIMARY KEY,
      session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      used_at    BIGINT
    );
    CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);
  )sql"},
  // SQLite deletes a batch by rowid; here the rows get an id of their own.
  PgMigration{5, "create_login_failures", R"sql(
    CREATE TABLE login_failures (
      id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username_key TEXT NOT NULL,
      failed_at    BIGINT NOT NULL
    );
    CREATE INDEX login_failures_by_name ON login_failures(username_key, failed_at);
  )sql"},
  // Identity columns never reuse ids already (see above); what remains of the step are the
  // indexes that keep each prune of expired rows a short index range.
  PgMigration{6, "ids_never_reused", R"sql(
    CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at);
    CREATE INDEX login_failures_by_time ON login_failures(failed_at);
  )sql"},
  // The list query's copies (see pg_event_queries.cpp): a share carries its event's start
  // time, and event_duration_bound an upper bound of every event's length, both kept by
  // triggers on every write path.
  PgMigration{7, "list_indexes", R"sql(
    DROP INDEX IF EXISTS events_by_owner_start;
    CREATE INDEX events_by_owner_start ON events(owner_id, start_time, id, end_time);

    ALTER TABLE shares ADD COLUMN start_time BIGINT;
    UPDATE shares SET start_time = e.start_time FROM events e WHERE e.id = shares.event_id;
    CREATE INDEX shares_by_user_start ON shares(user_id, start_time, event_id);

    CREATE FUNCTION eventcollab_share_copy_start() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.start_time := (SELECT start_time FROM events WHERE id = NEW.event_id);
      RETURN NEW;
    END $$;
    CREATE TRIGGER shares_copy_start BEFORE INSERT OR UPDATE OF event_id ON shares
      FOR EACH ROW EXECUTE FUNCTION eventcollab_share_copy_start();

    CREATE FUNCTION eventcollab_move_share_starts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE shares SET start_time = NEW.start_time WHERE event_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_move_share_starts AFTER UPDATE OF start_time ON events
      FOR EACH ROW WHEN (NEW.start_time IS DISTINCT FROM OLD.start_time)
      EXECUTE FUNCTION eventcollab_move_share_starts();

    -- An upper bound of end_time - start_time over all events: it only grows (a delete
    -- leaves it as it is, which keeps it a bound). Read first, so that most writes do not
    -- lock the row.
    CREATE TABLE event_duration_bound (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      max_duration BIGINT NOT NULL
    );
    INSERT INTO event_duration_bound(id, max_duration)
      SELECT 1, coalesce(max(end_time - start_time), 0) FROM events;
    CREATE FUNCTION eventcollab_bound_duration() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.end_time - NEW.start_time >
         (SELECT max_duration FROM event_duration_bound WHERE id = 1) THEN
        UPDATE event_duration_bound
          SET max_duration = greatest(max_duration, NEW.end_time - NEW.start_time) WHERE id = 1;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_bound_duration_on_insert AFTER INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION eventcollab_bound_duration();
    CREATE TRIGGER events_bound_duration_on_update AFTER UPDATE OF start_time, end_time ON events
      FOR EACH ROW EXECUTE FUNCTION eventcollab_bound_duration();
  )sql"},
  // The calendar fields, part of the versioned content; existing events become UTC, timed,
  // without a rule. span_start/span_end hold an event's real extent and `series` marks events
  // with a rule or rdates, found by window queries through partial indexes (shares keep a
  // copy of the flag, as of start_time).
  PgMigration{8, "calendar", R"sql(
    ALTER TABLE events
      ADD COLUMN uid TEXT NOT NULL DEFAULT '',
      ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC',
      ADD COLUMN all_day BOOLEAN NOT NULL DEFAULT false,
      ADD COLUMN rrule TEXT,
      ADD COLUMN exdates TEXT NOT NULL DEFAULT '',
      ADD COLUMN rdates TEXT NOT NULL DEFAULT '',
      ADD COLUMN overrides TEXT NOT NULL DEFAULT '',
      ADD COLUMN span_start BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN span_end BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN series BOOLEAN NOT NULL DEFAULT false;
    UPDATE events SET uid = md5(random()::text || id::text) || '@eventcollab',
                      span_start = start_time, span_end = end_time;
    CREATE UNIQUE INDEX events_by_owner_uid ON events(owner_id, uid);
    CREATE INDEX events_series_by_owner ON events(owner_id, start_time, id) WHERE series;

    ALTER TABLE event_versions
      ADD COLUMN uid TEXT NOT NULL DEFAULT '',
      ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC',
      ADD COLUMN all_day BOOLEAN NOT NULL DEFAULT false,
      ADD COLUMN rrule TEXT,
      ADD COLUMN exdates TEXT NOT NULL DEFAULT '',
      ADD COLUMN rdates TEXT NOT NULL DEFAULT '',
      ADD COLUMN overrides TEXT NOT NULL DEFAULT '';
    UPDATE event_versions v SET uid = e.uid FROM events e WHERE e.id = v.event_id;
    ALTER TABLE event_versions DROP CONSTRAINT event_versions_change_check,
      ADD CONSTRAINT event_versions_change_check
        CHECK (change IN ('create', 'update', 'rollback', 'occurrence'));

    ALTER TABLE shares ADD COLUMN series BOOLEAN NOT NULL DEFAULT false;
    CREATE INDEX shares_series_by_user ON shares(user_id, start_time, event_id) WHERE series;
    CREATE FUNCTION eventcollab_share_copy_series() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.series := coalesce((SELECT series FROM events WHERE id = NEW.event_id), false);
      RETURN NEW;
    END $$;
    CREATE TRIGGER shares_copy_series BEFORE INSERT OR UPDATE OF event_id ON shares
      FOR EACH ROW EXECUTE FUNCTION eventcollab_share_copy_series();
    CREATE FUNCTION eventcollab_move_share_series() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE shares SET series = NEW.series WHERE event_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_move_share_series AFTER UPDATE OF series ON events
      FOR EACH ROW WHEN (NEW.series IS DISTINCT FROM OLD.series)
      EXECUTE FUNCTION eventcollab_move_share_series();
  )sql"},
  // The change feed, as on SQLite. Numbers come from a sequence drawn under a transaction-level
  // advisory lock held to commit (pg_event_queries.cpp), so they follow commit order and a
  // reader never sees a later number before an earlier one.
  PgMigration{9, "change_feed", R"sql(
    CREATE SEQUENCE changes_seq;
    CREATE TABLE changes (
      seq      BIGINT PRIMARY KEY,
      event_id BIGINT NOT NULL,
      kind     TEXT NOT NULL
               CHECK (kind IN ('created', 'updated', 'deleted', 'shared', 'unshared')),
      version  BIGINT NOT NULL,
      at       BIGINT NOT NULL,
      actor    BIGINT NOT NULL
    );
    CREATE INDEX changes_by_time ON changes(at);
    CREATE TABLE change_audience (
      user_id BIGINT NOT NULL,
      seq     BIGINT NOT NULL REFERENCES changes(seq) ON DELETE CASCADE,
      PRIMARY KEY (user_id, seq)
    );
    CREATE INDEX change_audience_by_seq ON change_audience(seq);
    CREATE TABLE change_floor (
      id  INTEGER PRIMARY KEY CHECK (id = 1),
      seq BIGINT NOT NULL
    );
    INSERT INTO change_floor(id, seq) VALUES (1, 0);
  )sql"},
  // SQLite keeps a copy of each event per viewer in list order (its migration 10), because its
  // tables are stored in key order and the copy puts a page of a list on adjacent pages.
  // PostgreSQL's tables are heaps that keep no such order, so the copy would cost its bytes and
  // writes without that gain: here the step only keeps the numbering of the two backends equal.
  PgMigration{10, "visible_events", R"sql(
    SELECT 1;
  )sql"},
};
// clang-format on

constexpr bool pg_versions_are_contiguous_from_1() {
  for (std::size_t i = 0; i < kPgMigrations.size(); ++i) {
    if (kPgMigrations[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(pg_versions_are_contiguous_from_1());

}  // namespace eventcollab::storage::postgres
