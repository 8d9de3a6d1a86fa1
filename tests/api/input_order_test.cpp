// SPDX-License-Identifier: MIT
// Permission before input, in the library, for every front: an operation that takes an Input
// decodes it only after its access check, so a stranger gets not_found and a reader
// forbidden however bad the input, and a decoder's own error reaches a permitted caller as
// it is.
#include <functional>
#include <optional>
#include <stdexcept>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct World : StoreFixture {
  Principal dave = make_user("dave");
  Event event = make_event(alice);
  World() {
    store.sharing().share(alice, event.id, {.username = "bob"}, Permission::write);
    store.sharing().share(alice, event.id, {.username = "carol"}, Permission::read);
    store.events().update(alice, event.id, {.title = "second"});
  }
};

// A decoder of bad input: counts its calls, then fails as a front's decoder would.
template <class T>
Input<T> bad_input(int& calls) {
  return Input<T>([&calls]() -> T {
    ++calls;
    throw Error(Errc::invalid_argument, "bad input");
  });
}

struct Operation {
  const char* name;
  // Runs the operation as `who` with a decoder of bad input.
  std::function<void(World&, const Principal&, int&)> run;
  const Principal& (*permitted)(World&);   // someone allowed to do it
  const Principal& (*too_little)(World&);  // can see the event, may not do it
};

const Principal& owner(World& w) { return w.alice; }
const Principal& writer(World& w) { return w.bob; }
const Principal& reader(World& w) { return w.carol; }

const std::vector<Operation> kOperations = {
    {"update",
     [](World& w, const Principal& p, int& calls) {
       w.store.events().update(p, w.event.id, bad_input<EventUpdate>(calls));
     },
     writer, reader},
    {"rollback",
     [](World& w, const Principal& p, int& calls) {
       w.store.history().rollback(p, w.event.id, 1, bad_input<std::optional<std::int64_t>>(calls));
     },
     writer, reader},
    {"share",
     [](World& w, const Principal& p, int& calls) {
       w.store.sharing().share(p, w.event.id, bad_input<ShareGrant>(calls));
     },
     owner, writer},
    {"change a share's permission",
     [](World& w, const Principal& p, int& calls) {
       w.store.sharing().set_permission(p, w.event.id, w.carol.user_id,
                                        bad_input<Permission>(calls));
     },
     owner, writer},
    {"change a share of a user named badly",
     [](World& w, const Principal& p, int& calls) {
       w.store.sharing().set_permission(p, w.event.id, bad_input<UserId>(calls), Permission::write);
     },
     owner, writer},
    {"revoke a share",
     [](World& w, const Principal& p, int& calls) {
       w.store.sharing().revoke(p, w.event.id, bad_input<UserId>(calls));
     },
     owner, writer},
};

}  // namespace

TEST_SUITE("input order") {
  TEST_CASE("a stranger gets not_found and too little permission forbidden, whatever the input") {
    for (const auto& op : kOperations) {
      CAPTURE(op.name);
      World w;
      int calls = 0;
      CHECK_ERRC(op.run(w, w.dave, calls), Errc::not_found);
      CHECK_ERRC(op.run(w, op.too_little(w), calls), Errc::forbidden);
      CHECK(calls == 0);  // the input was never looked at
      CHECK_ERRC(op.run(w, w.alice, calls), Errc::invalid_argument);
      CHECK(calls == 1);
      CHECK(w.store.events().get(w.alice, w.event.id).version == 2);
      CHECK(w.store.sharing().list(w.alice, w.event.id).size() == 3);
    }
  }

  TEST_CASE("a decoder's own exception reaches a permitted caller unchanged") {
    for (const auto& op : kOperations) {
      CAPTURE(op.name);
      World w;
      int calls = 0;
      try {
        op.run(w, op.permitted(w), calls);
        FAIL_CHECK("the bad input was accepted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK(std::string(e.what()) == "bad input");
      }
    }
    World w;
    CHECK_THROWS_AS(
        w.store.events().update(w.alice, w.event.id, Input<EventUpdate>([]() -> EventUpdate {
                                  throw std::runtime_error("not an Error");
                                })),
        std::runtime_error);
  }

  TEST_CASE_FIXTURE(World, "a decoded input is applied like a plain one") {
    auto e = store.events().update(bob, event.id, [] {
      return EventUpdate{.patch = {.location = "Room 4"}, .expected_version = 2};
    });
    CHECK(e.location == "Room 4");
    CHECK(e.version == 3);
    CHECK_ERRC(store.events().update(bob, event.id,
                                     [] {
                                       return EventUpdate{{.title = "x"}, 2};
                                     }),
               Errc::conflict);
    auto share = store.sharing().share(alice, event.id, [] {
      return ShareGrant{{.username = "dave"}, parse_permission("write")};
    });
    CHECK(share.created);
    CHECK(share.share.permission == Permission::write);
    CHECK(store.sharing()
              .set_permission(
                  alice, event.id, [&] { return dave.user_id; },
                  [] { return parse_permission("read"); })
              .permission == Permission::read);
    store.sharing().revoke(alice, event.id, [&] { return dave.user_id; });
    CHECK(store.sharing().list(alice, event.id).size() == 3);
    CHECK(store.history()
              .rollback(alice, event.id, 1, [] { return std::optional<std::int64_t>(3); })
              .version == 4);
  }

  TEST_CASE_FIXTURE(World, "a share of ownership is refused after the access check") {
    CHECK_ERRC(store.sharing().share(dave, event.id, {.username = "bob"}, Permission::owner),
               Errc::not_found);
    CHECK_ERRC(store.sharing().share(carol, event.id, {.username = "bob"}, Permission::owner),
               Errc::forbidden);
    CHECK_ERRC(store.sharing().share(alice, event.id, {.username = "dave"}, Permission::owner),
               Errc::invalid_argument);
  }
}

TEST_SUITE("permission text") {
  TEST_CASE("parse_permission reads every permission and names what it refuses") {
    CHECK(parse_permission("read") == Permission::read);
    CHECK(parse_permission("write") == Permission::write);
    CHECK(parse_permission("owner") == Permission::owner);
    for (const char* bad : {"admin", "", "READ", "write ", "owner\n"}) {
      CAPTURE(bad);
      try {
        parse_permission(bad);
        FAIL_CHECK("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK(std::string(e.what()).find("permission") != std::string::npos);
      }
    }
    try {
      parse_permission("admin");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("'admin'") != std::string::npos);
    }
    try {
      parse_permission(std::string(100, 'x') + "\x01");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).size() < 120);  // a hostile value cannot flood a message
    }
    CHECK_ERRC(parse_share_permission("owner"), Errc::invalid_argument);
    CHECK(parse_share_permission("write") == Permission::write);
  }
}
