// SPDX-License-Identifier: MIT
// The library on PostgreSQL through its public API: Store::open chooses the backend from the
// URL, and the rules that leaned on SQLite's single writer hold under concurrent writers from
// several stores (as from several processes).
#include <atomic>
#include <thread>

#include "support/pg_backend_fixture.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// Runs `fn(i)` on `n` threads at once and joins them; returns what each threw, "" if nothing.
template <class Fn>
std::vector<std::string> race(int n, Fn&& fn) {
  std::vector<std::string> errors(static_cast<std::size_t>(n));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < n) std::this_thread::yield();
      try {
        fn(i);
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  return errors;
}

Principal login(Store& store, const std::string& name) {
  return store.auth().authenticate(store.auth().login(name, "password-" + name).access_token);
}

}  // namespace

TEST_SUITE("postgres store") {
  TEST_CASE("Store::open on a postgresql:// URL runs the library on PostgreSQL") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    Config c = pg_config(db.url(), clock);
    c.secret_key.reset();  // generated once and kept in the database
    auto store = Store::open(c);
    CHECK(store.location() == db.url());
    CHECK(store.path().empty());
    store.auth().register_user("alice", "password-alice");
    const Principal alice = login(store, "alice");
    const Event e = store.events().create(alice, {.title = "Standup",
                                                  .start = at("2026-05-01T09:00:00Z"),
                                                  .end = at("2026-05-01T09:15:00Z")});
    CHECK(store.events().get(alice, e.id).title == "Standup");
    CHECK(store.check().ok());
    CHECK(Store::check_file(c).ok());
    CHECK(Store::inspect(c).current == store.schema_status().latest);
    // The generated key was kept: a second store accepts the first one's token.
    auto again = Store::open(c);
    CHECK(again.auth().me(alice).username == "alice");
    CHECK(PgAdmin(db.url()).integer("SELECT count(*) FROM settings") == 1);
  }

  TEST_CASE("Store::open refuses other schemes and an unreachable server clearly") {
    FakeClock clock;
    Config mysql;
    mysql.database_url = "mysql://user:pw@localhost/db";
    CHECK_ERRC(Store::open(mysql), Errc::invalid_argument);
    Config closed = mysql;
    closed.database_url = "postgres://user:hunter22@127.0.0.1:1/db";
    try {
      (void)Store::open(closed);
      FAIL("opened a closed port");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::storage);
      CHECK(std::string(e.what()).find("host 127.0.0.1, port 1") != std::string::npos);
      CHECK(std::string(e.what()).find("hunter22") == std::string::npos);
    }
  }

  TEST_CASE(
      "concurrent updates of one PostgreSQL event from two stores lose nothing and number "
      "the versions 1..n") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    auto first = Store::open(pg_config(db.url(), clock));
    auto second = Store::open(pg_config(db.url(), clock));
    first.auth().register_user("alice", "password-alice");
    const Principal alice = login(first, "alice");
    const Event e = first.events().create(
        alice,
        {.title = "0", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
    constexpr int kWriters = 6;
    constexpr int kEach = 5;
    const auto errors = race(kWriters, [&](int i) {
      Store& store = i % 2 == 0 ? first : second;
      for (int k = 0; k < kEach; ++k) {
        // Each title is unique, so every update writes a version.
        store.events().update(alice, e.id, {.title = std::to_string(i) + "-" + std::to_string(k)});
      }
    });
    for (const auto& err : errors) CHECK(err == "");
    const auto versions = second.history().list(alice, e.id);
    REQUIRE(versions.size() == 1 + kWriters * kEach);
    for (std::size_t n = 0; n < versions.size(); ++n) CHECK(versions[n].number == n + 1);
    CHECK(first.events().get(alice, e.id).version == 1 + kWriters * kEach);
    CHECK(first.check().ok());
  }

  TEST_CASE(
      "racing stale writes on PostgreSQL: exactly one update per expected version wins, "
      "the rest are conflict") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    auto first = Store::open(pg_config(db.url(), clock));
    auto second = Store::open(pg_config(db.url(), clock));
    first.auth().register_user("alice", "password-alice");
    const Principal alice = login(first, "alice");
    const Event e = first.events().create(
        alice,
        {.title = "0", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
    std::atomic<int> won{0};
    std::atomic<int> conflicts{0};
    const auto errors = race(6, [&](int i) {
      Store& store = i % 2 == 0 ? first : second;
      try {
        store.events().update(alice, e.id, {.title = "writer " + std::to_string(i)}, 1);
        ++won;
      } catch (const Error& err) {
        if (err.code() != Errc::conflict) throw;
        ++conflicts;
      }
    });
    for (const auto& err : errors) CHECK(err == "");
    CHECK(won.load() == 1);
    CHECK(conflicts.load() == 5);
    CHECK(first.events().get(alice, e.id).version == 2);
  }

  TEST_CASE(
      "racing shares of one PostgreSQL event to one user: one creates it, the others "
      "find it") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    auto first = Store::open(pg_config(db.url(), clock));
    auto second = Store::open(pg_config(db.url(), clock));
    first.auth().register_user("alice", "password-alice");
    first.auth().register_user("bob", "password-bob");
    const Principal alice = login(first, "alice");
    const Event e = first.events().create(
        alice,
        {.title = "Plan", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
    std::atomic<int> created{0};
    const auto errors = race(6, [&](int i) {
      Store& store = i % 2 == 0 ? first : second;
      const auto r = store.sharing().share(alice, e.id, UserRef{.username = "bob"},
                                           i % 3 == 0 ? Permission::write : Permission::read);
      if (r.created) ++created;
    });
    for (const auto& err : errors) CHECK(err == "");
    CHECK(created.load() == 1);
    CHECK(first.sharing().list(alice, e.id).size() == 2);
  }

  TEST_CASE(
      "racing registrations of one PostgreSQL username: one succeeds, the others are "
      "conflict") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    auto first = Store::open(pg_config(db.url(), clock));
    auto second = Store::open(pg_config(db.url(), clock));
    std::atomic<int> taken{0};
    const auto errors = race(6, [&](int i) {
      Store& store = i % 2 == 0 ? first : second;
      try {
        store.auth().register_user(i % 2 == 0 ? "Alice" : "alice", "password-alice");
      } catch (const Error& err) {
        if (err.code() != Errc::conflict) throw;
        ++taken;
      }
    });
    for (const auto& err : errors) CHECK(err == "");
    CHECK(taken.load() == 5);
  }

  TEST_CASE(
      "racing wrong passwords on PostgreSQL: every failure is counted, so the limit "
      "holds") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    Config c = pg_config(db.url(), clock);
    c.login_max_failures = 3;
    auto first = Store::open(c);
    auto second = Store::open(c);
    first.auth().register_user("alice", "password-alice");
    std::atomic<int> limited{0};
    const auto errors = race(8, [&](int i) {
      Store& store = i % 2 == 0 ? first : second;
      try {
        (void)store.auth().login("alice", "wrong-password");
      } catch (const Error& err) {
        if (err.code() == Errc::rate_limited) ++limited;
        if (err.code() != Errc::rate_limited && err.code() != Errc::unauthenticated) throw;
      }
    });
    for (const auto& err : errors) CHECK(err == "");
    CHECK(limited.load() == 5);  // 3 failures were let through, and counted
    CHECK_ERRC(first.auth().login("alice", "password-alice"), Errc::rate_limited);
  }
}
