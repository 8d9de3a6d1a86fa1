// SPDX-License-Identifier: MIT
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("smoke") {
  TEST_CASE_FIXTURE(StoreFixture, "a store says where it lives and whether its reads are local") {
    CHECK(store.reads_are_local() == !on_postgres());  // a server database is a round trip away
    CHECK(store.location() ==
          (on_postgres() ? store.config().database_url : store.path().string()));
    CHECK(store.path().empty() == on_postgres());
  }

  TEST_CASE_FIXTURE(StoreFixture, "a user creates, shares, and a collaborator updates an event") {
    Event e = make_event(alice);
    CHECK(e.version == 1);
    auto r = store.sharing().share(alice, e.id, {.username = "bob"}, Permission::write);
    CHECK(r.created);
    Event u = store.events().update(bob, e.id, {.title = "Daily standup"}, 1);
    CHECK(u.version == 2);
    CHECK(u.permission == Permission::write);
    auto versions = store.history().list(alice, e.id);
    REQUIRE(versions.size() == 2);
    CHECK(versions[1].updated_by_username == "bob");
    CHECK(store.check().ok());
  }
}
