// SPDX-License-Identifier: MIT
// The calendar fields of an event through the public API: defaults, validation, uid, all-day
// dates, and their place in the history (versions, diff, changelog, rollback).
#include <algorithm>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

Timestamp day(int y, unsigned m, unsigned d) {
  return to_timestamp(CivilDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
}

EventDraft weekly_standup() {
  return {.title = "Standup",
          .start = at("2026-03-02T08:00:00Z"),  // Monday 09:00 in Berlin (CET)
          .end = at("2026-03-02T08:15:00Z"),
          .timezone = "Europe/Berlin",
          .rrule = "freq=weekly;byday=MO,WE"};
}

std::vector<std::string> changed(const Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.field);
  return out;
}

}  // namespace

TEST_SUITE("calendar model") {
  TEST_CASE_FIXTURE(StoreFixture, "a plain event is UTC, timed, without a rule, with a uid") {
    const Event e = make_event(alice);
    CHECK(e.timezone == "UTC");
    CHECK_FALSE(e.all_day);
    CHECK_FALSE(e.rrule.has_value());
    CHECK(e.exdates.empty());
    CHECK(e.rdates.empty());
    CHECK(e.overrides.empty());
    CHECK(e.uid.size() == 32 + std::string("@eventcollab").size());
    CHECK(e.uid.ends_with("@eventcollab"));
    CHECK(make_event(alice).uid != e.uid);
    const Event read = store.events().get(alice, e.id);
    CHECK(read.uid == e.uid);
    CHECK(read.timezone == "UTC");
  }

  TEST_CASE_FIXTURE(StoreFixture, "a series keeps its zone and its rule, upper-cased") {
    const Event e = store.events().create(alice, weekly_standup());
    CHECK(e.rrule == "FREQ=WEEKLY;BYDAY=MO,WE");
    const Event read = store.events().get(alice, e.id);
    CHECK(read.rrule == "FREQ=WEEKLY;BYDAY=MO,WE");
    CHECK(read.timezone == "Europe/Berlin");
  }

  TEST_CASE_FIXTURE(StoreFixture, "a given uid is kept, and unique per owner only") {
    EventDraft d = weekly_standup();
    d.uid = "standup-1@example.com";
    const Event e = store.events().create(alice, d);
    CHECK(e.uid == "standup-1@example.com");
    const std::string before = database_fingerprint(test_database_url(dir, "test.db"));
    CHECK_ERRC(store.events().create(alice, d), Errc::conflict);
    CHECK(database_fingerprint(test_database_url(dir, "test.db")) == before);
    CHECK(store.events().create(bob, d).uid == "standup-1@example.com");
    const Event other = make_event(alice, "Other");
    CHECK_ERRC(store.events().update(alice, other.id, {.uid = "standup-1@example.com"}),
               Errc::conflict);
    d.uid = "bad uid \x01";
    CHECK_ERRC(store.events().create(alice, d), Errc::invalid_argument);
    d.uid = std::string(256, 'u');
    CHECK_ERRC(store.events().create(alice, d), Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(StoreFixture, "bad calendar input is refused, naming what is wrong") {
    const std::string url = test_database_url(dir, "test.db");
    const Event existing = make_event(alice);
    const std::string before = database_fingerprint(url);
    auto refused = [&](EventDraft d, std::string_view part) {
      try {
        store.events().create(alice, d);
        FAIL_CHECK("accepted: " << part);
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK_MESSAGE(std::string_view(e.what()).find(part) != std::string_view::npos, e.what());
      }
    };
    EventDraft d = weekly_standup();
    d.timezone = "Mars/Olympus_Mons";
    refused(d, "Mars/Olympus_Mons");
    d = weekly_standup();
    d.rrule = "FREQ=HOURLY";
    refused(d, "FREQ");
    d.rrule = "FREQ=DAILY;BYHOUR=9";
    refused(d, "BYHOUR");
    d.rrule = "FREQ=DAILY;COUNT=3;UNTIL=20260401T000000Z";
    refused(d, "COUNT");
    d.rrule = "FREQ=DAILY;UNTIL=20260401";
    refused(d, "UNTIL");
    d.rrule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30";
    refused(d, "rrule");
    d.rrule = "FREQ=DAILY;FOO=1";
    refused(d, "FOO");
    d.rrule = "FREQ=DAILY;INTERVAL=0";
    refused(d, "INTERVAL");
    d = weekly_standup();
    d.all_day = true;  // times are not dates
    refused(d, "date");
    d = {.title = "Trip", .start = day(2026, 5, 1), .end = day(2026, 5, 1), .all_day = true};
    refused(d, "end_time");
    CHECK(database_fingerprint(url) == before);
    CHECK(store.events().get(alice, existing.id).version == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture, "all-day events hold dates, and changing all_day needs both") {
    const Event trip = store.events().create(
        alice,
        {.title = "Trip", .start = day(2026, 5, 1), .end = day(2026, 5, 4), .all_day = true});
    CHECK(trip.all_day);
    CHECK(civil_date(trip.start) == CivilDate{std::chrono::year{2026} / 5 / 1});
    CHECK_ERRC(store.events().update(alice, trip.id, {.all_day = false}), Errc::invalid_argument);
    CHECK_ERRC(store.events().update(alice, trip.id,
                                     {.start = at("2026-05-01T08:00:00Z"), .all_day = false}),
               Errc::invalid_argument);
    const Event timed = store.events().update(
        alice, trip.id,
        {.start = at("2026-05-01T08:00:00Z"), .end = at("2026-05-01T09:00:00Z"), .all_day = false});
    CHECK_FALSE(timed.all_day);
    CHECK(timed.version == 2);
  }

  TEST_CASE_FIXTURE(StoreFixture, "exdates and rdates come back sorted without repeats") {
    EventDraft d = weekly_standup();
    d.exdates = {at("2026-03-11T08:00:00Z"), at("2026-03-04T08:00:00Z"),
                 at("2026-03-11T08:00:00Z")};
    d.rdates = {at("2026-03-07T10:00:00Z")};
    const Event e = store.events().create(alice, d);
    REQUIRE(e.exdates.size() == 2);
    CHECK(e.exdates[0] == at("2026-03-04T08:00:00Z"));
    CHECK(e.exdates[1] == at("2026-03-11T08:00:00Z"));
    CHECK(store.events().get(alice, e.id).exdates == e.exdates);
    CHECK(store.events().get(alice, e.id).rdates == d.rdates);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "every calendar field is versioned: history, diff, changelog, rollback") {
    const Event e = store.events().create(alice, weekly_standup());
    clock.advance(60);
    store.events().update(alice, e.id,
                          {.timezone = "America/New_York",
                           .rrule = "FREQ=DAILY;COUNT=10",
                           .exdates = std::vector<Timestamp>{at("2026-03-03T08:00:00Z")}});
    const auto versions = store.history().list(alice, e.id);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].rrule == "FREQ=WEEKLY;BYDAY=MO,WE");
    CHECK(versions[0].timezone == "Europe/Berlin");
    CHECK(versions[1].rrule == "FREQ=DAILY;COUNT=10");
    CHECK(versions[1].uid == e.uid);
    const Diff d = store.history().diff(alice, e.id, 1, 2);
    CHECK(changed(d) == std::vector<std::string>{"timezone", "rrule", "exdates"});
    auto exdates = std::find_if(d.changes.begin(), d.changes.end(),
                                [](const auto& c) { return c.field == "exdates"; });
    CHECK(exdates->old_value == "");
    CHECK(exdates->new_value == "2026-03-03T08:00:00Z");
    const auto log = store.history().changelog(alice, e.id);
    REQUIRE(log.size() == 2);
    CHECK(log[0].fields ==
          std::vector<std::string>{"title", "start_time", "end_time", "timezone", "rrule"});
    CHECK(log[1].fields == std::vector<std::string>{"timezone", "rrule", "exdates"});
    const Event back = store.history().rollback(alice, e.id, 1);
    CHECK(back.version == 3);
    CHECK(back.rrule == "FREQ=WEEKLY;BYDAY=MO,WE");
    CHECK(back.timezone == "Europe/Berlin");
    CHECK(back.exdates.empty());
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "all-day times appear as dates in a diff") {
    const Event trip = store.events().create(
        alice,
        {.title = "Trip", .start = day(2026, 5, 1), .end = day(2026, 5, 4), .all_day = true});
    store.events().update(alice, trip.id, {.end = day(2026, 5, 5)});
    const Diff d = store.history().diff(alice, trip.id, 1, 2);
    REQUIRE(d.changes.size() == 1);
    CHECK(d.changes[0].old_value == "2026-05-04");
    CHECK(d.changes[0].new_value == "2026-05-05");
  }

  TEST_CASE("a date is YYYY-MM-DD of a real day") {
    CHECK(format_date(parse_date("2024-02-29")) == "2024-02-29");
    CHECK_ERRC(parse_date("2026-02-29"), Errc::invalid_argument);
    CHECK_ERRC(parse_date("2026-5-01"), Errc::invalid_argument);
    CHECK_ERRC(parse_date("0000-01-01"), Errc::invalid_argument);
    CHECK_ERRC(parse_date("2026-05-01T00:00:00Z"), Errc::invalid_argument);
  }
}
