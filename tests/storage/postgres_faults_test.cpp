// SPDX-License-Identifier: MIT
// The PostgreSQL backend when things go wrong: URLs, unreachable servers, conflicting
// writers, lost connections and a full pool.
#include <atomic>
#include <cctype>
#include <thread>

#include <fmt/format.h>

#include "storage/postgres/pg_connection.hpp"
#include "support/pg_backend_fixture.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
namespace pgb = eventcollab::storage::postgres;

namespace {

constexpr std::int64_t kT0 = 1'780'000'000;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The socket directory of an admin URL of the form ...?host=DIR...
std::string socket_dir(const std::string& url) {
  const auto at = url.find("host=");
  if (at == std::string::npos) return {};
  const auto end = url.find('&', at);
  return url.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
}

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Ends every connection the library has open to `db` (they name themselves "eventcollab"),
// waiting until each backend has exited.
int terminate_backends(const PgTestDb& db) {
  return static_cast<int>(PgAdmin(db.admin_url())
                              .integer("SELECT count(pg_terminate_backend(pid, 10000)) FROM "
                                       "pg_stat_activity WHERE datname = '" +
                                       db.name() + "' AND application_name = 'eventcollab'"));
}

int connections_to(const PgTestDb& db) {
  return static_cast<int>(PgAdmin(db.admin_url())
                              .integer("SELECT count(*) FROM pg_stat_activity WHERE datname = '" +
                                       db.name() + "' AND application_name = 'eventcollab'"));
}

}  // namespace

TEST_SUITE("postgres faults") {
  TEST_CASE(
      "postgres:// and postgresql:// URLs, the socket parameter and a percent-encoded "
      "socket host all open the same database") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    f.user("alice");
    const std::string dir = socket_dir(admin);
    if (dir.empty()) {
      MESSAGE("skipped: the admin URL names no ?host= socket directory");
      return;
    }
    FakeClock clock;
    const std::string forms[] = {
        "postgres://postgres@/" + f.db.name() + "?host=" + dir,
        "postgresql://postgres@/" + f.db.name() + "?host=" + dir,
        "postgresql://postgres@" + percent_encode(dir) + "/" + f.db.name(),
    };
    for (const auto& url : forms) {
      CAPTURE(url);
      auto database = pgb::open(pg_config(url, clock), kT0);
      CHECK(database->begin(storage::TxKind::single_statement)->find_user_by_name("alice"));
    }
  }

  TEST_CASE("a password with URL-special characters is decoded by libpq and never shown") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    const std::string password = "p@ss:w/rd?#&=% ü";
    const std::string role = db.name() + "_owner";
    PgAdmin(admin).exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password +
                        "'; ALTER DATABASE " + db.name() + " OWNER TO " + role);
    const std::string dir = socket_dir(admin);
    if (dir.empty()) {
      MESSAGE("skipped: the admin URL names no ?host= socket directory");
      return;
    }
    const std::string url =
        "postgresql://" + role + ":" + percent_encode(password) + "@/" + db.name() + "?host=" + dir;
    // libpq decodes the password exactly (the test server trusts its socket, so the login
    // itself does not prove it).
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    REQUIRE(options != nullptr);
    std::string parsed;
    for (auto* o = options; o->keyword != nullptr; ++o) {
      if (std::string(o->keyword) == "password" && o->val != nullptr) parsed = o->val;
    }
    PQconninfoFree(options);
    CHECK(parsed == password);

    FakeClock clock;
    auto database = pgb::open(pg_config(url, clock), kT0);
    CHECK(PgAdmin(db.url()).text("SELECT tableowner FROM pg_tables WHERE tablename = 'events'") ==
          role);  // connected as the URL's user
    CHECK(database->location() == "postgresql://" + role + ":***@/" + db.name() + "?host=" + dir);
    database.reset();
    PgAdmin(db.url()).exec("UPDATE eventcollab_schema SET version = 99");
    try {
      (void)pgb::open(pg_config(url, clock), kT0);
      FAIL("a newer schema was opened");
    } catch (const Error& e) {
      CHECK_FALSE(contains(e.what(), percent_encode(password)));
      CHECK_FALSE(contains(e.what(), "p@ss"));
      CHECK(contains(e.what(), ":***@"));
    }
    PgAdmin cleanup(admin);
    cleanup.exec("DROP DATABASE " + db.name() + " WITH (FORCE)");
    cleanup.exec("DROP ROLE " + role);
  }

  TEST_CASE("a malformed PostgreSQL URL is invalid_argument, and its password is not shown") {
    FakeClock clock;
    for (const std::string url :
         {"postgresql://user:s3cr%zzet@localhost/db", "postgresql://user:s3cret@localhost/db?x=1",
          "postgresql://user:s3cret@[::1/db"}) {
      CAPTURE(url);
      try {
        (void)pgb::open(pg_config(url, clock), kT0);
        FAIL("a malformed URL was accepted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK(contains(e.what(), "not a valid PostgreSQL URL"));
        CHECK_FALSE(contains(e.what(), "s3cr"));
      }
    }
  }

  TEST_CASE("an unreachable PostgreSQL server is a storage error naming host and port") {
    FakeClock clock;
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const Config c = pg_config("postgresql://someone:hunter22@127.0.0.1:1/db", clock);
    try {
      (void)pgb::open(c, kT0);
      FAIL("opened a database on a closed port");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::storage);
      CHECK(contains(e.what(), "host 127.0.0.1, port 1"));
      CHECK(contains(e.what(), "postgresql://someone:***@127.0.0.1:1/db"));
      CHECK_FALSE(contains(e.what(), "hunter22"));
    }
    CHECK_ERRC(pgb::inspect(c), Errc::storage);
    CHECK_ERRC(pgb::precheck(c), Errc::storage);
  }

  TEST_CASE(
      "two write units on one PostgreSQL event: the later one fails with "
      "RetryableConflict and writes nothing") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User alice = f.user("alice");
    const EventId id = f.event(alice.id, kT0, kT0 + 60);
    auto first = f.write();
    auto second = f.write();
    (void)second->find_user_by_id(alice.id);  // its snapshot is taken now
    Event e = *first->find_event_for(id, alice.id);
    e.title = "first";
    e.version = 2;
    REQUIRE(first->update_event(e, 0b1, span_of_event(e)));
    first->commit();
    CHECK_THROWS_AS((void)second->find_event_for(id, alice.id), storage::RetryableConflict);
    second.reset();
    CHECK(f.one()->find_event_for(id, alice.id)->title == "first");
  }

  TEST_CASE(
      "two write units that each read what the other writes: one commits, the other "
      "fails with RetryableConflict") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    auto a = f.write();
    auto b = f.write();
    CHECK(a->count_login_failures("alice", 0, nullptr) == 0);
    CHECK(b->count_login_failures("alice", 0, nullptr) == 0);
    a->record_login_failure("alice", kT0);
    // The server picks which unit to abort, and when: at b's write or at either commit.
    int conflicts = 0;
    const auto attempt = [&](auto&& step) {
      try {
        step();
        return true;
      } catch (const storage::RetryableConflict&) {
        ++conflicts;
        return false;
      }
    };
    bool b_ok = attempt([&] { b->record_login_failure("alice", kT0); });
    const bool a_ok = attempt([&] { a->commit(); });
    if (b_ok) b_ok = attempt([&] { b->commit(); });
    CHECK(conflicts == 1);
    CHECK(a_ok != b_ok);
    a.reset();
    b.reset();
    CHECK(f.one()->count_login_failures("alice", 0, nullptr) == 1);
  }

  TEST_CASE(
      "a PostgreSQL connection lost mid-unit fails that unit with storage, writes none "
      "of it, and the next unit reconnects") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin, /*pool_size=*/1);
    const User alice = f.user("alice");
    {
      auto tx = f.write();
      (void)tx->insert_user("half", std::nullopt, "h", f.now());
      REQUIRE(terminate_backends(f.db) == 1);
      CHECK_ERRC(tx->insert_session(alice.id, kT0, kT0 + 1), Errc::storage);
    }
    {
      auto tx = f.write();
      CHECK_FALSE(tx->find_user_by_name("half"));
      (void)tx->insert_user("whole", std::nullopt, "h", f.now());
      tx->commit();
    }  // the pool's one connection goes back
    CHECK(f.one()->find_user_by_name("whole"));
  }

  TEST_CASE(
      "after every PostgreSQL connection is lost (a server restart), one operation "
      "fails and the next ones reconnect") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin, /*pool_size=*/3);
    f.user("alice");
    {
      // Three connections open at once, then idle in the pool.
      auto a = f.read();
      auto b = f.read();
      auto c = f.read();
    }
    REQUIRE(terminate_backends(f.db) == 3);
    try {
      (void)f.one()->find_user_by_name("alice");
      FAIL("a dead connection answered");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::storage);
      CHECK(contains(e.what(), "lost the connection"));
    }
    for (int i = 0; i < 3; ++i) CHECK(f.one()->find_user_by_name("alice"));
  }

  TEST_CASE("the PostgreSQL pool opens at most pool_size connections; further callers wait") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin, /*pool_size=*/2);
    auto a = f.read();
    auto b = f.read();
    std::atomic<bool> got{false};
    std::thread waiter([&] {
      auto c = f.read();
      got = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK_FALSE(got.load());
    CHECK(connections_to(f.db) == 2);
    a.reset();
    waiter.join();
    CHECK(got.load());
    CHECK(connections_to(f.db) == 2);
  }
}
