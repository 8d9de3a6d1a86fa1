// SPDX-License-Identifier: MIT
// The PostgreSQL backend's schema: creating, recognising, upgrading and refusing databases.
#include <span>
#include <thread>

#include "storage/postgres/pg_migrations.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/sqlite/migrations.hpp"
#include "support/pg_backend_fixture.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
namespace pgb = eventcollab::storage::postgres;

namespace {

constexpr int kLatest = static_cast<int>(pgb::kPgMigrations.size());

std::int64_t seconds(const FakeClock& clock) { return clock.now().time_since_epoch().count(); }

// Applies the first `steps` schema steps to the database at `url`, as an older library would.
void migrate_to(const std::string& url, std::size_t steps, const FakeClock& clock) {
  FakeClock c = clock;
  auto conn = pgb::PgConnection::connect(pgb::connect_spec(pg_config(url, c)));
  pgb::migrate(*conn, seconds(clock), std::span(pgb::kPgMigrations).first(steps));
}

}  // namespace

TEST_SUITE("postgres schema") {
  TEST_CASE("the PostgreSQL schema steps have the SQLite steps' versions and names") {
    REQUIRE(pgb::kPgMigrations.size() == storage::kMigrations.size());
    for (std::size_t i = 0; i < pgb::kPgMigrations.size(); ++i) {
      CAPTURE(i);
      CHECK(pgb::kPgMigrations[i].version == storage::kMigrations[i].version);
      CHECK(pgb::kPgMigrations[i].name == storage::kMigrations[i].name);
    }
  }

  TEST_CASE(
      "a fresh PostgreSQL database is created at the latest schema with every step "
      "recorded") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const auto status = f.database->schema_status();
    CHECK(status.current == kLatest);
    CHECK(status.latest == kLatest);
    CHECK(status.pending.empty());
    REQUIRE(status.applied.size() == pgb::kPgMigrations.size());
    CHECK(status.applied.front() == "create_users_and_settings");
    CHECK(status.applied.back() == "visible_events");

    PgAdmin raw(f.db.url());
    CHECK(raw.text("SELECT application || ' ' || version FROM eventcollab_schema") ==
          "eventcollab " + std::to_string(kLatest));
    CHECK(raw.integer("SELECT count(*) FROM schema_migrations WHERE applied_at = " +
                      std::to_string(f.now())) == kLatest);
    CHECK(raw.integer("SELECT count(DISTINCT version) FROM schema_migrations") == kLatest);
    CHECK(f.database->location() == f.db.url());  // no password in it to hide
    CHECK(f.database->file().empty());
  }

  TEST_CASE("reopening an up-to-date PostgreSQL database changes nothing") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    f.user("alice");
    f.database.reset();
    const auto before = pg_fingerprint(f.db.url());
    f.clock.advance(3600);
    auto again = pgb::open(f.config, f.now());
    CHECK(again->schema_status().current == kLatest);
    again.reset();
    CHECK(pg_fingerprint(f.db.url()) == before);
  }

  TEST_CASE("an older PostgreSQL schema is upgraded and its data survives") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    migrate_to(db.url(), 3, clock);
    PgAdmin raw(db.url());
    raw.exec(
        "INSERT INTO users(username, password_hash, created_at) VALUES ('old', 'h', 1);"
        "INSERT INTO users(username, password_hash, created_at) VALUES ('friend', 'h', 1);"
        "INSERT INTO events(owner_id, title, start_time, end_time, created_at, updated_at) "
        "VALUES (1, 'Kept', 100, 7300, 1, 1);"
        "INSERT INTO event_versions(event_id, version, title, start_time, end_time, updated_by, "
        "updated_at, change) VALUES (1, 1, 'Kept', 100, 7300, 1, 1, 'create');"
        "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (1, 2, 'read', 1)");
    CHECK(pgb::inspect(pg_config(db.url(), clock)).pending.size() == kLatest - 3);

    auto database = pgb::open(pg_config(db.url(), clock), seconds(clock));
    CHECK(database->schema_status().current == kLatest);
    auto tx = database->begin(storage::TxKind::read);
    const auto seen = tx->find_event_for(1, 2);
    REQUIRE(seen);
    CHECK(seen->title == "Kept");
    CHECK(seen->permission == Permission::read);
    // The list query's copies were filled in for the rows already there.
    CHECK(raw.integer("SELECT start_time FROM shares") == 100);
    CHECK(raw.integer("SELECT max_duration FROM event_duration_bound") == 7200);
    CHECK(tx->list_visible_events(2, storage::ListFilter()).size() == 1);
    std::vector<std::string> problems;
    tx->find_damage(problems);
    tx->find_broken_invariants(problems);
    CHECK(problems.empty());
  }

  TEST_CASE("a newer PostgreSQL schema is refused and left untouched") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    f.database.reset();
    PgAdmin(f.db.url()).exec("UPDATE eventcollab_schema SET version = 99");
    const auto before = pg_fingerprint(f.db.url());
    try {
      (void)pgb::open(f.config, f.now());
      FAIL("a newer schema was opened");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::incompatible_database);
      CHECK(std::string(e.what()).find("version 99") != std::string::npos);
      CHECK(std::string(e.what()).find(f.db.url()) != std::string::npos);
    }
    CHECK_ERRC(pgb::inspect(f.config), Errc::incompatible_database);
    Config ro = f.config;
    ro.access_mode = AccessMode::read_only;
    CHECK_ERRC(pgb::open(ro, f.now()), Errc::incompatible_database);
    CHECK(pg_fingerprint(f.db.url()) == before);
  }

  TEST_CASE(
      "a PostgreSQL database holding another application's tables is refused and left "
      "untouched") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    PgAdmin(db.url()).exec(
        "CREATE TABLE users (id serial PRIMARY KEY, name text); INSERT INTO users(name) "
        "VALUES ('someone else''s')");
    const auto before = pg_fingerprint(db.url());
    FakeClock clock;
    try {
      (void)pgb::open(pg_config(db.url(), clock), seconds(clock));
      FAIL("a foreign database was opened");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::incompatible_database);
      CHECK(std::string(e.what()).find("another application") != std::string::npos);
    }
    CHECK_ERRC(pgb::inspect(pg_config(db.url(), clock)), Errc::incompatible_database);
    CHECK(pgb::precheck(pg_config(db.url(), clock)).empty());  // open() refuses it by name
    CHECK(pg_fingerprint(db.url()) == before);
  }

  TEST_CASE(
      "an empty PostgreSQL database: read-only and no-create opens are not_found and "
      "write nothing; inspect reports every step pending") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    const auto before = pg_fingerprint(db.url());
    Config ro = pg_config(db.url(), clock);
    ro.access_mode = AccessMode::read_only;
    try {
      (void)pgb::open(ro, seconds(clock));
      FAIL("an empty database was opened read-only");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::not_found);
      CHECK(std::string(e.what()).starts_with("no database at " + db.url()));
    }
    Config no_create = pg_config(db.url(), clock);
    no_create.create_if_missing = false;
    CHECK_ERRC(pgb::open(no_create, seconds(clock)), Errc::not_found);
    CHECK_ERRC(pgb::precheck(no_create), Errc::not_found);
    const auto status = pgb::inspect(no_create);
    CHECK(status.current == 0);
    CHECK(status.pending.size() == pgb::kPgMigrations.size());
    CHECK(pg_fingerprint(db.url()) == before);
  }

  TEST_CASE(
      "a database the server does not have is not_found; inspect reports every step "
      "pending") {
    EC_REQUIRE_POSTGRES(admin);
    FakeClock clock;
    const Config c = pg_config(pg_url_with_db(admin, "ec_no_such_database"), clock);
    try {
      (void)pgb::open(c, seconds(clock));
      FAIL("a missing database was opened");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::not_found);
      CHECK(std::string(e.what()).find("ec_no_such_database") != std::string::npos);
    }
    CHECK(pgb::inspect(c).pending.size() == pgb::kPgMigrations.size());
    CHECK_ERRC(pgb::precheck(c), Errc::not_found);
  }

  TEST_CASE(
      "a read-only open of an older PostgreSQL schema is refused untouched; of the "
      "current one it reads and cannot write") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    migrate_to(db.url(), 4, clock);
    const auto before = pg_fingerprint(db.url());
    Config ro = pg_config(db.url(), clock);
    ro.access_mode = AccessMode::read_only;
    try {
      (void)pgb::open(ro, seconds(clock));
      FAIL("an older schema was opened read-only");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::incompatible_database);
      CHECK(std::string(e.what()).find("eventcollab migrate") != std::string::npos);
    }
    CHECK(pg_fingerprint(db.url()) == before);

    (void)pgb::open(pg_config(db.url(), clock), seconds(clock));  // migrates
    auto reader = pgb::open(ro, seconds(clock));
    CHECK(reader->schema_status().current == kLatest);
    const auto current = pg_fingerprint(db.url());
    {
      auto tx = reader->begin(storage::TxKind::write);
      CHECK_ERRC(tx->insert_user("sneaky", std::nullopt, "h", 1), Errc::storage);
    }
    CHECK(pg_fingerprint(db.url()) == current);
  }

  TEST_CASE(
      "processes opening a fresh PostgreSQL database at once all succeed and it is "
      "migrated once") {
    EC_REQUIRE_POSTGRES(admin);
    PgTestDb db(admin);
    FakeClock clock;
    constexpr int kOpeners = 4;
    std::vector<std::thread> threads;
    std::vector<std::string> errors(kOpeners);
    for (int i = 0; i < kOpeners; ++i) {
      threads.emplace_back([&, i] {
        try {
          auto database = pgb::open(pg_config(db.url(), clock), seconds(clock));
          if (database->schema_status().current != kLatest) errors[i] = "not at the latest";
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    PgAdmin raw(db.url());
    CHECK(raw.integer("SELECT count(*) FROM schema_migrations") == kLatest);
    CHECK(raw.integer("SELECT count(*) FROM eventcollab_schema") == 1);
  }

  TEST_CASE("a damaged schema marker is reported by precheck and refused by open") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    f.database.reset();
    PgAdmin(f.db.url()).exec("DELETE FROM eventcollab_schema");
    const auto problems = pgb::precheck(f.config);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front() == "damaged: table eventcollab_schema holds 0 rows, not 1");
    CHECK_ERRC(pgb::open(f.config, f.now()), Errc::incompatible_database);
  }
}
