// SPDX-License-Identifier: MIT
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "auth/password_hash.hpp"
#include "storage/sqlite/migrator.hpp"
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {
constexpr int kLatest = static_cast<int>(storage::kMigrations.size());
}

// SQLite files only: the PostgreSQL schema steps have their own suite (postgres_schema_test).
TEST_SUITE("migrations" * doctest::skip(eventcollab::test::on_postgres())) {
  TEST_CASE("a new database is created at the latest schema with every step recorded") {
    TempDir dir;
    FakeClock clock;
    auto store = Store::open(test_config(dir, clock));
    auto status = store.schema_status();
    CHECK(status.current == kLatest);
    CHECK(status.latest == kLatest);
    CHECK(status.pending.empty());
    REQUIRE(status.applied.size() == storage::kMigrations.size());
    CHECK(status.applied.front() == "create_users_and_settings");

    RawDb raw(dir / "test.db");
    CHECK(raw.text("PRAGMA journal_mode") == "wal");
    CHECK(raw.integer("PRAGMA application_id") == storage::kApplicationId);
    CHECK(raw.integer("PRAGMA user_version") == kLatest);
    CHECK(raw.integer("SELECT count(*) FROM schema_migrations WHERE applied_at = " +
                      std::to_string(clock.now().time_since_epoch().count())) == kLatest);
  }

  TEST_CASE("opening an up-to-date database changes nothing") {
    TempDir dir;
    FakeClock clock;
    { auto store = Store::open(test_config(dir, clock)); }
    const auto before = file_bytes(dir / "test.db");
    clock.advance(3600);
    { auto store = Store::open(test_config(dir, clock)); }
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE("an older schema is upgraded and its data survives") {
    TempDir dir;
    FakeClock clock;
    const auto path = dir / "test.db";
    {
      auto conn = storage::open_and_migrate(path, std::span(storage::kMigrations).first(2), 1000,
                                            clock.now().time_since_epoch().count());
      auto insert = conn.prepare(
          "INSERT INTO users(username, password_hash, created_at) VALUES ('old', ?1, 1)");
      insert.bind_all(auth::hash_password("old-password", 1000));
      insert.run();
      conn.exec(
          "INSERT INTO events(owner_id, title, start_time, end_time, created_at, updated_at) "
          "VALUES (1, 'kept', 100, 200, 1, 1);"
          "INSERT INTO event_versions VALUES (1, 1, 'kept', NULL, NULL, 100, 200, 1, 1, "
          "'create');");
    }
    auto before = Store::inspect(test_config(dir, clock));
    CHECK(before.current == 2);
    CHECK(before.pending ==
          std::vector<std::string>{"create_shares", "create_sessions_and_refresh_tokens",
                                   "create_login_failures", "ids_never_reused", "list_indexes",
                                   "calendar", "change_feed", "visible_events"});

    auto store = Store::open(test_config(dir, clock));
    CHECK(store.schema_status().current == kLatest);
    auto old = store.auth().authenticate(store.auth().login("old", "old-password").access_token);
    auto event = store.events().get(old, 1);
    CHECK(event.title == "kept");
    CHECK(event.permission == Permission::owner);
    // The calendar step made it a UTC, timed event without a rule, with a uid of its own
    // that its history carries too.
    CHECK(event.timezone == "UTC");
    CHECK_FALSE(event.all_day);
    CHECK_FALSE(event.rrule.has_value());
    CHECK(event.uid.ends_with("@eventcollab"));
    CHECK(store.history().get(old, 1, 1).uid == event.uid);
    CHECK(store.events()
              .occurrences(
                  old, {Timestamp{std::chrono::seconds{0}}, Timestamp{std::chrono::seconds{1000}}})
              .size() == 1);
    CHECK(store.check().ok());
  }

  TEST_CASE("an upgraded database keeps its ids and never hands out a deleted one again") {
    TempDir dir;
    FakeClock clock;
    const auto path = dir / "test.db";
    {
      // Before ids_never_reused: event 3 was the newest and its id could come back.
      auto conn = storage::open_and_migrate(path, std::span(storage::kMigrations).first(5), 1000,
                                            clock.now().time_since_epoch().count());
      auto insert = conn.prepare(
          "INSERT INTO users(id, username, password_hash, created_at) VALUES (7, 'old', ?1, 1)");
      insert.bind_all(auth::hash_password("old-password", 1000));
      insert.run();
      conn.exec(
          "INSERT INTO users(id, username, password_hash, created_at) VALUES (9, 'pal', 'x', 1)");
      for (int id : {1, 3}) {
        conn.exec(fmt::format(
            "INSERT INTO events(id, owner_id, title, start_time, end_time, created_at, "
            "updated_at) VALUES ({0}, 7, 'kept {0}', 100, 200, 1, 1);"
            "INSERT INTO event_versions VALUES ({0}, 1, 'kept {0}', NULL, NULL, 100, 200, 7, 1, "
            "'create');",
            id));
      }
      conn.exec("INSERT INTO shares VALUES (1, 9, 'write', 1)");
    }
    auto store = Store::open(test_config(dir, clock));
    CHECK(store.check().ok());  // every row and reference went through the rebuild
    auto old = store.auth().authenticate(store.auth().login("old", "old-password").access_token);
    CHECK(old.user_id == 7);
    CHECK(store.events().get(old, 3).title == "kept 3");
    const auto shares = store.sharing().list(old, 1);
    REQUIRE(shares.size() == 2);
    CHECK(shares[1].user_id == 9);
    CHECK(shares[1].permission == Permission::write);
    store.events().remove(old, 3);
    const Event next = store.events().create(
        old,
        {.title = "new", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T10:00:00Z")});
    CHECK(next.id == 4);
    store.events().remove(old, next.id);
    CHECK(store.events()
              .create(old, {.title = "newer",
                            .start = at("2026-05-01T09:00:00Z"),
                            .end = at("2026-05-01T10:00:00Z")})
              .id == 5);
    store.auth().register_user("fresh", "fresh-password");
    CHECK(store.auth().find_user("fresh").id == 10);
  }

  TEST_CASE("an upgrade copies every event for its owner and each sharer, in list order") {
    TempDir dir;
    FakeClock clock;
    const auto path = dir / "test.db";
    {
      // Schema 9: shares keep their own copies of start_time and series (filled by triggers).
      auto conn = storage::open_and_migrate(path, std::span(storage::kMigrations).first(9), 1000,
                                            clock.now().time_since_epoch().count());
      auto insert = conn.prepare(
          "INSERT INTO users(id, username, password_hash, created_at) VALUES (?1, ?2, ?3, 1)");
      for (const auto& [id, name] : {std::pair{1, "ann"}, {2, "ben"}, {3, "cyd"}}) {
        insert.bind_all(id, name, auth::hash_password(std::string(name) + "-password", 1000));
        insert.run();
        insert.reset();
      }
      // ann owns 1 (at 300) and 2 (at 100); 2 is shared with ben (write) and cy (read).
      for (const auto& [id, start] : {std::pair{1, 300}, {2, 100}}) {
        conn.exec(fmt::format(
            "INSERT INTO events(id, owner_id, title, start_time, end_time, created_at, "
            "updated_at, uid, span_start, span_end) VALUES ({0}, 1, 'e{0}', {1}, {1} + 60, 1, 1, "
            "'u{0}', {1}, {1} + 60);"
            "INSERT INTO event_versions VALUES ({0}, 1, 'e{0}', NULL, NULL, {1}, {1} + 60, "
            "'u{0}', 'UTC', 0, NULL, '', '', '', 1, 1, 'create');",
            id, start));
      }
      conn.exec(
          "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (2, 2, 'write', "
          "1), (2, 3, 'read', 1)");
    }
    auto store = Store::open(test_config(dir, clock));
    CHECK(store.check().ok());
    auto as = [&](const char* name) {
      return store.auth().authenticate(
          store.auth().login(name, std::string(name) + "-password").access_token);
    };
    const auto ann = store.events().list(as("ann"), {});
    REQUIRE(ann.size() == 2);
    CHECK(ann[0].id == 2);  // in start order, not id order
    CHECK(ann[1].id == 1);
    CHECK(ann[0].permission == Permission::owner);
    const auto ben = store.events().list(as("ben"), {});
    REQUIRE(ben.size() == 1);
    CHECK(ben[0].permission == Permission::write);
    CHECK(ben[0].title == "e2");
    const auto cy = store.events().list(as("cyd"), {});
    REQUIRE(cy.size() == 1);
    CHECK(cy[0].permission == Permission::read);

    RawDb raw(path);
    CHECK(raw.integer("SELECT count(*) FROM visible_events") == 4);
    // The shares' own copies are gone with their triggers and indexes.
    CHECK(raw.integer("SELECT count(*) FROM pragma_table_info('shares') WHERE name IN "
                      "('start_time', 'series')") == 0);
    CHECK(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name IN ('shares_by_user_start', "
                      "'shares_series_by_user', 'shares_copy_start', 'events_move_share_starts', "
                      "'shares_copy_series', 'events_move_share_series')") == 0);
  }

  TEST_CASE("a database with a newer schema is refused and left byte-identical") {
    TempDir dir;
    FakeClock clock;
    { auto store = Store::open(test_config(dir, clock)); }
    { RawDb(dir / "test.db").exec("PRAGMA user_version = 99"); }
    const auto before = file_bytes(dir / "test.db");
    try {
      (void)Store::open(test_config(dir, clock));
      FAIL("expected a refusal");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::incompatible_database);
      CHECK(std::string(e.what()).find("99") != std::string::npos);
      CHECK(std::string(e.what()).find(std::to_string(kLatest)) != std::string::npos);
    }
    CHECK_ERRC(Store::inspect(test_config(dir, clock)), Errc::incompatible_database);
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE("a file that is not a SQLite database is refused and left byte-identical") {
    TempDir dir;
    FakeClock clock;
    {
      std::ofstream out(dir / "test.db", std::ios::binary);
      for (int i = 0; i < 300; ++i) out << "this is a text file, not a database\n";
    }
    const auto before = file_bytes(dir / "test.db");
    try {
      (void)Store::open(test_config(dir, clock));
      FAIL("expected a refusal");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::incompatible_database);
      CHECK(std::string(e.what()).find("not a SQLite database") != std::string::npos);
    }
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE("a SQLite database of another application is refused and left byte-identical") {
    TempDir dir;
    FakeClock clock;
    { RawDb(dir / "test.db").exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL);"); }
    const auto before = file_bytes(dir / "test.db");
    CHECK_ERRC(Store::open(test_config(dir, clock)), Errc::incompatible_database);
    CHECK_ERRC(Store::inspect(test_config(dir, clock)), Errc::incompatible_database);
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE("inspecting a missing database reports every step pending and creates nothing") {
    TempDir dir;
    FakeClock clock;
    auto status = Store::inspect(test_config(dir, clock));
    CHECK(status.current == 0);
    CHECK(status.pending.size() == storage::kMigrations.size());
    CHECK_FALSE(std::filesystem::exists(dir / "test.db"));
  }

  TEST_CASE("two stores opening a new file at once both succeed and migrate it once") {
    TempDir dir;
    FakeClock clock;
    std::vector<std::thread> threads;
    std::atomic<int> opened{0};
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        auto store = Store::open(test_config(dir, clock));
        ++opened;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(opened == 4);
    RawDb raw(dir / "test.db");
    CHECK(raw.integer("SELECT count(*) FROM schema_migrations") == kLatest);
  }

  TEST_CASE("migration versions are contiguous from 1") {
    CHECK(storage::versions_are_contiguous_from_1(storage::kMigrations));
  }
}
