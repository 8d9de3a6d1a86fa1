// SPDX-License-Identifier: MIT
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("smoke") {
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
