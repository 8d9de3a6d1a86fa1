// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace eventcollab::storage {

/// One named schema step. Steps are append-only: never edit a released one, fix forward.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  /// True for a step that rebuilds tables others reference: it runs with foreign keys off
  /// (else dropping the old table would cascade) and checks them all before its commit.
  bool rebuilds_tables = false;
};

/// Written to PRAGMA application_id so a file can be recognised as ours ("ECOL").
inline constexpr std::int32_t kApplicationId = 0x45434F4C;

// clang-format off
inline constexpr std::array kMigrations{
  Migration{1, "create_users_and_settings", R"sql(
    CREATE TABLE users (
      id            INTEGER PRIMARY KEY,
      username      TEXT NOT NULL COLLATE NOCASE UNIQUE,
      email         TEXT,
      password_hash TEXT NOT NULL,
      created_at    INTEGER NOT NULL
    );
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value BLOB NOT NULL
    ) WITHOUT ROWID;
  )sql"},
  Migration{2, "create_events_and_versions", R"sql(
    CREATE TABLE events (
      id          INTEGER PRIMARY KEY,
      owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  INTEGER NOT NULL,
      end_time    INTEGER NOT NULL,
      version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      CHECK (end_time > start_time)
    );
    CREATE INDEX events_by_owner_start ON events(owner_id, start_time, end_time);
    CREATE TABLE event_versions (
      event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      version     INTEGER NOT NULL CHECK (version >= 1),
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  INTEGER NOT NULL,
      end_time    INTEGER NOT NULL,
      updated_by  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      updated_at  INTEGER NOT NULL,
      change      TEXT NOT NULL CHECK (change IN ('create', 'update', 'rollback')),
      PRIMARY KEY (event_id, version)
    ) WITHOUT ROWID;
    CREATE INDEX event_versions_by_user ON event_versions(updated_by);
  )sql"},
  Migration{3, "create_shares", R"sql(
    CREATE TABLE shares (
      event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      permission TEXT NOT NULL CHECK (permission IN ('read', 'write')),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (event_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX shares_by_user ON shares(user_id, event_id);
  )sql"},
  Migration{4, "create_sessions_and_refresh_tokens", R"sql(
    CREATE TABLE sessions (
      id         INTEGER PRIMARY KEY,
      user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE TABLE refresh_tokens (
      token_hash BLOB PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at    INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);
  )sql"},
  Migration{5, "create_login_failures", R"sql(
    CREATE TABLE login_failures (
      username_key TEXT NOT NULL,
      failed_at    INTEGER NOT NULL
    );
    CREATE INDEX login_failures_by_name ON login_failures(username_key, failed_at);
  )sql"},
  Migration{6, "ids_never_reused", R"sql(
    -- AUTOINCREMENT: an id, once handed out, is never handed out again, even after the row
    -- with the highest id is deleted, so a stale id, ETag or token cannot reach a newer row.
    -- SQLite takes AUTOINCREMENT only at CREATE TABLE: each table is rebuilt with its rows
    -- and ids (its sqlite_sequence entry starts at the highest id kept).
    CREATE TABLE users_new (
      id            INTEGER PRIMARY KEY AUTOINCREMENT,
      username      TEXT NOT NULL COLLATE NOCASE UNIQUE,
      email         TEXT,
      password_hash TEXT NOT NULL,
      created_at    INTEGER NOT NULL
    );
    INSERT INTO users_new(id, username, email, password_hash, created_at)
      SELECT id, username, email, password_hash, created_at FROM users;
    DROP TABLE users;
    ALTER TABLE users_new RENAME TO users;

    CREATE TABLE events_new (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  INTEGER NOT NULL,
      end_time    INTEGER NOT NULL,
      version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      CHECK (end_time > start_time)
    );
    INSERT INTO events_new(id, owner_id, title, description, location, start_time, end_time,
                           version, created_at, updated_at)
      SELECT id, owner_id, title, description, location, start_time, end_time, version,
             created_at, updated_at FROM events;
    DROP TABLE events;
    ALTER TABLE events_new RENAME TO events;
    CREATE INDEX events_by_owner_start ON events(owner_id, start_time, end_time);

    CREATE TABLE sessions_new (
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    INSERT INTO sessions_new(id, user_id, created_at, expires_at, revoked_at)
      SELECT id, user_id, created_at, expires_at, revoked_at FROM sessions;
    DROP TABLE sessions;
    ALTER TABLE sessions_new RENAME TO sessions;
    CREATE INDEX sessions_by_user ON sessions(user_id);

    -- Expired sessions, refresh tokens and login failures are pruned during normal work;
    -- these keep each prune a short index range instead of a table scan.
    CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at);
    CREATE INDEX login_failures_by_time ON login_failures(failed_at);
  )sql", true},
  // A page of a list costs O(skip + limit), not O(visible events): both halves of the
  // owned-UNION-ALL-shared merge walk an index already in (start_time, id) order, and a window
  // scan starts at `from - max_duration` (see storage/event_list_query.cpp). Triggers keep
  // the copies true for every write path. PostgreSQL: the same columns and indexes, the
  // triggers as plpgsql functions (with greatest() for the bound).
  Migration{7, "list_indexes", R"sql(
    DROP INDEX IF EXISTS events_by_owner_start;
    CREATE INDEX events_by_owner_start ON events(owner_id, start_time, id, end_time);

    ALTER TABLE shares ADD COLUMN start_time INTEGER;
    UPDATE shares SET start_time = (SELECT e.start_time FROM events e WHERE e.id = shares.event_id);
    CREATE INDEX shares_by_user_start ON shares(user_id, start_time, event_id);
    CREATE TRIGGER shares_copy_start AFTER INSERT ON shares BEGIN
      UPDATE shares SET start_time = (SELECT start_time FROM events WHERE id = NEW.event_id)
        WHERE event_id = NEW.event_id AND user_id = NEW.user_id;
    END;
    CREATE TRIGGER events_move_share_starts AFTER UPDATE OF start_time ON events
      WHEN NEW.start_time IS NOT OLD.start_time BEGIN
      UPDATE shares SET start_time = NEW.start_time WHERE event_id = NEW.id;
    END;

    -- An upper bound of end_time - start_time over all events: it only grows (a delete
    -- leaves it as it is, which keeps it a bound).
    CREATE TABLE event_duration_bound (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      max_duration INTEGER NOT NULL
    );
    INSERT INTO event_duration_bound(id, max_duration)
      SELECT 1, coalesce(max(end_time - start_time), 0) FROM events;
    CREATE TRIGGER events_bound_duration_on_insert AFTER INSERT ON events
      WHEN NEW.end_time - NEW.start_time > (SELECT max_duration FROM event_duration_bound) BEGIN
      UPDATE event_duration_bound SET max_duration = max(max_duration, NEW.end_time - NEW.start_time);
    END;
    CREATE TRIGGER events_bound_duration_on_update AFTER UPDATE OF start_time, end_time ON events
      WHEN NEW.end_time - NEW.start_time > (SELECT max_duration FROM event_duration_bound) BEGIN
      UPDATE event_duration_bound SET max_duration = max(max_duration, NEW.end_time - NEW.start_time);
    END;
  )sql"},
  // The calendar: uid, zone, all-day, rule, extra and left-out dates, changed occurrences,
  // all part of the versioned content; existing events become UTC, timed, without a rule.
  // span_start/span_end hold an event's real extent (all-day dates lie in its zone; a series
  // runs to its last occurrence, or forever), `series` marks events with a rule or rdates,
  // which window queries find through their own partial indexes, in the list's (start_time,
  // id) order, so a page's series arm never walks the user's single events (shares keep a copy
  // of the flag).
  // event_versions is rebuilt: its CHECK on `change` gains 'occurrence'.
  Migration{8, "calendar", R"sql(
    ALTER TABLE events ADD COLUMN uid TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
    ALTER TABLE events ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1));
    ALTER TABLE events ADD COLUMN rrule TEXT;
    ALTER TABLE events ADD COLUMN exdates TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN rdates TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN overrides TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN span_start INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN span_end INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN series INTEGER NOT NULL DEFAULT 0 CHECK (series IN (0, 1));
    UPDATE events SET uid = lower(hex(randomblob(16))) || '@eventcollab',
                      span_start = start_time, span_end = end_time;
    CREATE UNIQUE INDEX events_by_owner_uid ON events(owner_id, uid);
    CREATE INDEX events_series_by_owner ON events(owner_id, start_time, id) WHERE series = 1;

    CREATE TABLE event_versions_new (
      event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      version     INTEGER NOT NULL CHECK (version >= 1),
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      start_time  INTEGER NOT NULL,
      end_time    INTEGER NOT NULL,
      uid         TEXT NOT NULL,
      timezone    TEXT NOT NULL,
      all_day     INTEGER NOT NULL CHECK (all_day IN (0, 1)),
      rrule       TEXT,
      exdates     TEXT NOT NULL,
      rdates      TEXT NOT NULL,
      overrides   TEXT NOT NULL,
      updated_by  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      updated_at  INTEGER NOT NULL,
      change      TEXT NOT NULL
                  CHECK (change IN ('create', 'update', 'rollback', 'occurrence')),
      PRIMARY KEY (event_id, version)
    ) WITHOUT ROWID;
    INSERT INTO event_versions_new(event_id, version, title, description, location, start_time,
                                   end_time, uid, timezone, all_day, rrule, exdates, rdates,
                                   overrides, updated_by, updated_at, change)
      SELECT v.event_id, v.version, v.title, v.description, v.location, v.start_time,
             v.end_time, e.uid, 'UTC', 0, NULL, '', '', '', v.updated_by, v.updated_at, v.change
        FROM event_versions v JOIN events e ON e.id = v.event_id;
    DROP TABLE event_versions;
    ALTER TABLE event_versions_new RENAME TO event_versions;
    CREATE INDEX event_versions_by_user ON event_versions(updated_by);

    ALTER TABLE shares ADD COLUMN series INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX shares_series_by_user ON shares(user_id, start_time, event_id) WHERE series = 1;
    CREATE TRIGGER shares_copy_series AFTER INSERT ON shares BEGIN
      UPDATE shares SET series = coalesce((SELECT series FROM events WHERE id = NEW.event_id), 0)
        WHERE event_id = NEW.event_id AND user_id = NEW.user_id;
    END;
    CREATE TRIGGER events_move_share_series AFTER UPDATE OF series ON events
      WHEN NEW.series IS NOT OLD.series BEGIN
      UPDATE shares SET series = NEW.series WHERE event_id = NEW.id;
    END;
  )sql", true},
  // The change feed: one row per change to an event or its shares, numbered in commit order,
  // and who may see it (the event's owner and sharers when it was written). A change outlives
  // its event (no reference), so a deletion stays visible as a tombstone. change_floor holds
  // the highest number pruned: an older cursor is gone.
  Migration{9, "change_feed", R"sql(
    CREATE TABLE changes (
      seq      INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id INTEGER NOT NULL,
      kind     TEXT NOT NULL
               CHECK (kind IN ('created', 'updated', 'deleted', 'shared', 'unshared')),
      version  INTEGER NOT NULL,
      at       INTEGER NOT NULL,
      actor    INTEGER NOT NULL
    );
    CREATE INDEX changes_by_time ON changes(at);
    CREATE TABLE change_audience (
      user_id INTEGER NOT NULL,
      seq     INTEGER NOT NULL REFERENCES changes(seq) ON DELETE CASCADE,
      PRIMARY KEY (user_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX change_audience_by_seq ON change_audience(seq);
    CREATE TABLE change_floor (
      id  INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL
    );
    INSERT INTO change_floor(id, seq) VALUES (1, 0);
  )sql"},
  // A copy of each event for each user who sees it (its owner and each sharer), stored in the
  // order of that user's list: (viewer_id, start_time, id). A page of a list is then one range
  // of adjacent rows. Without it, each listed event was a lookup into a table ordered by id, so
  // at 1M events the 100 rows of a page lay on ~100 scattered pages and a list cost over twice
  // its 10k time, bound by memory latency. The price: the copy's bytes, and each write to an
  // event also rewrites its copies (one per viewer). Triggers keep it for every write path;
  // Store::check() compares it with events and shares. A new event column goes into both
  // tables and into the three triggers that copy an event's columns (docs/event-fields.md).
  // The shares' own copies of start_time and series (migrations list_indexes and calendar)
  // served the list's shared arm, which reads the copy now: they go, with their triggers.
  Migration{10, "visible_events", R"sql(
    CREATE TABLE visible_events (
      viewer_id   INTEGER NOT NULL,
      start_time  INTEGER NOT NULL,
      id          INTEGER NOT NULL,
      permission  TEXT NOT NULL CHECK (permission IN ('owner', 'read', 'write')),
      owner_id    INTEGER NOT NULL,
      title       TEXT NOT NULL,
      description TEXT,
      location    TEXT,
      end_time    INTEGER NOT NULL,
      version     INTEGER NOT NULL,
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      uid         TEXT NOT NULL,
      timezone    TEXT NOT NULL,
      all_day     INTEGER NOT NULL,
      rrule       TEXT,
      exdates     TEXT NOT NULL,
      rdates      TEXT NOT NULL,
      overrides   TEXT NOT NULL,
      span_start  INTEGER NOT NULL,
      span_end    INTEGER NOT NULL,
      series      INTEGER NOT NULL,
      PRIMARY KEY (viewer_id, start_time, id)
    ) WITHOUT ROWID;
    -- Writes find an event's copies (and one viewer's copy) by id.
    CREATE INDEX visible_events_by_event ON visible_events(id, viewer_id);
    -- Window queries find series by their span, not their first start (see event_list_query).
    CREATE INDEX visible_series ON visible_events(viewer_id, start_time, id) WHERE series = 1;

    INSERT INTO visible_events(viewer_id, start_time, id, permission, owner_id, title,
      description, location, end_time, version, created_at, updated_at, uid, timezone, all_day,
      rrule, exdates, rdates, overrides, span_start, span_end, series)
      SELECT owner_id, start_time, id, 'owner', owner_id, title, description, location, end_time,
        version, created_at, updated_at, uid, timezone, all_day, rrule, exdates, rdates, overrides,
        span_start, span_end, series FROM events;
    INSERT INTO visible_events(viewer_id, start_time, id, permission, owner_id, title,
      description, location, end_time, version, created_at, updated_at, uid, timezone, all_day,
      rrule, exdates, rdates, overrides, span_start, span_end, series)
      SELECT s.user_id, e.start_time, e.id, s.permission, e.owner_id, e.title, e.description,
        e.location, e.end_time, e.version, e.created_at, e.updated_at, e.uid, e.timezone, e.all_day,
        e.rrule, e.exdates, e.rdates, e.overrides, e.span_start, e.span_end, e.series
        FROM shares s JOIN events e ON e.id = s.event_id;

    CREATE TRIGGER visible_events_on_event_insert AFTER INSERT ON events BEGIN
      INSERT INTO visible_events(viewer_id, start_time, id, permission, owner_id, title,
        description, location, end_time, version, created_at, updated_at, uid, timezone, all_day,
        rrule, exdates, rdates, overrides, span_start, span_end, series)
        VALUES (NEW.owner_id, NEW.start_time, NEW.id, 'owner', NEW.owner_id, NEW.title,
          NEW.description, NEW.location, NEW.end_time, NEW.version, NEW.created_at, NEW.updated_at,
          NEW.uid, NEW.timezone, NEW.all_day, NEW.rrule, NEW.exdates, NEW.rdates, NEW.overrides,
          NEW.span_start, NEW.span_end, NEW.series);
    END;
    -- The key column apart: setting it, even to the value it has, makes SQLite delete and
    -- reinsert each copy (and its index entries) instead of rewriting it in place.
    CREATE TRIGGER visible_events_on_event_update AFTER UPDATE ON events BEGIN
      UPDATE visible_events SET owner_id = NEW.owner_id, title =
        NEW.title, description = NEW.description, location = NEW.location, end_time = NEW.end_time,
        version = NEW.version, created_at = NEW.created_at, updated_at = NEW.updated_at, uid =
        NEW.uid, timezone = NEW.timezone, all_day = NEW.all_day, rrule = NEW.rrule, exdates =
        NEW.exdates, rdates = NEW.rdates, overrides = NEW.overrides, span_start = NEW.span_start,
        span_end = NEW.span_end, series = NEW.series
        WHERE id = NEW.id;
    END;
    CREATE TRIGGER visible_events_on_event_move AFTER UPDATE OF start_time ON events
      WHEN NEW.start_time IS NOT OLD.start_time BEGIN
      UPDATE visible_events SET start_time = NEW.start_time WHERE id = NEW.id;
    END;
    CREATE TRIGGER visible_events_on_event_delete AFTER DELETE ON events BEGIN
      DELETE FROM visible_events WHERE id = OLD.id;
    END;
    CREATE TRIGGER visible_events_on_share_insert AFTER INSERT ON shares BEGIN
      INSERT INTO visible_events(viewer_id, start_time, id, permission, owner_id, title,
        description, location, end_time, version, created_at, updated_at, uid, timezone, all_day,
        rrule, exdates, rdates, overrides, span_start, span_end, series)
        SELECT NEW.user_id, e.start_time, e.id, NEW.permission, e.owner_id, e.title,
          e.description, e.location, e.end_time, e.version, e.created_at, e.updated_at, e.uid,
          e.timezone, e.all_day, e.rrule, e.exdates, e.rdates, e.overrides, e.span_start,
          e.span_end, e.series
          FROM events e WHERE e.id = NEW.event_id;
    END;
    -- The library changes only a share's permission (a share is never moved to another event
    -- or user; check() would name a copy left behind by such a raw write).
    CREATE TRIGGER visible_events_on_share_update AFTER UPDATE OF permission ON shares BEGIN
      UPDATE visible_events SET permission = NEW.permission
        WHERE id = NEW.event_id AND viewer_id = NEW.user_id;
    END;
    CREATE TRIGGER visible_events_on_share_delete AFTER DELETE ON shares BEGIN
      DELETE FROM visible_events WHERE id = OLD.event_id AND viewer_id = OLD.user_id;
    END;

    DROP TRIGGER shares_copy_start;
    DROP TRIGGER events_move_share_starts;
    DROP TRIGGER shares_copy_series;
    DROP TRIGGER events_move_share_series;
    DROP INDEX shares_by_user_start;
    DROP INDEX shares_series_by_user;
    ALTER TABLE shares DROP COLUMN start_time;
    ALTER TABLE shares DROP COLUMN series;
  )sql"},
};
// clang-format on

constexpr bool versions_are_contiguous_from_1(std::span<const Migration> steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(versions_are_contiguous_from_1(kMigrations));

}  // namespace eventcollab::storage
