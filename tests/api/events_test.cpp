// SPDX-License-Identifier: MIT
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

EventDraft draft(std::string title, const char* start, const char* end) {
  return {.title = std::move(title), .start = at(start), .end = at(end)};
}

std::vector<std::string> titles(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.title);
  return out;
}

}  // namespace

TEST_SUITE("events") {
  TEST_CASE_FIXTURE(StoreFixture, "create stores every field and makes the creator the owner") {
    auto e = store.events().create(alice, {.title = "Planning",
                                           .description = "Quarterly",
                                           .location = "Room 4",
                                           .start = at("2026-05-01T09:00:00+02:00"),
                                           .end = at("2026-05-01T10:00:00+02:00")});
    CHECK(e.id > 0);
    CHECK(e.version == 1);
    CHECK(e.owner_id == alice.user_id);
    CHECK(e.permission == Permission::owner);
    CHECK(format_rfc3339(e.start) == "2026-05-01T07:00:00Z");
    CHECK(e.created_at == clock.now());
    auto got = store.events().get(alice, e.id);
    CHECK(got.title == "Planning");
    CHECK(got.description == "Quarterly");
    CHECK(got.location == "Room 4");
    CHECK(got.end == e.end);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "invalid events are refused naming the field and nothing is written") {
    const auto s = at("2026-05-01T09:00:00Z");
    const auto e = at("2026-05-01T10:00:00Z");
    struct Case {
      const char* name;
      EventDraft d;
      const char* mentions;
    };
    std::vector<Case> cases = {
        {"empty title", {.title = "", .start = s, .end = e}, "title"},
        {"blank title", {.title = "   ", .start = s, .end = e}, "title"},
        {"long title", {.title = std::string(201, 'x'), .start = s, .end = e}, "title"},
        {"invalid UTF-8", {.title = "bad \xff\xfe", .start = s, .end = e}, "UTF-8"},
        {"NUL", {.title = std::string("a\0b", 3), .start = s, .end = e}, "NUL"},
        {"long description",
         {.title = "t", .description = std::string(10'001, 'd'), .start = s, .end = e},
         "description"},
        {"long location",
         {.title = "t", .location = std::string(501, 'l'), .start = s, .end = e},
         "location"},
        {"end before start", {.title = "t", .start = e, .end = s}, "end_time"},
        {"end equals start", {.title = "t", .start = s, .end = s}, "end_time"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      try {
        store.events().create(alice, c.d);
        FAIL_CHECK("accepted");
      } catch (const Error& err) {
        CHECK(err.code() == Errc::invalid_argument);
        CHECK(std::string(err.what()).find(c.mentions) != std::string::npos);
      }
    }
    CHECK(store.events().list(alice).empty());
  }

  TEST_CASE_FIXTURE(StoreFixture, "lengths are counted in code points, not bytes") {
    std::string title;
    for (int i = 0; i < 200; ++i) title += "é";  // 400 bytes
    CHECK_NOTHROW(store.events().create(
        alice,
        {.title = title, .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T10:00:00Z")}));
    CHECK_ERRC(store.events().create(alice, {.title = title + "é",
                                             .start = at("2026-05-01T09:00:00Z"),
                                             .end = at("2026-05-01T10:00:00Z")}),
               Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a patch leaves, sets or clears each field") {
    auto e = store.events().create(alice, {.title = "Planning",
                                           .description = "Quarterly",
                                           .location = "Room 4",
                                           .start = at("2026-05-01T09:00:00Z"),
                                           .end = at("2026-05-01T10:00:00Z")});
    auto u = store.events().update(alice, e.id, {.description = clear, .location = "Room 5"});
    CHECK(u.version == 2);
    CHECK(u.title == "Planning");
    CHECK_FALSE(u.description.has_value());
    CHECK(u.location == "Room 5");
    CHECK(u.updated_at == clock.now());
    u = store.events().update(alice, e.id, {.end = at("2026-05-01T11:00:00Z")});
    CHECK(format_rfc3339(u.end) == "2026-05-01T11:00:00Z");
    CHECK(u.version == 3);
    CHECK_ERRC(store.events().update(alice, e.id, {.start = at("2026-05-01T12:00:00Z")}),
               Errc::invalid_argument);
    CHECK_ERRC(store.events().update(alice, e.id, {.title = ""}), Errc::invalid_argument);
    CHECK(store.events().get(alice, e.id).version == 3);
  }

  TEST_CASE_FIXTURE(StoreFixture, "an update that changes nothing writes no version") {
    auto e = make_event(alice);
    clock.advance(60);
    auto same = store.events().update(alice, e.id, {.title = e.title, .location = clear});
    CHECK(same.version == 1);
    CHECK(same.updated_at == e.updated_at);
    CHECK(store.history().list(alice, e.id).size() == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a stale expected version is a conflict and changes nothing") {
    auto e = make_event(alice);
    store.events().update(alice, e.id, {.title = "v2"}, 1);
    CHECK_ERRC(store.events().update(alice, e.id, {.title = "v3"}, 1), Errc::conflict);
    CHECK_ERRC(store.events().update(alice, e.id, {.title = "v3"}, 7), Errc::conflict);
    auto now = store.events().get(alice, e.id);
    CHECK(now.title == "v2");
    CHECK(now.version == 2);
    CHECK(store.events().update(alice, e.id, {.title = "v3"}, 2).version == 3);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a batch creates all events in order or none") {
    std::vector<EventDraft> drafts = {draft("one", "2026-05-01T09:00:00Z", "2026-05-01T10:00:00Z"),
                                      draft("two", "2026-05-02T09:00:00Z", "2026-05-02T10:00:00Z")};
    auto created = store.events().create_batch(alice, drafts);
    REQUIRE(created.size() == 2);
    CHECK(created[0].title == "one");
    CHECK(created[1].id > created[0].id);
    CHECK(store.history().list(alice, created[1].id).size() == 1);

    drafts.push_back(draft("", "2026-05-03T09:00:00Z", "2026-05-03T10:00:00Z"));
    try {
      store.events().create_batch(alice, drafts);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
      CHECK(e.item_index() == 2u);
    }
    CHECK(store.events().list(alice).size() == 2);
    CHECK_ERRC(store.events().create_batch(alice, {}), Errc::invalid_argument);
    std::vector<EventDraft> too_many(1001, drafts[0]);
    CHECK_ERRC(store.events().create_batch(alice, too_many), Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(
      StoreFixture,
      "list shows owned and shared events by start then id with the caller's permission") {
    auto late =
        store.events().create(alice, draft("late", "2026-05-03T09:00:00Z", "2026-05-03T10:00:00Z"));
    auto early =
        store.events().create(bob, draft("early", "2026-05-01T09:00:00Z", "2026-05-01T10:00:00Z"));
    auto tie_a = store.events().create(
        alice, draft("tie-a", "2026-05-02T09:00:00Z", "2026-05-02T10:00:00Z"));
    auto tie_b = store.events().create(
        carol, draft("tie-b", "2026-05-02T09:00:00Z", "2026-05-02T09:30:00Z"));
    store.events().create(carol, draft("hidden", "2026-05-01T00:00:00Z", "2026-05-01T01:00:00Z"));
    store.sharing().share(bob, early.id, {.username = "alice"}, Permission::read);
    store.sharing().share(carol, tie_b.id, {.id = alice.user_id}, Permission::write);

    auto list = store.events().list(alice);
    CHECK(titles(list) == std::vector<std::string>{"early", "tie-a", "tie-b", "late"});
    CHECK(list[0].permission == Permission::read);
    CHECK(list[1].permission == Permission::owner);
    CHECK(list[2].permission == Permission::write);
    CHECK(tie_a.id < tie_b.id);
    (void)late;

    CHECK(titles(store.events().list(alice, {.skip = 1, .limit = 2})) ==
          std::vector<std::string>{"tie-a", "tie-b"});
    CHECK(store.events().list(alice, {.skip = 10}).empty());
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "list keeps events that overlap the window from..to, end exclusive") {
    store.events().create(alice, draft("before", "2026-05-01T08:00:00Z", "2026-05-01T09:00:00Z"));
    store.events().create(alice,
                          draft("overlaps start", "2026-05-01T08:30:00Z", "2026-05-01T09:30:00Z"));
    store.events().create(alice, draft("inside", "2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z"));
    store.events().create(alice, draft("at end", "2026-05-01T12:00:00Z", "2026-05-01T13:00:00Z"));
    const auto from = at("2026-05-01T09:00:00Z");
    const auto to = at("2026-05-01T12:00:00Z");
    CHECK(titles(store.events().list(alice, {.from = from, .to = to})) ==
          std::vector<std::string>{"overlaps start", "inside"});
    CHECK(titles(store.events().list(alice, {.from = from})).size() == 3);
    CHECK(titles(store.events().list(alice, {.to = from})) ==
          std::vector<std::string>{"before", "overlaps start"});
    CHECK_ERRC(store.events().list(alice, {.from = to, .to = from}), Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "search is a case-insensitive substring with % and _ taken literally") {
    store.events().create(alice, {.title = "Team LUNCH",
                                  .start = at("2026-05-01T12:00:00Z"),
                                  .end = at("2026-05-01T13:00:00Z")});
    store.events().create(alice, {.title = "Review",
                                  .description = "100% done",
                                  .start = at("2026-05-02T12:00:00Z"),
                                  .end = at("2026-05-02T13:00:00Z")});
    store.events().create(alice, {.title = "Sync",
                                  .location = "room_1",
                                  .start = at("2026-05-03T12:00:00Z"),
                                  .end = at("2026-05-03T13:00:00Z")});
    store.events().create(alice, {.title = "Other",
                                  .location = "room11",
                                  .start = at("2026-05-04T12:00:00Z"),
                                  .end = at("2026-05-04T13:00:00Z")});
    CHECK(titles(store.events().list(alice, {.q = "lunch"})) ==
          std::vector<std::string>{"Team LUNCH"});
    CHECK(titles(store.events().list(alice, {.q = "0%"})) == std::vector<std::string>{"Review"});
    CHECK(titles(store.events().list(alice, {.q = "%"})) == std::vector<std::string>{"Review"});
    CHECK(titles(store.events().list(alice, {.q = "m_1"})) == std::vector<std::string>{"Sync"});
    CHECK(titles(store.events().list(alice, {.q = "ROOM"})).size() == 2);
    CHECK(store.events().list(alice, {.q = "'; DROP TABLE events; --"}).empty());
    CHECK(store.events().list(alice).size() == 4);
  }

  TEST_CASE_FIXTURE(StoreFixture, "list parameters are validated") {
    CHECK_ERRC(store.events().list(alice, {.limit = 0}), Errc::invalid_argument);
    CHECK_ERRC(store.events().list(alice, {.limit = 1001}), Errc::invalid_argument);
    CHECK_ERRC(store.events().list(alice, {.limit = 1'000'000'000'000}), Errc::invalid_argument);
    CHECK_ERRC(store.events().list(alice, {.skip = -1}), Errc::invalid_argument);
    CHECK_NOTHROW(store.events().list(alice, {.limit = 1000}));
    CHECK_ERRC(store.events().list(alice, {.q = "bad \xff"}), Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "deleting an event removes it, its shares and its history everywhere") {
    auto e = make_event(alice);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::write);
    store.events().update(bob, e.id, {.title = "edited"});
    store.events().remove(alice, e.id);
    CHECK_ERRC(store.events().get(alice, e.id), Errc::not_found);
    CHECK_ERRC(store.events().get(bob, e.id), Errc::not_found);
    CHECK(store.events().list(bob).empty());
    CHECK_ERRC(store.history().list(alice, e.id), Errc::not_found);
    CHECK_ERRC(store.sharing().list(alice, e.id), Errc::not_found);
    CHECK_ERRC(store.events().remove(alice, e.id), Errc::not_found);
    RawDb raw(dir / "test.db");
    CHECK(raw.integer("SELECT count(*) FROM event_versions") == 0);
    CHECK(raw.integer("SELECT count(*) FROM shares") == 0);
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "times are stored as UTC seconds whatever the input offset") {
    auto e = store.events().create(alice, {.title = "tz",
                                           .start = at("2026-03-29T01:30:00.75+01:00"),
                                           .end = at("2026-03-29T03:30:00-00:00")});
    RawDb raw(dir / "test.db");
    CHECK(raw.integer("SELECT start_time FROM events WHERE id = " + std::to_string(e.id)) ==
          at("2026-03-29T00:30:00Z").time_since_epoch().count());
  }
}
