// SPDX-License-Identifier: MIT
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("sharing") {
  TEST_CASE_FIXTURE(StoreFixture, "sharing again changes the permission") {
    auto e = make_event(alice);
    auto first = store.sharing().share(alice, e.id, {.username = "BOB"}, Permission::read);
    CHECK(first.created);
    CHECK(first.share.username == "bob");
    CHECK(store.events().get(bob, e.id).permission == Permission::read);
    auto again = store.sharing().share(alice, e.id, {.id = bob.user_id}, Permission::write);
    CHECK_FALSE(again.created);
    CHECK(store.events().get(bob, e.id).permission == Permission::write);
  }

  TEST_CASE_FIXTURE(StoreFixture, "share input errors are reported precisely") {
    auto e = make_event(alice);
    CHECK_ERRC(store.sharing().share(alice, e.id, {.username = "nobody"}, Permission::read),
               Errc::not_found);
    CHECK_ERRC(store.sharing().share(alice, e.id, {.id = 999}, Permission::read), Errc::not_found);
    CHECK_ERRC(store.sharing().share(alice, e.id, {.username = "alice"}, Permission::read),
               Errc::invalid_argument);
    CHECK_ERRC(store.sharing().share(alice, e.id, {.id = bob.user_id, .username = "carol"},
                                     Permission::read),
               Errc::invalid_argument);
    CHECK_ERRC(store.sharing().share(alice, e.id, {}, Permission::read), Errc::invalid_argument);
    CHECK_ERRC(store.sharing().share(alice, e.id, {.username = "bob"}, Permission::owner),
               Errc::invalid_argument);
    CHECK_ERRC(parse_share_permission("admin"), Errc::invalid_argument);
    CHECK(store.sharing().list(alice, e.id).size() == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "permissions list the owner first, then users by name ignoring case") {
    auto e = make_event(carol);
    auto zed = make_user("Zed");
    auto amy = make_user("amy");
    store.sharing().share(carol, e.id, {.username = "Zed"}, Permission::write);
    store.sharing().share(carol, e.id, {.username = "bob"}, Permission::read);
    store.sharing().share(carol, e.id, {.username = "amy"}, Permission::read);
    auto list = store.sharing().list(bob, e.id);
    REQUIRE(list.size() == 4);
    CHECK(list[0].username == "carol");
    CHECK(list[0].permission == Permission::owner);
    CHECK(list[1].username == "amy");
    CHECK(list[2].username == "bob");
    CHECK(list[3].username == "Zed");
    CHECK(list[3].permission == Permission::write);
    (void)zed;
    (void)amy;
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "changing or revoking needs an existing share and never touches the owner") {
    auto e = make_event(alice);
    CHECK_ERRC(store.sharing().set_permission(alice, e.id, bob.user_id, Permission::write),
               Errc::not_found);
    CHECK_ERRC(store.sharing().revoke(alice, e.id, bob.user_id), Errc::not_found);
    CHECK_ERRC(store.sharing().set_permission(alice, e.id, alice.user_id, Permission::read),
               Errc::invalid_argument);
    CHECK_ERRC(store.sharing().revoke(alice, e.id, alice.user_id), Errc::invalid_argument);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    auto changed = store.sharing().set_permission(alice, e.id, bob.user_id, Permission::write);
    CHECK(changed.username == "bob");
    CHECK(changed.permission == Permission::write);
    store.sharing().revoke(alice, e.id, bob.user_id);
    CHECK_ERRC(store.events().get(bob, e.id), Errc::not_found);
  }

  TEST_CASE_FIXTURE(StoreFixture, "sharing writes no version") {
    auto e = make_event(alice);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    store.sharing().set_permission(alice, e.id, bob.user_id, Permission::write);
    store.sharing().revoke(alice, e.id, bob.user_id);
    CHECK(store.events().get(alice, e.id).version == 1);
    CHECK(store.history().list(alice, e.id).size() == 1);
  }
}
