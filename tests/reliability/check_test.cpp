// SPDX-License-Identifier: MIT
// Store::check() against damage the library itself never makes: each broken invariant,
// written under the library with raw SQL, is named in the report; a damaged page is reported
// (or refused as a storage error), never passed as sound.
#include <sys/stat.h>

#include <fstream>

#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// A database with a user and an event, every connection closed; `generated_key`: no
// SECRET_KEY, so the signing key is generated into the file.
Config closed_database(const TempDir& dir, const FakeClock& clock, bool generated_key = false) {
  Config c = test_config(dir, clock);
  if (generated_key) c.secret_key.reset();
  Store store = Store::open(c);
  store.auth().register_user("alice", "password-alice");
  const Principal alice = store.auth().trusted_principal(store.auth().find_user("alice").id);
  for (int i = 0; i < 50; ++i) {
    store.events().create(alice, {.title = "event " + std::to_string(i),
                                  .start = at("2026-05-01T09:00:00Z"),
                                  .end = at("2026-05-01T10:00:00Z")});
  }
  return c;
}

// Every file in `dir` with its bytes: "nothing created, nothing changed". Left out: the -shm
// file and an empty -wal, which a read-only reader of a WAL database may create (SQLite's
// design: they hold no data, and removing them under other readers would be unsafe).
std::string directory_state(const std::filesystem::path& dir) {
  std::string out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().string();
    if (name.ends_with("-shm") || (name.ends_with("-wal") && entry.file_size() == 0)) continue;
    out += entry.path().filename().string() + ":" + file_bytes(entry.path()) + "\n";
  }
  return out;
}

std::string all_problems(const CheckReport& r) {
  std::string all;
  for (const auto& p : r.problems) all += p + "\n";
  return all;
}

}  // namespace

TEST_SUITE("reliability.check") {
  TEST_CASE("each kind of damage is named in the check report") {
    SQLITE_ONLY();
    struct Damage {
      const char* name;
      const char* sql;       // $E: the event, $O: its owner, $S: its sharer, $U: a user without
                             // a share
      const char* expected;  // a phrase of the problem line
    };
    const Damage cases[] = {
        {"a gap in the version numbers",
         "UPDATE event_versions SET version = 3 WHERE version = 2; UPDATE events SET version = 2",
         "not numbered"},
        {"a missing version row", "DELETE FROM event_versions WHERE version = 2", "version rows"},
        {"an event that drifted from its snapshot", "UPDATE events SET location = 'elsewhere'",
         "latest snapshot"},
        {"a share with the owner",
         "DROP TRIGGER visible_events_on_share_insert; INSERT INTO shares(event_id, user_id, "
         "permission, created_at) VALUES ($E, $O, 'write', 0)",
         "shared with its owner"},
        {"a share with a missing user",
         "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES ($E, 999, 'read', "
         "0)",
         "missing user or event"},
        {"a share of a missing event",
         "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (999, $U, 'read', "
         "0)",
         "missing user or event"},
        {"versions of a missing event",
         "INSERT INTO event_versions(event_id, version, title, description, location, "
         "start_time, end_time, uid, timezone, all_day, rrule, exdates, rdates, overrides, "
         "updated_by, updated_at, change) SELECT 777, version, title, description, location, "
         "start_time, end_time, uid, timezone, all_day, rrule, exdates, rdates, overrides, "
         "updated_by, updated_at, change FROM event_versions",
         "missing event 777"},
        {"an event before year 1",
         "UPDATE events SET start_time = -62135596801; "
         "UPDATE event_versions SET start_time = -62135596801",
         "outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
        {"a version after year 9999", "UPDATE event_versions SET end_time = 253402300800",
         "version 1 of event"},
        {"a list copy that missed a move",
         "DROP TRIGGER visible_events_on_event_move; UPDATE events SET start_time = "
         "start_time - 60; UPDATE event_versions SET start_time = start_time - 60 WHERE "
         "version = 2",
         "the list copy of event"},
        {"a list copy that missed an edit",
         "DROP TRIGGER visible_events_on_event_update; UPDATE events SET location = 'moved'; "
         "UPDATE event_versions SET location = 'moved' WHERE version = 2",
         "the list copy of event"},
        {"a sharer's list copy that is missing", "DELETE FROM visible_events WHERE viewer_id = $S",
         "the list copy of event"},
        {"a list copy left after its share",
         "DROP TRIGGER visible_events_on_share_delete; DELETE FROM shares",
         "matches no event or share"},
        {"a missing copy trigger", "DROP TRIGGER visible_events_on_share_update",
         "the schema lacks visible_events_on_share_update"},
        {"a list copy with the wrong permission",
         "UPDATE visible_events SET permission = 'write' WHERE viewer_id = $S",
         "matches no event or share"},
        {"an event whose span is empty", "UPDATE events SET span_end = span_start",
         "span that does not hold"},
        {"an event longer than the duration bound",
         "UPDATE event_duration_bound SET max_duration = 1", "duration bound"},
        {"an unknown permission",
         "PRAGMA ignore_check_constraints = ON; UPDATE shares SET permission = 'admin'",
         "unknown permission 'admin'"},
        {"an unknown kind of change",
         "PRAGMA ignore_check_constraints = ON; UPDATE event_versions SET change = 'merge' "
         "WHERE version = 2",
         "unknown kind of change 'merge'"},
        {"a schema_migrations row beyond user_version",
         "INSERT INTO schema_migrations VALUES (99, 'from_the_future', 0)",
         "version 99 (from_the_future) beyond the schema version"},
        {"a schema_migrations row missing below user_version",
         "DELETE FROM schema_migrations WHERE version = 2", "lacks version 2"},
        {"an event that ends before it starts",
         "PRAGMA ignore_check_constraints = ON; UPDATE events SET end_time = start_time - 1; "
         "UPDATE event_versions SET end_time = start_time - 1",
         "ends before it starts"},
    };
    for (const auto& damage : cases) {
      CAPTURE(damage.name);
      StoreFixture f;
      const Event e = f.make_event(f.alice);
      f.store.events().update(f.alice, e.id, {.title = "two"}, 1);
      f.store.sharing().share(f.alice, e.id, {.username = "bob"}, Permission::read);
      REQUIRE(f.store.check().ok());
      std::string sql = damage.sql;
      for (const auto& [key, value] : {std::pair{"$E", e.id},
                                       {"$O", f.alice.user_id},
                                       {"$S", f.bob.user_id},
                                       {"$U", f.carol.user_id}}) {
        for (auto at = sql.find(key); at != std::string::npos; at = sql.find(key)) {
          sql.replace(at, 2, std::to_string(value));
        }
      }
      RawDb(f.dir / "test.db").exec(sql);  // foreign keys are off in a raw connection
      const CheckReport report = f.store.check();
      const std::string all = all_problems(report);
      CAPTURE(all);
      CHECK_FALSE(report.ok());
      CHECK(all.find(damage.expected) != std::string::npos);
    }
  }

  TEST_CASE("a damaged index page is reported, never passed as sound") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    const Config c = test_config(dir, clock);
    std::int64_t root = 0;
    {
      Store store = Store::open(c);
      store.auth().register_user("alice", "password-alice");
      const Principal alice = store.auth().trusted_principal(store.auth().find_user("alice").id);
      for (int i = 0; i < 200; ++i) {
        store.events().create(alice, {.title = "event " + std::to_string(i),
                                      .start = at("2026-05-01T09:00:00Z"),
                                      .end = at("2026-05-01T10:00:00Z")});
      }
      RawDb raw(dir / "test.db");
      root = std::stoll(
          raw.text("SELECT rootpage FROM sqlite_schema WHERE name = 'events_by_owner_start'"));
      raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }  // every connection closed: the file holds everything
    REQUIRE(root > 1);
    {
      std::fstream f(dir / "test.db", std::ios::in | std::ios::out | std::ios::binary);
      f.seekp((root - 1) * 4096);
      f.put('\x42');  // not a b-tree page type
    }
    try {
      Store store = Store::open(c);
      const CheckReport report = store.check();
      CAPTURE(all_problems(report));
      CHECK_FALSE(report.ok());
    } catch (const Error& e) {
      CHECK_MESSAGE((e.code() == Errc::storage || e.code() == Errc::incompatible_database),
                    e.what());
    }
  }

  TEST_CASE("check warns when a file holding the generated key is readable by other users") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    const Config c = closed_database(dir, clock, /*generated_key=*/true);
    REQUIRE(Store::check_file(c).ok());
    std::filesystem::permissions(dir / "test.db", std::filesystem::perms(0644));
    const CheckReport report = Store::check_file(c);
    CAPTURE(all_problems(report));
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].find("readable by other users (mode 0644)") != std::string::npos);
    CHECK(report.problems[0].find("chmod 600") != std::string::npos);
    CHECK_FALSE(Store::open(c).check().ok());
    std::filesystem::permissions(dir / "test.db", std::filesystem::perms(0600));
    CHECK(Store::check_file(c).ok());
  }

  TEST_CASE("a readable file with a configured key (none stored) is no problem") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    const Config c = closed_database(dir, clock);
    std::filesystem::permissions(dir / "test.db", std::filesystem::perms(0644));
    CHECK(Store::check_file(c).ok());
  }

  TEST_CASE("check_file never creates: a missing path is not_found and nothing appears") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    const Config c = test_config(dir, clock, "typo.db");
    CHECK_ERRC(Store::check_file(c), Errc::not_found);
    try {
      (void)Store::check_file(c);
    } catch (const Error& e) {
      CHECK(std::string(e.what()) ==
            "no database at " + (dir / "typo.db").string() + " (run `eventcollab init`)");
    }
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE("check_file reports an empty file as damage and leaves it empty") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    { std::ofstream(dir / "test.db"); }
    const CheckReport report = Store::check_file(test_config(dir, clock));
    CAPTURE(all_problems(report));
    CHECK_FALSE(report.ok());
    CHECK(all_problems(report).find("empty") != std::string::npos);
    CHECK(directory_state(dir.path()) == "test.db:\n");
  }

  TEST_CASE("check_file reports truncated and overwritten files as damage, writing nothing") {
    SQLITE_ONLY();
    const struct {
      const char* name;
      void (*damage)(const std::filesystem::path&);
    } cases[] = {
        {"truncated to half",
         [](const std::filesystem::path& p) {
           std::filesystem::resize_file(p, std::filesystem::file_size(p) / 2);
         }},
        {"truncated inside the header",
         [](const std::filesystem::path& p) { std::filesystem::resize_file(p, 50); }},
        {"the header overwritten",
         [](const std::filesystem::path& p) {
           std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
           f.write("this is not a database at all!!", 31);
         }},
        {"the schema page overwritten",
         [](const std::filesystem::path& p) {
           std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
           f.seekp(100);
           f.write(std::string(3000, '\x7f').data(), 3000);
         }},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      TempDir dir;
      FakeClock clock;
      const Config cfg = closed_database(dir, clock);
      c.damage(dir / "test.db");
      const std::string before = directory_state(dir.path());
      const CheckReport report = Store::check_file(cfg);
      CAPTURE(all_problems(report));
      CHECK_FALSE(report.ok());
      CHECK(directory_state(dir.path()) == before);
    }
  }

  TEST_CASE("check_file on /dev/null is refused and creates nothing beside it") {
    TempDir dir;
    FakeClock clock;
    Config c = test_config(dir, clock);
    c.database_url = "/dev/null";
    CHECK_ERRC(Store::check_file(c), Errc::incompatible_database);
    CHECK_FALSE(std::filesystem::exists("/dev/null-journal"));
    CHECK_FALSE(std::filesystem::exists("/dev/null-wal"));
  }
}
