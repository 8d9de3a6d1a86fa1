// SPDX-License-Identifier: MIT
#include <atomic>
#include <thread>

#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("integrity") {
  TEST_CASE_FIXTURE(StoreFixture, "a failing version insert leaves the event unchanged") {
    auto e = make_event(alice);
    {
      RawDb raw(dir / "test.db");
      raw.exec(on_postgres()
                   ? "CREATE FUNCTION fail_versions() RETURNS trigger LANGUAGE plpgsql AS $$ "
                     "BEGIN RAISE EXCEPTION 'injected fault'; END $$; "
                     "CREATE TRIGGER fail_versions BEFORE INSERT ON event_versions "
                     "FOR EACH ROW EXECUTE FUNCTION fail_versions();"
                   : "CREATE TRIGGER fail_versions BEFORE INSERT ON event_versions "
                     "BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");
    }
    CHECK_ERRC(store.events().update(alice, e.id, {.title = "never"}), Errc::storage);
    CHECK(store.history().rollback(alice, e.id, 1).version == 1);  // a no-op writes nothing
    auto now = store.events().get(alice, e.id);
    CHECK(now.title == e.title);
    CHECK(now.version == 1);
    CHECK_ERRC(store.events().create(alice, {.title = "new", .start = e.start, .end = e.end}),
               Errc::storage);
    CHECK_ERRC(store.events().create_batch(
                   alice, std::vector<EventDraft>{{.title = "a", .start = e.start, .end = e.end}}),
               Errc::storage);
    CHECK(store.events().list(alice).size() == 1);
    {
      RawDb(dir / "test.db")
          .exec(on_postgres() ? "DROP TRIGGER fail_versions ON event_versions"
                              : "DROP TRIGGER fail_versions");
    }
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "threads racing with the same expected version: exactly one wins") {
    auto e = make_event(alice);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::write);
    constexpr int kThreads = 8;
    std::atomic<int> wins{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        try {
          store.events().update(i % 2 ? bob : alice, e.id, {.title = "t" + std::to_string(i)}, 1);
          ++wins;
        } catch (const Error& err) {
          (err.code() == Errc::conflict ? conflicts : other)++;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(wins == 1);
    CHECK(conflicts == kThreads - 1);
    CHECK(other == 0);
    CHECK(store.events().get(alice, e.id).version == 2);
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "two stores on one file racing with the same expected version: one wins") {
    auto e = make_event(alice);
    auto second = Store::open(test_config(dir, clock));
    const auto alice2 =
        second.auth().authenticate(second.auth().login("alice", "password-alice").access_token);
    for (std::int64_t v = 1; v <= 20; ++v) {
      std::atomic<int> wins{0}, conflicts{0};
      std::thread t1([&] {
        try {
          store.events().update(alice, e.id, {.title = "a" + std::to_string(v)}, v);
          ++wins;
        } catch (const Error& err) {
          if (err.code() == Errc::conflict) ++conflicts;
        }
      });
      std::thread t2([&] {
        try {
          second.events().update(alice2, e.id, {.title = "b" + std::to_string(v)}, v);
          ++wins;
        } catch (const Error& err) {
          if (err.code() == Errc::conflict) ++conflicts;
        }
      });
      t1.join();
      t2.join();
      REQUIRE(wins == 1);
      REQUIRE(conflicts == 1);
    }
    CHECK(store.events().get(alice, e.id).version == 21);
    CHECK(store.history().list(alice, e.id).size() == 21);
  }

  TEST_CASE_FIXTURE(StoreFixture, "concurrent updates without expected versions lose nothing") {
    auto e = make_event(alice);
    constexpr int kThreads = 4, kEach = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          try {
            store.events().update(alice, e.id,
                                  {.title = "t" + std::to_string(t) + "-" + std::to_string(i)});
          } catch (const Error&) {
            ++failures;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(store.events().get(alice, e.id).version == 1 + kThreads * kEach);
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "check reports broken invariants") {
    auto e = make_event(alice);
    store.events().update(alice, e.id, {.title = "two"});
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    CHECK(store.check().ok());
    {
      RawDb raw(dir / "test.db");
      raw.exec(
          "DELETE FROM event_versions WHERE version = 1;"
          "UPDATE events SET title = 'drifted';" +
          // The library never shares with the owner; SQLite's copy trigger would refuse it too.
          std::string(on_postgres() ? "" : "DROP TRIGGER visible_events_on_share_insert;") +
          "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (" +
          std::to_string(e.id) + ", " + std::to_string(alice.user_id) + ", 'read', 0);");
    }
    auto report = store.check();
    CHECK_FALSE(report.ok());
    std::string all;
    for (const auto& p : report.problems) all += p + "\n";
    CAPTURE(all);
    CHECK(all.find("version rows") != std::string::npos);
    CHECK(all.find("not numbered") != std::string::npos);
    CHECK(all.find("latest snapshot") != std::string::npos);
    CHECK(all.find("shared with its owner") != std::string::npos);
  }
}
