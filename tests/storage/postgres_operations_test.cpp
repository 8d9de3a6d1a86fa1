// SPDX-License-Identifier: MIT
// Every UnitOfWork operation of the PostgreSQL backend, with the SQLite backend's semantics.
#include "storage/postgres/pg_migrations.hpp"
#include "support/pg_backend_fixture.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kT0 = 1'780'000'000;

std::vector<EventId> ids_of(const std::vector<Event>& events) {
  std::vector<EventId> out;
  for (const auto& e : events) out.push_back(e.id);
  return out;
}

// A list filter; ListFilter's optional members have no default initializers to designate.
storage::ListFilter filter(std::int64_t skip = 0, std::int64_t limit = 100,
                           std::optional<std::int64_t> from = std::nullopt,
                           std::optional<std::int64_t> to = std::nullopt,
                           std::optional<std::string> needle = std::nullopt) {
  storage::ListFilter f;
  f.skip = skip;
  f.limit = limit;
  f.from = from;
  f.to = to;
  f.needle = std::move(needle);
  return f;
}

}  // namespace

TEST_SUITE("postgres operations") {
  TEST_CASE("PostgreSQL users: usernames are unique ignoring ASCII case only") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User alice = f.user("Alice");
    CHECK(alice.id > 0);
    {
      auto tx = f.write();
      try {
        (void)tx->insert_user("ALICE", "a@example.org", "h", f.now());
        FAIL("a taken username was inserted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::conflict);
        CHECK(std::string(e.what()) == "username 'ALICE' is already taken");
      }
    }
    auto tx = f.one();
    const auto found = tx->find_user_by_name("aLiCe");
    REQUIRE(found);
    CHECK(found->user.id == alice.id);
    CHECK(found->user.username == "Alice");
    CHECK(found->password_hash == "hash-Alice");
    // U+212A KELVIN SIGN lower-cases to 'k' in Unicode; SQLite's NOCASE folds A-Z only.
    f.user("kate");
    CHECK_FALSE(
        f.one()->find_user_by_name("\xE2\x84\xAA"
                                   "ate"));
    CHECK_FALSE(f.one()->find_user_by_name("nobody"));
    CHECK(f.one()->find_user_by_id(alice.id)->username == "Alice");
    CHECK_FALSE(f.one()->find_user_by_id(alice.id + 100));
    {
      auto w = f.write();
      w->update_password_hash(alice.id, "new-hash");
      w->commit();
    }
    CHECK(f.one()->find_user_by_name("alice")->password_hash == "new-hash");
  }

  TEST_CASE("PostgreSQL logins and refresh tokens: expiry, revocation, binary hashes, pruning") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User u = f.user("alice");
    const std::string hash("\x00\xff\x10 binary\x80", 11);
    std::int64_t live = 0;
    {
      auto tx = f.write();
      live = tx->insert_session(u.id, kT0, kT0 + 100);
      tx->insert_refresh_token(hash, live, kT0, kT0 + 50);
      for (int i = 0; i < 5; ++i) (void)tx->insert_session(u.id, kT0 - 10, kT0 - 1);  // expired
      tx->commit();
    }
    CHECK(f.one()->active_session_username(live, u.id, kT0 + 99) == "alice");
    CHECK_FALSE(f.one()->active_session_username(live, u.id, kT0 + 100));
    CHECK_FALSE(f.one()->active_session_username(live, u.id + 1, kT0));
    const auto row = f.one()->find_refresh_token(hash);
    REQUIRE(row);
    CHECK(row->session_id == live);
    CHECK(row->user_id == u.id);
    CHECK(row->expires_at == kT0 + 50);
    CHECK(row->session_expires_at == kT0 + 100);
    CHECK_FALSE(row->used);
    CHECK_FALSE(row->session_revoked);
    CHECK_FALSE(f.one()->find_refresh_token(std::string("\x00\xff\x10", 3)));
    {
      auto tx = f.write();
      tx->mark_refresh_token_used(hash, kT0 + 1);
      CHECK(tx->revoke_session(live, kT0 + 2));
      CHECK_FALSE(tx->revoke_session(live, kT0 + 3));  // already revoked
      tx->prune_expired_sessions(kT0, 3);              // at most 3 of the 5 expired
      tx->commit();
    }
    const auto after = f.one()->find_refresh_token(hash);
    CHECK(after->used);
    CHECK(after->session_revoked);
    CHECK(PgAdmin(f.db.url()).integer("SELECT count(*) FROM sessions") == 3);
  }

  TEST_CASE("PostgreSQL failed logins: counted in the window, cleared, pruned in batches") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    {
      auto tx = f.write();
      for (int i = 0; i < 4; ++i) tx->record_login_failure("alice", kT0 + i);
      tx->record_login_failure("bob", kT0);
      tx->commit();
    }
    std::int64_t oldest = 0;
    CHECK(f.one()->count_login_failures("alice", kT0, &oldest) == 3);  // after `since` only
    CHECK(oldest == kT0 + 1);
    CHECK(f.one()->count_login_failures("nobody", kT0 - 1, &oldest) == 0);
    CHECK(oldest == 0);
    {
      auto tx = f.write();
      tx->prune_login_failures(kT0 + 2, 2);  // 4 rows qualify, 2 go
      tx->clear_login_failures("bob");
      tx->commit();
    }
    PgAdmin raw(f.db.url());
    CHECK(raw.integer("SELECT count(*) FROM login_failures WHERE username_key = 'bob'") == 0);
    CHECK(raw.integer("SELECT count(*) FROM login_failures") == 3);  // both at kT0 went
  }

  TEST_CASE("PostgreSQL settings hold any bytes and are replaced") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    std::string every_byte;
    for (int i = 0; i < 256; ++i) every_byte += static_cast<char>(i);
    {
      auto tx = f.write();
      CHECK_FALSE(tx->get_setting("key"));
      tx->put_setting("key", "first");
      tx->put_setting("key", every_byte);
      tx->commit();
    }
    CHECK(f.read()->get_setting("key") == every_byte);
  }

  TEST_CASE(
      "PostgreSQL events: access, versioned update, delete with versions and shares, "
      "ids never reused") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User alice = f.user("alice");
    const User bob = f.user("bob");
    const User carol = f.user("carol");
    const EventId id = f.event(alice.id, kT0, kT0 + kHour, "Plan", "ünïcode ✓");
    {
      auto tx = f.write();
      CHECK(tx->upsert_share(id, bob.id, Permission::write, f.now()));
      CHECK_FALSE(tx->upsert_share(id, bob.id, Permission::read, f.now()));  // changed, not new
      tx->commit();
    }
    auto owner_view = f.one()->find_event_for(id, alice.id);
    REQUIRE(owner_view);
    CHECK(owner_view->permission == Permission::owner);
    CHECK(owner_view->description == "ünïcode ✓");
    CHECK_FALSE(owner_view->location);
    CHECK(owner_view->start.time_since_epoch().count() == kT0);
    CHECK(owner_view->version == 1);
    CHECK(f.one()->find_event_for(id, bob.id)->permission == Permission::read);
    CHECK_FALSE(f.one()->find_event_for(id, carol.id));
    CHECK_FALSE(f.one()->find_event_for(id + 1000, alice.id));

    Event next = *owner_view;
    next.title = "Plan B";
    next.location = "Room 4";
    next.version = 2;
    next.updated_at = Timestamp{std::chrono::seconds{kT0 + 5}};
    {
      auto tx = f.write();
      CHECK(tx->update_event(next, 0b101, span_of_event(next)));  // title and location
      Event stale = next;
      stale.version = 5;
      CHECK_FALSE(tx->update_event(stale, 0b1, span_of_event(stale)));  // not at version 4
      tx->commit();
    }
    const auto updated = f.one()->find_event_for(id, alice.id);
    CHECK(updated->title == "Plan B");
    CHECK(updated->location == "Room 4");
    CHECK(updated->description == "ünïcode ✓");  // not in the mask: not written
    CHECK(updated->version == 2);
    CHECK(updated->updated_at.time_since_epoch().count() == kT0 + 5);

    {
      auto tx = f.write();
      tx->delete_event(id);
      tx->commit();
    }
    PgAdmin raw(f.db.url());
    CHECK(raw.integer("SELECT count(*) FROM event_versions") == 0);
    CHECK(raw.integer("SELECT count(*) FROM shares") == 0);
    CHECK(f.event(alice.id, kT0, kT0 + 1) > id);  // the highest id was deleted, not reused
  }

  TEST_CASE("PostgreSQL versions are listed oldest first with their author") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User alice = f.user("alice");
    const EventId id = f.event(alice.id, kT0, kT0 + kHour);
    {
      auto tx = f.write();
      Version v{.number = 2,
                .title = "Second",
                .start = Timestamp{std::chrono::seconds{kT0}},
                .end = Timestamp{std::chrono::seconds{kT0 + 60}},
                .updated_by = alice.id,
                .updated_at = Timestamp{std::chrono::seconds{kT0 + 9}},
                .change = ChangeKind::rollback};
      tx->insert_version(id, v);
      tx->commit();
    }
    const auto versions = f.read()->list_versions(id);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].number == 1);
    CHECK(versions[0].change == ChangeKind::create);
    CHECK(versions[1].title == "Second");
    CHECK(versions[1].updated_by_username == "alice");
    CHECK(versions[1].change == ChangeKind::rollback);
    CHECK(versions[1].end.time_since_epoch().count() == kT0 + 60);
    CHECK(f.one()->find_version(id, 2)->updated_at.time_since_epoch().count() == kT0 + 9);
    CHECK_FALSE(f.one()->find_version(id, 3));
  }

  TEST_CASE("PostgreSQL shares are listed owner first, then by username ignoring case") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User owner = f.user("zed");
    const User b = f.user("Bob");
    const User a = f.user("alice");
    const User c = f.user("carol_");
    const EventId id = f.event(owner.id, kT0, kT0 + 1);
    {
      auto tx = f.write();
      tx->upsert_share(id, c.id, Permission::read, f.now());
      tx->upsert_share(id, b.id, Permission::write, f.now());
      tx->upsert_share(id, a.id, Permission::read, f.now());
      tx->commit();
    }
    const auto shares = f.read()->list_shares(id);
    REQUIRE(shares.size() == 4);
    CHECK(shares[0].username == "zed");
    CHECK(shares[0].permission == Permission::owner);
    CHECK(shares[1].username == "alice");
    CHECK(shares[2].username == "Bob");
    CHECK(shares[2].permission == Permission::write);
    CHECK(shares[3].username == "carol_");
    CHECK(f.one()->find_share(id, b.id) == Permission::write);
    {
      auto tx = f.write();
      tx->delete_share(id, b.id);
      tx->commit();
    }
    CHECK_FALSE(f.one()->find_share(id, b.id));
    CHECK(f.read()->list_shares(id).size() == 3);
  }

  TEST_CASE(
      "a PostgreSQL list page merges owned and shared events by (start, id) with skip, "
      "limit and a window") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User me = f.user("me");
    const User other = f.user("other");
    const EventId long_one = f.event(other.id, kT0 - 10 * kHour, kT0 + kHour);  // shared
    const EventId a = f.event(me.id, kT0, kT0 + kHour);
    const EventId b = f.event(other.id, kT0, kT0 + kHour);  // shared, same start: by id
    const EventId c = f.event(me.id, kT0 + 2 * kHour, kT0 + 3 * kHour);
    const EventId hidden = f.event(other.id, kT0, kT0 + kHour);  // not shared
    const EventId ended = f.event(me.id, kT0 - 5 * kHour, kT0 - 4 * kHour);
    {
      auto tx = f.write();
      tx->upsert_share(long_one, me.id, Permission::read, f.now());
      tx->upsert_share(b, me.id, Permission::write, f.now());
      tx->commit();
    }
    CHECK(ids_of(f.one()->list_visible_events(me.id, filter())) ==
          std::vector<EventId>{long_one, ended, a, b, c});
    CHECK(ids_of(f.one()->list_visible_events(me.id, filter(1, 2))) ==
          std::vector<EventId>{ended, a});
    CHECK(f.one()->list_visible_events(me.id, filter(10)).empty());
    // Window: ends after `from`, starts before `to`. The long event started 10 hours before.
    CHECK(ids_of(f.one()->list_visible_events(me.id, filter(0, 100, kT0, kT0 + 2 * kHour))) ==
          std::vector<EventId>{long_one, a, b});
    CHECK(ids_of(f.one()->list_visible_events(me.id, filter(0, 100, std::nullopt, kT0))) ==
          std::vector<EventId>{long_one, ended});
    CHECK(ids_of(f.one()->list_visible_events(me.id, filter(0, 100, kT0 + kHour))) ==
          std::vector<EventId>{c});
    const auto page = f.one()->list_visible_events(me.id, filter());
    CHECK(page[3].permission == Permission::write);
    CHECK(page[2].permission == Permission::owner);
    (void)hidden;
  }

  TEST_CASE("a PostgreSQL list search folds Unicode case and takes % and _ literally") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User me = f.user("me");
    const EventId greek = f.event(me.id, kT0, kT0 + 1, "ΟΔΥΣΣΕΥΣ");
    const EventId german = f.event(me.id, kT0 + 1, kT0 + 2, "Plan", "ÄRGER im Büro");
    const EventId percent = f.event(me.id, kT0 + 2, kT0 + 3, "100% done_ok");
    const EventId plain = f.event(me.id, kT0 + 3, kT0 + 4, "1000 done ok");
    auto search = [&](const std::string& needle) {
      return ids_of(
          f.one()->list_visible_events(me.id, filter(0, 100, std::nullopt, std::nullopt, needle)));
    };
    CHECK(search("οδυσσευς") == std::vector<EventId>{greek});  // final sigma folds to sigma
    CHECK(search("ärger") == std::vector<EventId>{german});
    CHECK(search("bÜRO") == std::vector<EventId>{german});
    CHECK(search("0%") == std::vector<EventId>{percent});
    CHECK(search("e_o") == std::vector<EventId>{percent});
    CHECK(search("DONE") == std::vector<EventId>{percent, plain});
    CHECK(search("nothing like it").empty());
    CHECK(ids_of(
              f.one()->list_visible_events(me.id, filter(0, 100, kT0 + 2, std::nullopt, "done"))) ==
          std::vector<EventId>{percent, plain});
  }

  TEST_CASE("PostgreSQL check finds nothing in a sound database") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User a = f.user("alice");
    const User b = f.user("bob");
    const EventId id = f.event(a.id, kT0, kT0 + kHour);
    {
      auto tx = f.write();
      tx->upsert_share(id, b.id, Permission::read, f.now());
      tx->commit();
    }
    std::vector<std::string> problems;
    auto tx = f.read();
    tx->find_damage(problems);
    tx->find_broken_invariants(problems);
    CHECK(problems == std::vector<std::string>{});
  }

  TEST_CASE(
      "PostgreSQL check names dangling references, dropped indexes, disabled triggers "
      "and broken invariants, one line each") {
    EC_REQUIRE_POSTGRES(admin);
    PgBackendFixture f(admin);
    const User a = f.user("alice");
    const User b = f.user("bob");
    const EventId id = f.event(a.id, kT0, kT0 + kHour);
    const EventId other = f.event(b.id, kT0, kT0 + kHour);
    {
      auto tx = f.write();
      tx->upsert_share(id, b.id, Permission::read, f.now());
      tx->commit();
    }
    PgAdmin raw(f.db.url());
    raw.exec(
        // Bypasses foreign keys and triggers, as a careless restore would.
        "SET session_replication_role = replica;"
        "DELETE FROM users WHERE id = " +
        std::to_string(b.id) +
        ";"
        "RESET session_replication_role;"
        "DROP INDEX shares_by_user_start;"
        "ALTER TABLE events DISABLE TRIGGER events_move_share_starts;"
        "UPDATE events SET version = 3 WHERE id = " +
        std::to_string(id) +
        ";"
        "DELETE FROM schema_migrations WHERE version = 2");
    std::vector<std::string> problems;
    auto tx = f.read();
    tx->find_damage(problems);
    tx->find_broken_invariants(problems);
    const auto has = [&](const std::string& line) {
      return std::find(problems.begin(), problems.end(), line) != problems.end();
    };
    CAPTURE(problems);
    CHECK(has("missing index shares_by_user_start"));
    CHECK(has("trigger events_move_share_starts on events is disabled"));
    CHECK(has("foreign key: row (id=" + std::to_string(other) +
              ") of events points to a missing users"));
    CHECK(has("foreign key: row (event_id=" + std::to_string(id) +
              ", user_id=" + std::to_string(b.id) + ") of shares points to a missing users"));
    CHECK(has("event " + std::to_string(id) + " is at version 3 but has 1 version rows"));
    CHECK(has("schema_migrations lacks version 2 below the schema version " +
              std::to_string(storage::postgres::kPgMigrations.size())));
    CHECK(has("share of event " + std::to_string(id) + " points to a missing user or event"));
  }
}
