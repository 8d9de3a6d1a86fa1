// SPDX-License-Identifier: MIT
// The permission table of the library, as one table-driven test over every operation and
// every role. A "yes" must succeed; anything else must fail with exactly the listed code and
// leave the event, its shares and its history unchanged.
#include <functional>
#include <optional>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

enum class Role { owner, writer, reader, stranger };
const char* name(Role r) {
  switch (r) {
    case Role::owner:
      return "owner";
    case Role::writer:
      return "writer";
    case Role::reader:
      return "reader";
    case Role::stranger:
      return "stranger";
  }
  return "?";
}

struct World : StoreFixture {
  Principal dave = make_user("dave");
  Event event = make_event(alice);
  World() {
    store.sharing().share(alice, event.id, {.username = "bob"}, Permission::write);
    store.sharing().share(alice, event.id, {.username = "carol"}, Permission::read);
    store.events().update(alice, event.id, {.title = "second"});
  }
  const Principal& as(Role r) const {
    switch (r) {
      case Role::owner:
        return alice;
      case Role::writer:
        return bob;
      case Role::reader:
        return carol;
      case Role::stranger:
        return dave;
    }
    return dave;
  }
  // Everything a role could change, as one comparable snapshot read by the owner.
  std::string state() {
    std::string s;
    auto e = store.events().get(alice, event.id);
    s += e.title + "|" + std::to_string(e.version);
    for (const auto& sh : store.sharing().list(alice, event.id)) {
      s += "|" + sh.username + ":" + std::string(to_string(sh.permission));
    }
    return s + "|" + std::to_string(store.history().list(alice, event.id).size());
  }
};

using Op = std::function<void(World&, const Principal&)>;
struct Row {
  const char* operation;
  Op op;
  bool mutates;
  // Expected outcome for owner, writer, reader, stranger (nullopt = success).
  std::optional<Errc> expect[4];
};

constexpr std::optional<Errc> ok = std::nullopt;
constexpr std::optional<Errc> forbidden = Errc::forbidden;
constexpr std::optional<Errc> not_found = Errc::not_found;

}  // namespace

TEST_SUITE("permissions") {
  TEST_CASE("every operation follows the permission table for every role") {
    const std::vector<Row> table = {
        {"get",
         [](World& w, const Principal& p) { w.store.events().get(p, w.event.id); },
         false,
         {ok, ok, ok, not_found}},
        {"list",
         [](World& w, const Principal& p) {
           auto l = w.store.events().list(p);
           if (l.empty()) throw Error(Errc::not_found, "not listed");
         },
         false,
         {ok, ok, ok, not_found}},
        {"versions",
         [](World& w, const Principal& p) { w.store.history().list(p, w.event.id); },
         false,
         {ok, ok, ok, not_found}},
        {"version",
         [](World& w, const Principal& p) { w.store.history().get(p, w.event.id, 1); },
         false,
         {ok, ok, ok, not_found}},
        {"diff",
         [](World& w, const Principal& p) { w.store.history().diff(p, w.event.id, 1, 2); },
         false,
         {ok, ok, ok, not_found}},
        {"changelog",
         [](World& w, const Principal& p) { w.store.history().changelog(p, w.event.id); },
         false,
         {ok, ok, ok, not_found}},
        {"permissions",
         [](World& w, const Principal& p) { w.store.sharing().list(p, w.event.id); },
         false,
         {ok, ok, ok, not_found}},
        {"update",
         [](World& w, const Principal& p) {
           w.store.events().update(p, w.event.id, {.title = "changed by " + p.username});
         },
         true,
         {ok, ok, forbidden, not_found}},
        {"update with invalid input",
         [](World& w, const Principal& p) {
           w.store.events().update(p, w.event.id, {.title = ""});
         },
         true,
         {Errc::invalid_argument, Errc::invalid_argument, forbidden, not_found}},
        {"update with stale version",
         [](World& w, const Principal& p) {
           w.store.events().update(p, w.event.id, {.title = "x"}, 1);
         },
         true,
         {Errc::conflict, Errc::conflict, forbidden, not_found}},
        {"rollback",
         [](World& w, const Principal& p) { w.store.history().rollback(p, w.event.id, 1); },
         true,
         {ok, ok, forbidden, not_found}},
        {"rollback to a missing version",
         [](World& w, const Principal& p) { w.store.history().rollback(p, w.event.id, 99); },
         true,
         {not_found, not_found, forbidden, not_found}},
        {"delete",
         [](World& w, const Principal& p) { w.store.events().remove(p, w.event.id); },
         true,
         {ok, forbidden, forbidden, not_found}},
        {"share",
         [](World& w, const Principal& p) {
           w.store.sharing().share(p, w.event.id, {.username = "dave"}, Permission::read);
         },
         true,
         {ok, forbidden, forbidden, not_found}},
        {"share with invalid input",
         [](World& w, const Principal& p) {
           w.store.sharing().share(p, w.event.id, {.username = "alice"}, Permission::read);
         },
         true,
         {Errc::invalid_argument, forbidden, forbidden, not_found}},
        {"change a share",
         [](World& w, const Principal& p) {
           w.store.sharing().set_permission(p, w.event.id, w.carol.user_id, Permission::write);
         },
         true,
         {ok, forbidden, forbidden, not_found}},
        {"revoke a share",
         [](World& w, const Principal& p) {
           w.store.sharing().revoke(p, w.event.id, w.carol.user_id);
         },
         true,
         {ok, forbidden, forbidden, not_found}},
    };
    for (const auto& row : table) {
      for (Role role : {Role::owner, Role::writer, Role::reader, Role::stranger}) {
        World w;  // a fresh world per cell, so one cell cannot affect another
        CAPTURE(row.operation);
        CAPTURE(name(role));
        const auto expected = row.expect[static_cast<int>(role)];
        const auto before = w.state();
        try {
          row.op(w, w.as(role));
          CHECK_MESSAGE(!expected.has_value(), "succeeded, expected " << to_string(*expected));
        } catch (const Error& e) {
          CHECK_MESSAGE(expected.has_value(), "failed: " << e.what());
          if (expected) {
            CHECK_MESSAGE(e.code() == *expected, "got " << to_string(e.code()) << ": " << e.what());
          }
          if (role != Role::owner || row.operation != std::string("delete")) {
            CHECK(w.state() == before);  // a refusal changes nothing
          }
        }
      }
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "a missing event and an invisible event look the same") {
    auto e = make_event(alice);
    std::string invisible, missing;
    try {
      store.events().get(bob, e.id);
    } catch (const Error& err) {
      invisible = err.what();
    }
    try {
      store.events().get(bob, e.id + 1000);
    } catch (const Error& err) {
      missing = err.what();
    }
    CHECK(invisible == "event " + std::to_string(e.id) + " not found");
    CHECK(missing == "event " + std::to_string(e.id + 1000) + " not found");
  }
}
