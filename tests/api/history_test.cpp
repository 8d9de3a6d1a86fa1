// SPDX-License-Identifier: MIT
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// alice creates (v1), bob edits the title (v2), alice moves it and sets a location (v3).
struct HistoryFixture : StoreFixture {
  Event event = make_event(alice, "Standup");
  HistoryFixture() {
    store.sharing().share(alice, event.id, {.username = "bob"}, Permission::write);
    store.sharing().share(alice, event.id, {.username = "carol"}, Permission::read);
    clock.advance(60);
    store.events().update(bob, event.id, {.title = "Daily standup"});
    clock.advance(60);
    store.events().update(alice, event.id,
                          {.location = "Room 1",
                           .start = at("2026-05-01T10:00:00Z"),
                           .end = at("2026-05-01T10:15:00Z")});
  }
};

std::vector<std::string> fields(const Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.field);
  return out;
}

}  // namespace

TEST_SUITE("history") {
  TEST_CASE_FIXTURE(HistoryFixture,
                    "version n is the state after change n, credited to whoever made it") {
    auto versions = store.history().list(carol, event.id);
    REQUIRE(versions.size() == 3);
    CHECK(versions[0].number == 1);
    CHECK(versions[0].title == "Standup");
    CHECK(versions[0].updated_by_username == "alice");
    CHECK(versions[0].change == ChangeKind::create);
    CHECK(versions[1].title == "Daily standup");
    CHECK(versions[1].updated_by == bob.user_id);
    CHECK(versions[1].updated_by_username == "bob");
    CHECK(versions[1].change == ChangeKind::update);
    CHECK_FALSE(versions[1].location.has_value());
    CHECK(versions[2].title == "Daily standup");
    CHECK(versions[2].location == "Room 1");
    CHECK(versions[2].updated_by_username == "alice");
    CHECK(versions[2].updated_at == clock.now());
    CHECK(format_rfc3339(versions[2].start) == "2026-05-01T10:00:00Z");
    auto v2 = store.history().get(carol, event.id, 2);
    CHECK(v2.title == "Daily standup");
    CHECK_ERRC(store.history().get(carol, event.id, 4), Errc::not_found);
    CHECK_ERRC(store.history().get(carol, event.id, 0), Errc::not_found);
    CHECK_ERRC(store.history().get(carol, event.id, -1), Errc::not_found);
  }

  TEST_CASE_FIXTURE(HistoryFixture, "diff works for any pair, in either order") {
    auto d12 = store.history().diff(carol, event.id, 1, 2);
    CHECK(d12.from == 1);
    CHECK(d12.to == 2);
    REQUIRE(d12.changes.size() == 1);
    CHECK(d12.changes[0].field == "title");
    CHECK(d12.changes[0].old_value == "Standup");
    CHECK(d12.changes[0].new_value == "Daily standup");

    auto d31 = store.history().diff(carol, event.id, 3, 1);
    CHECK(fields(d31) == std::vector<std::string>{"title", "location", "start_time", "end_time"});
    CHECK(d31.changes[0].old_value == "Daily standup");
    CHECK(d31.changes[0].new_value == "Standup");
    CHECK(d31.changes[1].old_value == "Room 1");
    CHECK_FALSE(d31.changes[1].new_value.has_value());
    CHECK(d31.changes[2].old_value == "2026-05-01T10:00:00Z");
    CHECK(d31.changes[2].new_value == "2026-05-01T09:00:00Z");

    CHECK(store.history().diff(carol, event.id, 2, 2).changes.empty());
    CHECK_ERRC(store.history().diff(carol, event.id, 1, 9), Errc::not_found);
  }

  TEST_CASE_FIXTURE(HistoryFixture, "the changelog names the fields each version changed") {
    auto log = store.history().changelog(carol, event.id);
    REQUIRE(log.size() == 3);
    CHECK(log[0].fields == std::vector<std::string>{"title", "start_time", "end_time"});
    CHECK(log[1].fields == std::vector<std::string>{"title"});
    CHECK(log[1].updated_by_username == "bob");
    CHECK(log[2].fields == std::vector<std::string>{"location", "start_time", "end_time"});
    CHECK(log[2].change == ChangeKind::update);
  }

  TEST_CASE_FIXTURE(HistoryFixture, "rollback writes a new version equal to the target") {
    clock.advance(60);
    auto rolled = store.history().rollback(bob, event.id, 1);
    CHECK(rolled.version == 4);
    CHECK(rolled.title == "Standup");
    CHECK_FALSE(rolled.location.has_value());
    CHECK(rolled.permission == Permission::write);
    auto v4 = store.history().get(alice, event.id, 4);
    CHECK(v4.change == ChangeKind::rollback);
    CHECK(v4.updated_by_username == "bob");
    CHECK(store.history().diff(alice, event.id, 1, 4).changes.empty());
    CHECK(store.history().changelog(alice, event.id)[3].fields ==
          std::vector<std::string>{"title", "location", "start_time", "end_time"});
    // History is never rewritten.
    CHECK(store.history().get(alice, event.id, 2).title == "Daily standup");
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(HistoryFixture, "rolling back to the current content writes nothing") {
    auto same = store.history().rollback(alice, event.id, 3);
    CHECK(same.version == 3);
    CHECK(store.history().list(alice, event.id).size() == 3);
    store.history().rollback(alice, event.id, 1);
    auto again = store.history().rollback(alice, event.id, 1);
    CHECK(again.version == 4);
  }

  TEST_CASE_FIXTURE(HistoryFixture, "an update after a rollback continues the numbering") {
    store.history().rollback(alice, event.id, 2);
    auto e = store.events().update(bob, event.id, {.description = "notes"}, 4);
    CHECK(e.version == 5);
    auto versions = store.history().list(alice, event.id);
    CHECK(versions.size() == 5);
    CHECK(versions[4].description == "notes");
    CHECK(versions[4].title == "Daily standup");
  }

  TEST_CASE_FIXTURE(HistoryFixture,
                    "a rollback decided on a stale version is a conflict and writes nothing") {
    CHECK_ERRC(store.history().rollback(bob, event.id, 1, 2), Errc::conflict);
    CHECK_ERRC(store.history().rollback(bob, event.id, 1, 0), Errc::invalid_argument);
    CHECK(store.events().get(alice, event.id).version == 3);
    CHECK(store.history().rollback(bob, event.id, 1, 3).version == 4);
  }
}
