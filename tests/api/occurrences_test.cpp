// SPDX-License-Identifier: MIT
// Occurrences, free/busy, conflicts, changing and cancelling one occurrence, windows of the
// list and the overlap policy, through the public API.
#include <algorithm>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

Timestamp day(int y, unsigned m, unsigned d) {
  return to_timestamp(CivilDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
}

TimeWindow window(const char* from, const char* to) { return {at(from), at(to)}; }

std::vector<std::string> starts(const std::vector<Occurrence>& os) {
  std::vector<std::string> out;
  for (const auto& o : os)
    out.push_back(o.all_day ? format_date(civil_date(o.start)) : format_rfc3339(o.start));
  return out;
}

// 09:00-09:30 Berlin every Monday from 2026-03-02 (CET), across the switch to CEST on
// 2026-03-29.
struct SeriesFixture : StoreFixture {
  Event series = store.events().create(alice, {.title = "Standup",
                                               .start = at("2026-03-02T08:00:00Z"),
                                               .end = at("2026-03-02T08:30:00Z"),
                                               .timezone = "Europe/Berlin",
                                               .rrule = "FREQ=WEEKLY"});
};

}  // namespace

TEST_SUITE("occurrences") {
  TEST_CASE_FIXTURE(SeriesFixture, "a weekly series keeps its wall time across DST") {
    const auto os =
        store.events().occurrences(alice, window("2026-03-16T00:00:00Z", "2026-04-07T00:00:00Z"));
    CHECK(starts(os) == std::vector<std::string>{"2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z",
                                                 "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"});
    for (const auto& o : os) {
      CHECK(o.event_id == series.id);
      CHECK(o.recurrence_id == o.start);
      CHECK(o.end - o.start == std::chrono::minutes{30});
      CHECK(o.timezone == "Europe/Berlin");
      CHECK(o.permission == Permission::owner);
      CHECK(o.version == 1);
      CHECK_FALSE(o.overridden);
    }
  }

  TEST_CASE_FIXTURE(SeriesFixture, "a single event is one occurrence without a recurrence id") {
    const Event single = make_event(alice);
    const auto os =
        store.events().occurrences(alice, window("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"));
    REQUIRE(os.size() == 1);
    CHECK(os[0].event_id == single.id);
    CHECK_FALSE(os[0].recurrence_id.has_value());
  }

  TEST_CASE_FIXTURE(SeriesFixture, "exdates leave occurrences out, rdates add them") {
    store.events().update(alice, series.id,
                          {.exdates = std::vector<Timestamp>{at("2026-03-09T08:00:00Z")},
                           .rdates = std::vector<Timestamp>{at("2026-03-11T15:00:00Z")}});
    const auto os =
        store.events().occurrences(alice, window("2026-03-02T00:00:00Z", "2026-03-17T00:00:00Z"));
    CHECK(starts(os) == std::vector<std::string>{"2026-03-02T08:00:00Z", "2026-03-11T15:00:00Z",
                                                 "2026-03-16T08:00:00Z"});
    CHECK(os[1].end - os[1].start == std::chrono::minutes{30});
  }

  TEST_CASE_FIXTURE(SeriesFixture, "a changed occurrence moves, keeps its id, and is versioned") {
    const Timestamp rid = at("2026-03-09T08:00:00Z");
    const Occurrence moved = store.events().change_occurrence(
        alice, series.id, rid,
        OccurrenceUpdate{.patch = {.title = "Standup (moved)",
                                   .start = at("2026-03-10T12:00:00Z"),
                                   .end = at("2026-03-10T12:30:00Z")}});
    CHECK(moved.overridden);
    CHECK(moved.recurrence_id == rid);
    CHECK(moved.title == "Standup (moved)");
    CHECK(moved.version == 2);
    const auto os =
        store.events().occurrences(alice, window("2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z"));
    REQUIRE(os.size() == 1);
    CHECK(os[0].start == at("2026-03-10T12:00:00Z"));
    CHECK(os[0].overridden);
    const auto versions = store.history().list(alice, series.id);
    REQUIRE(versions.size() == 2);
    CHECK(versions[1].change == ChangeKind::occurrence);
    REQUIRE(versions[1].overrides.size() == 1);
    CHECK(versions[1].overrides[0].recurrence_id == rid);
    // The same change again writes nothing.
    store.events().change_occurrence(alice, series.id, rid,
                                     OccurrenceUpdate{.patch = {.title = "Standup (moved)"}});
    CHECK(store.events().get(alice, series.id).version == 2);
    // Cancelling drops the override and adds an exdate.
    store.events().cancel_occurrence(alice, series.id, rid);
    const Event after = store.events().get(alice, series.id);
    CHECK(after.version == 3);
    CHECK(after.overrides.empty());
    CHECK(after.exdates == std::vector<Timestamp>{rid});
    CHECK(store.events()
              .occurrences(alice, window("2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z"))
              .empty());
    CHECK(store.history().diff(alice, series.id, 2, 3).changes.size() == 2);
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(SeriesFixture, "an id that is not an occurrence is not found, unchanged") {
    const std::string url = test_database_url(dir, "test.db");
    const std::string before = database_fingerprint(url);
    CHECK_ERRC(store.events().change_occurrence(alice, series.id, at("2026-03-10T08:00:00Z"),
                                                OccurrenceUpdate{.patch = {.title = "x"}}),
               Errc::not_found);
    CHECK_ERRC(store.events().cancel_occurrence(alice, series.id, at("2026-03-09T08:00:01Z")),
               Errc::not_found);
    const Event single = make_event(alice);
    const std::string with_single = database_fingerprint(url);
    CHECK_ERRC(store.events().cancel_occurrence(alice, single.id, single.start), Errc::not_found);
    CHECK(database_fingerprint(url) == with_single);
    CHECK(before != with_single);
  }

  TEST_CASE_FIXTURE(SeriesFixture, "who may change or cancel an occurrence") {
    store.sharing().share(alice, series.id, {.username = "bob"}, Permission::write);
    store.sharing().share(alice, series.id, {.username = "carol"}, Permission::read);
    const Principal dave = make_user("dave");
    const Timestamp rid = at("2026-03-16T08:00:00Z");
    const OccurrenceUpdate u{.patch = {.title = "Retro"}};
    CHECK_ERRC(store.events().change_occurrence(dave, series.id, rid, u), Errc::not_found);
    CHECK_ERRC(store.events().change_occurrence(carol, series.id, rid, u), Errc::forbidden);
    CHECK_ERRC(store.events().cancel_occurrence(dave, series.id, rid), Errc::not_found);
    CHECK_ERRC(store.events().cancel_occurrence(carol, series.id, rid), Errc::forbidden);
    CHECK(store.events().change_occurrence(bob, series.id, rid, u).title == "Retro");
    // A stranger sees nothing of it; a reader sees the occurrences with their permission.
    const TimeWindow w = window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
    CHECK(store.events().occurrences(dave, w).empty());
    CHECK(store.events().conflicts(dave, w).empty());
    const auto seen = store.events().occurrences(carol, w);
    CHECK(seen.size() == 5);
    CHECK(seen[0].permission == Permission::read);
  }

  TEST_CASE_FIXTURE(SeriesFixture,
                    "cancelling through a decoder that sees the event checks access first and "
                    "writes nothing when the decoder refuses") {
    store.sharing().share(alice, series.id, {.username = "carol"}, Permission::read);
    const Principal dave = make_user("dave");
    const Timestamp rid = at("2026-03-16T08:00:00Z");
    const std::string url = test_database_url(dir, "test.db");
    const std::string before = database_fingerprint(url);
    int calls = 0;
    std::optional<bool> seen_all_day;
    auto refuse = [&](const Event& e) -> std::optional<std::int64_t> {
      ++calls;
      seen_all_day = e.all_day;
      throw Error(Errc::invalid_argument, "wrong form");
    };
    CHECK_ERRC(store.events().cancel_occurrence(dave, series.id, rid, refuse), Errc::not_found);
    CHECK_ERRC(store.events().cancel_occurrence(carol, series.id, rid, refuse), Errc::forbidden);
    CHECK(calls == 0);
    CHECK_ERRC(store.events().cancel_occurrence(alice, series.id, rid, refuse),
               Errc::invalid_argument);
    CHECK(calls == 1);
    CHECK(seen_all_day == false);
    CHECK(database_fingerprint(url) == before);

    store.events().cancel_occurrence(
        alice, series.id, rid,
        [](const Event& e) -> std::optional<std::int64_t> { return e.version; });
    const Event after = store.events().get(alice, series.id);
    CHECK(after.version == 2);
    CHECK(after.exdates == std::vector<Timestamp>{rid});
  }

  TEST_CASE_FIXTURE(SeriesFixture, "stale expected versions are conflicts") {
    const Timestamp rid = at("2026-03-16T08:00:00Z");
    CHECK_ERRC(store.events().change_occurrence(
                   alice, series.id, rid,
                   OccurrenceUpdate{.patch = {.title = "x"}, .expected_version = 7}),
               Errc::conflict);
    CHECK_ERRC(store.events().cancel_occurrence(alice, series.id, rid, std::int64_t{7}),
               Errc::conflict);
    store.events().cancel_occurrence(alice, series.id, rid, std::int64_t{1});
    CHECK(store.events().get(alice, series.id).version == 2);
  }

  TEST_CASE_FIXTURE(SeriesFixture, "windows are checked") {
    CHECK_ERRC(
        store.events().occurrences(alice, window("2026-03-02T00:00:00Z", "2027-03-04T00:00:00Z")),
        Errc::invalid_argument);
    CHECK_ERRC(
        store.events().occurrences(alice, window("2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z")),
        Errc::invalid_argument);
    CHECK_ERRC(
        store.events().occurrences(alice, window("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z")),
        Errc::invalid_argument);
    CHECK_ERRC(store.events().occurrences(
                   alice, window("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"), {.limit = 0}),
               Errc::invalid_argument);
    CHECK_ERRC(
        store.events().free_busy(alice, {}, window("2026-03-02T00:00:00Z", "2027-03-04T00:00:00Z")),
        Errc::invalid_argument);
    CHECK(store.events()
              .occurrences(alice, window("2026-03-02T00:00:00Z", "2027-03-03T00:00:00Z"))
              .size() == 53);
  }

  TEST_CASE_FIXTURE(SeriesFixture, "limit and search cut the occurrences") {
    make_event(alice, "Lunch");
    const TimeWindow w = window("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z");
    CHECK(store.events().occurrences(alice, w, {.limit = 3}).size() == 3);
    const auto lunch = store.events().occurrences(alice, w, {.q = "LUNCH"});
    REQUIRE(lunch.size() == 1);
    CHECK(lunch[0].title == "Lunch");
  }

  TEST_CASE_FIXTURE(SeriesFixture,
                    "search matches each occurrence's own fields: a retitled occurrence is found "
                    "by its new title and not by the series' one") {
    make_event(alice, "Lunch");
    store.sharing().share(alice, series.id, {.username = "carol"}, Permission::read);
    const TimeWindow march = window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
    const Timestamp retro = at("2026-03-16T08:00:00Z");
    const Timestamp moved = at("2026-03-23T08:00:00Z");
    store.events().change_occurrence(alice, series.id, retro,
                                     OccurrenceUpdate{.patch = {.title = "Quarterly Retro"}});
    store.events().change_occurrence(alice, series.id, moved,
                                     OccurrenceUpdate{.patch = {.location = "Zürich Office"}});
    for (const Principal* who : {&alice, &carol}) {
      const auto found = store.events().occurrences(*who, march, {.q = "rETRO"});
      REQUIRE(found.size() == 1);
      CHECK(found[0].recurrence_id == retro);
      CHECK(found[0].title == "Quarterly Retro");
      CHECK(starts(store.events().occurrences(*who, march, {.q = "STANDUP"})) ==
            std::vector<std::string>{"2026-03-02T08:00:00Z", "2026-03-09T08:00:00Z",
                                     "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"});
    }
    // Case folding beyond ASCII, on an override's location.
    const auto zurich = store.events().occurrences(alice, march, {.q = "zÜRICH"});
    REQUIRE(zurich.size() == 1);
    CHECK(zurich[0].recurrence_id == moved);
    CHECK(store.events().occurrences(alice, march, {.q = "Quarterly Lunch"}).empty());
    const auto lunch = store.events().occurrences(
        alice, window("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"), {.q = "lunch"});
    REQUIRE(lunch.size() == 1);
    CHECK(lunch[0].title == "Lunch");
  }

  TEST_CASE_FIXTURE(StoreFixture, "an all-day series stays whole local days across DST") {
    const Event e = store.events().create(alice, {.title = "Gym",
                                                  .start = day(2026, 3, 27),
                                                  .end = day(2026, 3, 28),
                                                  .timezone = "Europe/Berlin",
                                                  .all_day = true,
                                                  .rrule = "FREQ=DAILY;COUNT=4"});
    const auto os =
        store.events().occurrences(alice, window("2026-03-20T00:00:00Z", "2026-04-05T00:00:00Z"));
    CHECK(starts(os) ==
          std::vector<std::string>{"2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"});
    for (const auto& o : os) CHECK(o.end - o.start == std::chrono::days{1});
    // Busy time is the real local days: the 29th lasts 23 hours (clocks go forward), and the
    // busy days touch, so they merge into one interval.
    const FreeBusy fb =
        store.events().free_busy(alice, {}, window("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"));
    REQUIRE(fb.users.size() == 1);
    REQUIRE(fb.users[0].busy.size() == 1);
    CHECK(fb.users[0].busy[0].start == at("2026-03-29T00:00:00Z"));
    CHECK(fb.users[0].busy[0].end == at("2026-03-30T00:00:00Z"));
    const FreeBusy whole =
        store.events().free_busy(alice, {}, window("2026-03-26T00:00:00Z", "2026-04-01T00:00:00Z"));
    REQUIRE(whole.users[0].busy.size() == 1);
    CHECK(whole.users[0].busy[0].start == at("2026-03-26T23:00:00Z"));  // 27th, 00:00 CET
    CHECK(whole.users[0].busy[0].end == at("2026-03-30T22:00:00Z"));    // 31st, 00:00 CEST
    (void)e;
  }

  TEST_CASE_FIXTURE(StoreFixture, "free/busy merges, clips, and shows times, never titles") {
    make_event(alice, "Secret 1");  // 09:00-09:15 on 2026-05-01
    store.events().create(alice, {.title = "Secret 2",
                                  .start = at("2026-05-01T09:10:00Z"),
                                  .end = at("2026-05-01T10:00:00Z")});
    store.events().create(
        alice,
        {.title = "Late", .start = at("2026-05-01T23:00:00Z"), .end = at("2026-05-02T01:00:00Z")});
    const std::vector<std::string> users{"alice", "BOB"};
    const FreeBusy fb = store.events().free_busy(
        carol, users, window("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"));
    REQUIRE(fb.users.size() == 2);
    CHECK(fb.users[0].username == "alice");
    CHECK(fb.users[0].busy ==
          std::vector<BusyInterval>{{at("2026-05-01T09:00:00Z"), at("2026-05-01T10:00:00Z")},
                                    {at("2026-05-01T23:00:00Z"), at("2026-05-02T00:00:00Z")}});
    CHECK(fb.users[1].username == "bob");
    CHECK(fb.users[1].busy.empty());
    const std::vector<std::string> ghost{"nobody"};
    CHECK_ERRC(store.events().free_busy(carol, ghost,
                                        window("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z")),
               Errc::not_found);
    // Default: the caller.
    CHECK(store.events()
              .free_busy(alice, {}, window("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"))
              .users[0]
              .busy.size() == 2);
  }

  TEST_CASE_FIXTURE(SeriesFixture, "conflicts pair overlapping occurrences; touching ends do not") {
    const Event clash = store.events().create(alice, {.title = "Dentist",
                                                      .start = at("2026-03-16T08:15:00Z"),
                                                      .end = at("2026-03-16T09:00:00Z")});
    store.events().create(alice, {.title = "Right after",
                                  .start = at("2026-03-23T08:30:00Z"),
                                  .end = at("2026-03-23T09:00:00Z")});
    const auto cs =
        store.events().conflicts(alice, window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"));
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].a.event_id == series.id);
    CHECK(cs[0].a.recurrence_id == at("2026-03-16T08:00:00Z"));
    CHECK(cs[0].b.event_id == clash.id);
  }

  TEST_CASE_FIXTURE(SeriesFixture, "moved and cancelled occurrences count where they are now") {
    // 03-16 moves to 15:00Z (it clashes there with a meeting), 03-23 is cancelled.
    store.events().change_occurrence(
        alice, series.id, at("2026-03-16T08:00:00Z"),
        OccurrenceUpdate{
            .patch = {.start = at("2026-03-16T15:00:00Z"), .end = at("2026-03-16T15:30:00Z")}});
    store.events().cancel_occurrence(alice, series.id, at("2026-03-23T08:00:00Z"));
    const Event meeting = store.events().create(alice, {.title = "Meeting",
                                                        .start = at("2026-03-16T15:15:00Z"),
                                                        .end = at("2026-03-16T16:00:00Z")});
    const TimeWindow w = window("2026-03-16T00:00:00Z", "2026-03-24T00:00:00Z");
    const FreeBusy fb = store.events().free_busy(alice, {}, w);
    CHECK(fb.users[0].busy ==
          std::vector<BusyInterval>{{at("2026-03-16T15:00:00Z"), at("2026-03-16T16:00:00Z")}});
    const auto cs = store.events().conflicts(alice, w);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].a.event_id == series.id);
    CHECK(cs[0].a.overridden);
    CHECK(cs[0].a.recurrence_id == at("2026-03-16T08:00:00Z"));
    CHECK(cs[0].b.event_id == meeting.id);
    // A moved occurrence is found by its new time, not its old one.
    CHECK(store.events()
              .list(alice, {.from = at("2026-03-16T08:00:00Z"), .to = at("2026-03-16T08:30:00Z")})
              .empty());
  }

  TEST_CASE_FIXTURE(SeriesFixture, "conflicts=reject refuses an overlap and writes nothing") {
    const std::string url = test_database_url(dir, "test.db");
    const std::string before = database_fingerprint(url);
    const EventDraft clash{.title = "Dentist",
                           .start = at("2026-06-01T07:15:00Z"),  // a Monday, 09:15 CEST
                           .end = at("2026-06-01T08:00:00Z")};
    try {
      store.events().create(alice, clash, OverlapPolicy::reject);
      FAIL_CHECK("an overlap was accepted");
    } catch (const OverlapError& e) {
      CHECK(e.code() == Errc::conflict);
      CHECK(std::string(e.what()) == "the event overlaps 1 occurrence of other events");
      REQUIRE(e.overlapped().size() == 1);
      CHECK(e.overlapped()[0].event_id == series.id);
      CHECK(e.overlapped()[0].start == at("2026-06-01T07:00:00Z"));
    }
    CHECK(database_fingerprint(url) == before);
    const Event ok = store.events().create(alice, clash);  // allowed by default
    CHECK_ERRC(store.events().update(alice, ok.id, {.title = "Dentist!"}, std::nullopt,
                                     OverlapPolicy::reject),
               Errc::conflict);
    store.events().update(alice, ok.id,
                          {.start = at("2026-06-01T08:30:00Z"), .end = at("2026-06-01T09:00:00Z")},
                          std::nullopt, OverlapPolicy::reject);
    // A stranger's events never count.
    store.events().create(bob, clash, OverlapPolicy::reject);
  }

  TEST_CASE_FIXTURE(SeriesFixture,
                    "a windowed list returns a series only when an occurrence overlaps") {
    const Event single = make_event(alice);
    auto ids = [&](const char* from, const char* to) {
      std::vector<EventId> out;
      for (const auto& e : store.events().list(alice, {.from = at(from), .to = at(to)})) {
        out.push_back(e.id);
      }
      return out;
    };
    CHECK(ids("2026-05-04T07:00:00Z", "2026-05-04T08:00:00Z") == std::vector<EventId>{series.id});
    CHECK(ids("2026-05-05T00:00:00Z", "2026-05-06T00:00:00Z").empty());  // a Tuesday
    CHECK(ids("2026-04-27T00:00:00Z", "2026-05-02T00:00:00Z") ==
          std::vector<EventId>{series.id, single.id});
    CHECK(ids("2126-05-03T00:00:00Z", "2126-05-10T00:00:00Z") == std::vector<EventId>{series.id});
    CHECK(ids("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z").empty());
  }

  TEST_CASE_FIXTURE(StoreFixture, "a window a century after a series' start is answered") {
    const Event daily = store.events().create(alice, {.title = "Pills",
                                                      .start = at("2026-01-01T07:00:00Z"),
                                                      .end = at("2026-01-01T07:05:00Z"),
                                                      .timezone = "America/New_York",
                                                      .rrule = "FREQ=DAILY"});
    const auto os =
        store.events().occurrences(alice, window("2126-07-01T00:00:00Z", "2126-07-08T00:00:00Z"));
    REQUIRE(os.size() == 7);
    CHECK(os[0].event_id == daily.id);
    CHECK(format_rfc3339(os[0].start) == "2126-07-01T06:00:00Z");  // 02:00 EDT
  }
  TEST_CASE_FIXTURE(SeriesFixture,
                    "a sharer sees the series' changed and cancelled occurrences as they are "
                    "written") {
    store.sharing().share(alice, series.id, {.username = "bob"}, Permission::read);
    const auto week = window("2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z");
    const Timestamp rid = at("2026-03-09T08:00:00Z");
    store.events().change_occurrence(alice, series.id, rid,
                                     OccurrenceUpdate{.patch = {.title = "Standup (moved)"}});
    auto os = store.events().occurrences(bob, week);
    REQUIRE(os.size() == 1);
    CHECK(os[0].title == "Standup (moved)");
    CHECK(os[0].permission == Permission::read);
    CHECK(os[0].version == 2);
    // A search finds it by its own title, for the sharer too.
    CHECK(store.events().occurrences(bob, week, {.q = "MOVED"}).size() == 1);
    store.sharing().set_permission(alice, series.id, bob.user_id, Permission::write);
    store.events().cancel_occurrence(alice, series.id, rid);
    CHECK(store.events().occurrences(bob, week).empty());
    // Listed with a window, a series needs an occurrence in it: this week has none left.
    CHECK(store.events().list(bob, {.from = week.from, .to = week.to}).empty());
    const auto listed = store.events().list(bob, {});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].permission == Permission::write);
    CHECK(listed[0].exdates == std::vector<Timestamp>{rid});
    CHECK(listed[0].overrides.empty());
    CHECK(store.check().ok());
    store.sharing().revoke(alice, series.id, bob.user_id);
    CHECK(store.events().list(bob, {}).empty());
    CHECK(store.check().ok());
  }
}
