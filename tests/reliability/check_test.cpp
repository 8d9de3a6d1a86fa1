// SPDX-License-Identifier: MIT
// Store::check() against damage the library itself never makes: each broken invariant,
// written under the library with raw SQL, is named in the report; a damaged page is reported
// (or refused as a storage error), never passed as sound.
#include <fstream>

#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

std::string all_problems(const CheckReport& r) {
  std::string all;
  for (const auto& p : r.problems) all += p + "\n";
  return all;
}

}  // namespace

TEST_SUITE("reliability.check") {
  TEST_CASE("each kind of damage is named in the check report") {
    struct Damage {
      const char* name;
      const char* sql;       // $E: the event, $O: its owner, $U: a user without a share
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
         "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES ($E, $O, 'write', "
         "0)",
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
         "INSERT INTO event_versions SELECT 777, version, title, description, location, "
         "start_time, end_time, updated_by, updated_at, change FROM event_versions",
         "missing event 777"},
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
      for (const auto& [key, value] :
           {std::pair{"$E", e.id}, {"$O", f.alice.user_id}, {"$U", f.carol.user_id}}) {
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
}
