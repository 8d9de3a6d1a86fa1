// SPDX-License-Identifier: MIT
// The cache of expanded instances: the same answers as the plain expansion, cold and warm, and
// every change of a series visible at once through the public API on a warmed cache.
#include "calendar/instance_cache.hpp"
#include "calendar/calendar_support.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using namespace std::chrono_literals;
using calendar::InstanceCache;
using calendar::Series;
using Strings = std::vector<std::string>;

namespace {

std::vector<calendar::Instance> cached(InstanceCache& cache, const Series& s, Timestamp from,
                                       Timestamp to) {
  std::vector<calendar::Instance> out;
  cache.expand(s, from, to, [&](const calendar::Instance& i) {
    out.push_back(i);
    return true;
  });
  return out;
}

bool same(const std::vector<calendar::Instance>& a, const std::vector<calendar::Instance>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.recurrence_id == y.recurrence_id && x.start == y.start && x.end == y.end &&
           x.utc_start == y.utc_start && x.utc_end == y.utc_end;
  });
}

Strings starts(const std::vector<Occurrence>& os) {
  Strings out;
  for (const auto& o : os) out.push_back(format_rfc3339(o.start) + " " + o.title);
  return out;
}

TimeWindow window(const char* from, const char* to) { return {at(from), at(to)}; }

}  // namespace

TEST_SUITE("calendar instance cache") {
  TEST_CASE("the cache answers every window as the plain expansion does, cold and warm") {
    Series with_dates = timed_series("Europe/Berlin", "2026-01-05T09:00:00", "FREQ=WEEKLY");
    const std::vector<Timestamp> exdates{utc("2026-03-30T07:00:00Z")};
    const std::vector<Timestamp> rdates{utc("2025-12-31T23:30:00Z"), utc("2026-02-11T16:00:00Z")};
    with_dates.exdates = exdates;
    with_dates.rdates = rdates;
    const std::vector<Series> all{
        timed_series("America/New_York", "2026-01-01T09:00:00", "FREQ=DAILY"),
        timed_series("Europe/Berlin", "2026-01-01T23:30:00", "FREQ=DAILY;INTERVAL=3", 180),
        timed_series("UTC", "2026-01-01T08:00:00", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=40"),
        timed_series("Europe/Berlin", "2026-01-30T17:00:00",
                     "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        timed_series("Australia/Lord_Howe", "2026-01-01T02:00:00",
                     "FREQ=DAILY;UNTIL=20260620T000000Z"),
        timed_series("UTC", "2026-01-01T00:00:00", "FREQ=WEEKLY", 60 * 24 * 9),    // overlapping
        timed_series("UTC", "2026-01-02T00:00:00", "FREQ=MONTHLY", 60 * 24 * 40),  // not held
        all_day_series("Pacific/Apia", "2011-12-25", "FREQ=DAILY;COUNT=12"),
        all_day_series("America/New_York", "2026-03-01", "FREQ=WEEKLY;BYDAY=SA,SU", 2),
        all_day_series("Europe/Berlin", "2024-02-29", "FREQ=YEARLY"),
        with_dates,
    };
    InstanceCache cache;
    // Windows of a day to a year, across block boundaries, before and long after the start.
    const std::vector<std::pair<const char*, const char*>> windows{
        {"2011-12-28T00:00:00Z", "2012-01-03T00:00:00Z"},
        {"2025-12-20T00:00:00Z", "2026-01-08T00:00:00Z"},
        {"2026-01-20T12:00:00Z", "2026-02-03T12:00:00Z"},
        {"2026-03-25T00:00:00Z", "2026-04-01T00:00:00Z"},
        {"2026-03-26T00:00:00Z", "2026-03-27T00:00:00Z"},
        {"2026-01-08T00:00:00Z", "2026-01-15T00:00:00Z"},  // exactly one block
        {"2026-01-14T23:59:59Z", "2026-01-15T00:00:01Z"},  // across a block's edge
        {"2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z"},
        {"2028-02-20T00:00:00Z", "2028-03-10T00:00:00Z"},
        {"2126-06-01T00:00:00Z", "2126-06-08T00:00:00Z"},
    };
    for (int round = 0; round < 2; ++round) {
      for (const auto& s : all) {
        for (const auto& [from, to] : windows) {
          CAPTURE(round);
          CAPTURE(from);
          const auto plain = instances(s, utc(from), utc(to));
          CHECK(same(cached(cache, s, utc(from), utc(to)), plain));
        }
      }
    }
    const auto stats = cache.stats();
    CHECK(stats.hits > 0);
    CHECK(stats.entries > 0);
  }

  TEST_CASE("a window reads only the blocks it touches, long instances included") {
    // Blocks are aligned at the Unix epoch, a Thursday: 2026-01-08 begins one.
    const Series daily = timed_series("UTC", "2026-01-01T09:00:00", "FREQ=DAILY");
    const Series across = timed_series("UTC", "2026-01-01T12:00:00", "FREQ=WEEKLY", 60 * 24 * 3);
    InstanceCache cache;
    const Timestamp from = utc("2026-01-08T00:00:00Z"), to = utc("2026-01-15T00:00:00Z");
    CHECK(cached(cache, daily, from, to).size() == 7);
    CHECK(cache.stats().misses == 1);
    // 2026-01-15 12:00 runs into the next block and 2026-01-08 12:00 began in this one; each
    // instance is given once, whichever blocks hold it.
    CHECK(same(cached(cache, across, from, to), instances(across, from, to)));
    CHECK(cache.stats().misses == 2);
    const Timestamp later = utc("2026-01-22T00:00:00Z");
    CHECK(same(cached(cache, across, from, later), instances(across, from, later)));
    CHECK(cache.stats().misses == 3);
    CHECK(cache.stats().hits == 1);
  }

  TEST_CASE("a sink that stops early stops the cached expansion too") {
    const Series s = timed_series("UTC", "2026-01-01T08:00:00", "FREQ=DAILY");
    InstanceCache cache;
    for (int round = 0; round < 2; ++round) {
      int seen = 0;
      cache.expand(s, utc("2026-01-01T00:00:00Z"), utc("2026-03-01T00:00:00Z"),
                   [&](const calendar::Instance&) { return ++seen < 3; });
      CHECK(seen == 3);
    }
  }

  TEST_CASE("the step limit refuses with the cache exactly the windows it refuses without") {
    // COUNT stops skipping ahead: every instance from the start is a step, and the instance of
    // day 199,999 is the 200,000th. A window just before it answers although its cache block
    // reaches past the limit.
    const auto s = timed_series("UTC", "2000-01-01T09:00:00", "FREQ=DAILY;COUNT=500000");
    const auto day = [](int n) {
      return Timestamp{std::chrono::sys_days{std::chrono::year{2000} / 1 / 1} +
                       std::chrono::days{n}};
    };
    InstanceCache cache;
    for (int round = 0; round < 2; ++round) {
      CHECK(cached(cache, s, day(199'997), day(199'998)).size() == 1);
      CHECK(instances(s, day(199'997), day(199'998)).size() == 1);
      CHECK_ERRC(cached(cache, s, day(200'001), day(200'002)), Errc::invalid_argument);
      CHECK_ERRC(instances(s, day(200'001), day(200'002)), Errc::invalid_argument);
    }
  }

  TEST_CASE("the cache keeps to its byte budget") {
    InstanceCache cache(64 * 1024);
    for (int i = 0; i < 200; ++i) {
      const Series s = timed_series("UTC", "2026-01-01T08:00:00", "FREQ=DAILY", 10 + i);
      (void)cached(cache, s, utc("2026-01-01T00:00:00Z"), utc("2026-04-01T00:00:00Z"));
    }
    CHECK(cache.stats().bytes <= 64 * 1024);
    CHECK(cache.stats().entries > 0);
    cache.clear();
    CHECK(cache.stats().entries == 0);
  }
}

TEST_SUITE("calendar instance cache through the store") {
  struct Warmed : StoreFixture {
    Event series = store.events().create(alice, {.title = "Standup",
                                                 .start = at("2026-03-02T08:00:00Z"),
                                                 .end = at("2026-03-02T08:30:00Z"),
                                                 .timezone = "Europe/Berlin",
                                                 .rrule = "FREQ=WEEKLY"});
    TimeWindow w = window("2026-03-01T00:00:00Z", "2026-03-17T00:00:00Z");

    Strings now() { return starts(store.events().occurrences(alice, w)); }
    Warmed() {
      // Warm the cache twice over the window (the second call answers from it).
      (void)store.events().occurrences(alice, w);
      (void)store.events().occurrences(alice, w);
    }
  };

  TEST_CASE_FIXTURE(Warmed, "an update of the rule is visible at once") {
    store.events().update(alice, series.id,
                          EventPatch{.rrule = std::string("FREQ=DAILY;INTERVAL=7;COUNT=2")});
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup", "2026-03-09T08:00:00Z Standup"});
    store.events().update(
        alice, series.id,
        EventPatch{.start = at("2026-03-02T09:00:00Z"), .end = at("2026-03-02T09:30:00Z")});
    CHECK(now() == Strings{"2026-03-02T09:00:00Z Standup", "2026-03-09T09:00:00Z Standup"});
    store.events().update(alice, series.id, EventPatch{.timezone = std::string("UTC")});
    CHECK(now() == Strings{"2026-03-02T09:00:00Z Standup", "2026-03-09T09:00:00Z Standup"});
    store.events().update(alice, series.id,
                          EventPatch{.rrule = std::string("FREQ=WEEKLY;BYDAY=MO,TU")});
    CHECK(now() == Strings{"2026-03-02T09:00:00Z Standup", "2026-03-03T09:00:00Z Standup",
                           "2026-03-09T09:00:00Z Standup", "2026-03-10T09:00:00Z Standup",
                           "2026-03-16T09:00:00Z Standup"});
  }

  TEST_CASE_FIXTURE(Warmed, "exdates and rdates changed are visible at once") {
    store.events().update(alice, series.id,
                          EventPatch{.exdates = std::vector<Timestamp>{at("2026-03-09T08:00:00Z")},
                                     .rdates = std::vector<Timestamp>{at("2026-03-04T12:00:00Z")}});
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup", "2026-03-04T12:00:00Z Standup",
                           "2026-03-16T08:00:00Z Standup"});
    store.events().cancel_occurrence(alice, series.id, at("2026-03-16T08:00:00Z"));
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup", "2026-03-04T12:00:00Z Standup"});
  }

  TEST_CASE_FIXTURE(Warmed, "a changed occurrence and a rollback are visible at once") {
    store.events().change_occurrence(
        alice, series.id, at("2026-03-09T08:00:00Z"),
        OccurrenceUpdate{.patch = {.title = "Moved",
                                   .start = at("2026-03-10T10:00:00Z"),
                                   .end = at("2026-03-10T10:30:00Z")}});
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup", "2026-03-10T10:00:00Z Moved",
                           "2026-03-16T08:00:00Z Standup"});
    store.events().update(alice, series.id, EventPatch{.rrule = std::string("FREQ=DAILY;COUNT=1")});
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup"});
    store.history().rollback(alice, series.id, 1);
    CHECK(now() == Strings{"2026-03-02T08:00:00Z Standup", "2026-03-09T08:00:00Z Standup",
                           "2026-03-16T08:00:00Z Standup"});
  }

  TEST_CASE_FIXTURE(Warmed,
                    "a deleted series re-created at the same version shows only the new one") {
    store.events().remove(alice, series.id);
    CHECK(now().empty());
    const Event again = store.events().create(alice, {.title = "Review",
                                                      .start = at("2026-03-03T08:00:00Z"),
                                                      .end = at("2026-03-03T08:30:00Z"),
                                                      .timezone = "Europe/Berlin",
                                                      .rrule = "FREQ=WEEKLY;INTERVAL=2"});
    // Ids are not handed out twice here (AUTOINCREMENT); the cache's key holds no id anyway,
    // and the new series is at version 1 like the old one was when the cache was warmed.
    CHECK(again.version == series.version);
    CHECK(now() == Strings{"2026-03-03T08:00:00Z Review"});
  }

  TEST_CASE_FIXTURE(Warmed, "a change through another store on the same database is visible") {
    Store other = Store::open(test_config(dir, clock));
    const Principal alice2 =
        other.auth().authenticate(other.auth().login("alice", "password-alice").access_token);
    other.events().update(
        alice2, series.id,
        EventPatch{.exdates = std::vector<Timestamp>{at("2026-03-02T08:00:00Z")}});
    CHECK(now() == Strings{"2026-03-09T08:00:00Z Standup", "2026-03-16T08:00:00Z Standup"});
  }
}
