// SPDX-License-Identifier: MIT
// Expansion of series: wall time kept across DST, all-day days, COUNT/UNTIL bounds, exdates,
// rdates, lookups of one instance and the series' end.
#include "calendar/calendar_support.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using namespace std::chrono_literals;
using calendar::Instance;
using calendar::Series;
using calendar::Zone;
using Strings = std::vector<std::string>;

namespace {

// The UTC starts of every instance overlapping [from, to).
Strings utc_starts(const Series& s, std::string_view from, std::string_view to) {
  Strings out;
  for (const auto& i : instances(s, utc(from), utc(to))) out.push_back(format_rfc3339(i.utc_start));
  return out;
}

Strings starts(const Series& s, std::string_view from, std::string_view to) {
  return local_starts(s, utc(from), utc(to));
}

}  // namespace

TEST_SUITE("calendar expansion") {
  TEST_CASE("a weekly series keeps its wall time across New York's DST changes") {
    const auto s = timed_series("America/New_York", "2026-02-24T09:00:00", "FREQ=WEEKLY;COUNT=4");
    CHECK(starts(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-02-24T09:00:00", "2026-03-03T09:00:00", "2026-03-10T09:00:00",
                  "2026-03-17T09:00:00"});
    CHECK(utc_starts(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-02-24T14:00:00Z", "2026-03-03T14:00:00Z", "2026-03-10T13:00:00Z",
                  "2026-03-17T13:00:00Z"});
    for (const auto& i : instances(s, kMinTime, kMaxTime)) {
      CHECK(i.end - i.start == 1h);
      CHECK(i.recurrence_id == i.start);
      CHECK(i.utc_start == i.start);
      CHECK(i.utc_end == i.end);
    }
  }

  TEST_CASE("Berlin, Lord Howe and Kathmandu keep the wall time across their changes") {
    const auto berlin = timed_series("Europe/Berlin", "2026-10-23T09:00:00", "FREQ=DAILY;COUNT=4");
    CHECK(utc_starts(berlin, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-10-23T07:00:00Z", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z",
                  "2026-10-26T08:00:00Z"});
    CHECK(berlin.zone.abbreviation(utc("2026-10-24T07:00:00Z")) == "CEST");
    CHECK(berlin.zone.abbreviation(utc("2026-10-25T08:00:00Z")) == "CET");

    // Lord Howe gains 30 minutes on 2026-10-04.
    const auto lord_howe =
        timed_series("Australia/Lord_Howe", "2026-10-03T09:00:00", "FREQ=DAILY;COUNT=3");
    CHECK(utc_starts(lord_howe, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-10-02T22:30:00Z", "2026-10-03T22:00:00Z", "2026-10-04T22:00:00Z"});
    CHECK(local_starts(lord_howe, kMinTime, kMaxTime) ==
          Strings{"2026-10-03T09:00:00", "2026-10-04T09:00:00", "2026-10-05T09:00:00"});

    const auto kathmandu =
        timed_series("Asia/Kathmandu", "2026-03-27T09:00:00", "FREQ=WEEKLY;COUNT=2");
    CHECK(utc_starts(kathmandu, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-03-27T03:15:00Z", "2026-04-03T03:15:00Z"});
  }

  TEST_CASE("an instance in a spring-forward gap takes the offset before the gap") {
    const auto s = timed_series("America/New_York", "2026-03-06T02:30:00", "FREQ=DAILY;COUNT=4");
    CHECK(utc_starts(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-03-06T07:30:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z",
                  "2026-03-09T06:30:00Z"});
  }

  TEST_CASE("an instance in an autumn overlap is the earlier instant") {
    const auto s = timed_series("America/New_York", "2026-10-31T01:30:00", "FREQ=DAILY;COUNT=3");
    CHECK(utc_starts(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"});
  }

  TEST_CASE("a daily series in Pacific/Apia has no instance on the day that does not exist") {
    const auto s = timed_series("Pacific/Apia", "2011-12-28T12:00:00", "FREQ=DAILY;COUNT=5");
    const auto all = instances(s, kMinTime, kMaxTime);
    CHECK(local_starts(s, kMinTime, kMaxTime) ==
          Strings{"2011-12-28T12:00:00", "2011-12-29T12:00:00", "2011-12-31T12:00:00",
                  "2012-01-01T12:00:00", "2012-01-02T12:00:00"});
    CHECK(utc_starts(s, "2011-01-01T00:00:00Z", "2013-01-01T00:00:00Z") ==
          Strings{"2011-12-28T22:00:00Z", "2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z",
                  "2011-12-31T22:00:00Z", "2012-01-01T22:00:00Z"});
  }

  TEST_CASE("an all-day series stays whole local days across DST changes") {
    const auto s = all_day_series("America/New_York", "2026-03-01", "FREQ=WEEKLY;COUNT=3");
    const auto all = instances(s, kMinTime, kMaxTime);
    REQUIRE(all.size() == 3);
    CHECK(local_text(all[0].start) == "2026-03-01T00:00:00");
    CHECK(local_text(all[1].start) == "2026-03-08T00:00:00");
    CHECK(local_text(all[2].start) == "2026-03-15T00:00:00");
    for (const auto& i : all) {
      CHECK(i.end - i.start == std::chrono::days{1});
      CHECK(i.recurrence_id == i.start);
    }
    CHECK(format_rfc3339(all[0].utc_start) == "2026-03-01T05:00:00Z");
    CHECK(format_rfc3339(all[1].utc_start) == "2026-03-08T05:00:00Z");
    CHECK(format_rfc3339(all[1].utc_end) == "2026-03-09T04:00:00Z");  // a 23-hour day
    CHECK(format_rfc3339(all[2].utc_start) == "2026-03-15T04:00:00Z");

    const auto berlin = all_day_series("Europe/Berlin", "2026-10-24", "FREQ=DAILY;COUNT=3", 2);
    const auto two_days = instances(berlin, kMinTime, kMaxTime);
    REQUIRE(two_days.size() == 3);
    CHECK(two_days[1].end - two_days[1].start == std::chrono::days{2});
    CHECK(format_rfc3339(two_days[1].utc_start) == "2026-10-24T22:00:00Z");
    CHECK(format_rfc3339(two_days[1].utc_end) == "2026-10-26T23:00:00Z");
    // Overlap is decided on the zone's midnights: the instance of 2026-10-25 ends at 10-26
    // 24:00 CET, 23:00Z.
    CHECK(instances(berlin, utc("2026-10-26T22:59:59Z"), utc("2026-10-26T23:00:00Z")).size() == 2);
    CHECK(instances(berlin, utc("2026-10-26T23:00:00Z"), utc("2026-10-27T00:00:00Z")).size() == 1);
  }

  TEST_CASE("the all-day day Pacific/Apia skipped exists as a date and shows at its instant") {
    const auto s = all_day_series("Pacific/Apia", "2011-12-29", "FREQ=DAILY;COUNT=3");
    const auto all = instances(s, kMinTime, kMaxTime);
    REQUIRE(all.size() == 3);
    CHECK(local_text(all[1].start) == "2011-12-30T00:00:00");
    CHECK(all[1].utc_start == all[1].utc_end);
    CHECK(local_starts(s, utc("2011-12-30T10:00:00Z"), utc("2011-12-30T10:00:01Z")) ==
          Strings{"2011-12-30T00:00:00", "2011-12-31T00:00:00"});
  }

  TEST_CASE("a yearly rule from February 29 repeats in leap years only") {
    const auto s = timed_series("Europe/Berlin", "2024-02-29T10:00:00", "FREQ=YEARLY;COUNT=4");
    CHECK(local_starts(s, kMinTime, kMaxTime) ==
          Strings{"2024-02-29T10:00:00", "2028-02-29T10:00:00", "2032-02-29T10:00:00",
                  "2036-02-29T10:00:00"});
    const auto day = all_day_series("UTC", "2096-02-29", "FREQ=YEARLY;COUNT=3");
    CHECK(local_starts(day, kMinTime, kMaxTime) ==
          Strings{"2096-02-29T00:00:00", "2104-02-29T00:00:00", "2108-02-29T00:00:00"});
  }

  TEST_CASE("BYSETPOS=-1 gives the last weekday of each month") {
    const auto s = timed_series("America/New_York", "2026-01-30T17:00:00",
                                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6");
    CHECK(local_starts(s, kMinTime, kMaxTime) ==
          Strings{"2026-01-30T17:00:00", "2026-02-27T17:00:00", "2026-03-31T17:00:00",
                  "2026-04-30T17:00:00", "2026-05-29T17:00:00", "2026-06-30T17:00:00"});
  }

  TEST_CASE("BYDAY=-1FR gives the last Friday of each month") {
    const auto s = timed_series("Europe/Berlin", "2026-01-30T15:00:00", "FREQ=MONTHLY;BYDAY=-1FR");
    CHECK(local_starts(s, utc("2026-01-01T00:00:00Z"), utc("2026-07-01T00:00:00Z")) ==
          Strings{"2026-01-30T15:00:00", "2026-02-27T15:00:00", "2026-03-27T15:00:00",
                  "2026-04-24T15:00:00", "2026-05-29T15:00:00", "2026-06-26T15:00:00"});
  }

  TEST_CASE("the start is the first instance and counts toward COUNT even off the rule") {
    // 2026-03-03 is a Tuesday; the rule names Mondays.
    const auto s = timed_series("UTC", "2026-03-03T09:00:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=3");
    CHECK(local_starts(s, kMinTime, kMaxTime) ==
          Strings{"2026-03-03T09:00:00", "2026-03-09T09:00:00", "2026-03-16T09:00:00"});
  }

  TEST_CASE("COUNT and UNTIL bound the series exactly") {
    const auto counted = timed_series("UTC", "2026-05-01T09:00:00", "FREQ=DAILY;COUNT=3");
    CHECK(instances(counted, kMinTime, kMaxTime).size() == 3);
    CHECK(instances(counted, utc("2026-05-03T10:00:00Z"), kMaxTime).empty());

    // 2026-03-10 09:00 New York is 13:00Z (EDT): UNTIL equal to it includes it.
    const auto until = timed_series("America/New_York", "2026-03-06T09:00:00",
                                    "FREQ=DAILY;UNTIL=20260310T130000Z");
    CHECK(local_starts(until, kMinTime, kMaxTime) ==
          Strings{"2026-03-06T09:00:00", "2026-03-07T09:00:00", "2026-03-08T09:00:00",
                  "2026-03-09T09:00:00", "2026-03-10T09:00:00"});
    const auto before = timed_series("America/New_York", "2026-03-06T09:00:00",
                                     "FREQ=DAILY;UNTIL=20260310T125959Z");
    CHECK(instances(before, kMinTime, kMaxTime).size() == 4);

    const auto days = all_day_series("Europe/Berlin", "2026-05-01", "FREQ=DAILY;UNTIL=20260503");
    CHECK(local_starts(days, kMinTime, kMaxTime) ==
          Strings{"2026-05-01T00:00:00", "2026-05-02T00:00:00", "2026-05-03T00:00:00"});
  }

  TEST_CASE("rdates are merged in order, exdates are left out, duplicates appear once") {
    auto s = timed_series("UTC", "2026-05-04T09:00:00", "FREQ=WEEKLY;COUNT=3", 30);
    const std::vector<Timestamp> rdates = {utc("2026-05-20T12:00:00Z"), utc("2026-05-11T09:00:00Z"),
                                           utc("2026-04-01T08:00:00Z"),
                                           utc("2026-05-21T12:00:00Z")};
    const std::vector<Timestamp> exdates = {
        utc("2026-05-04T09:00:00Z"), utc("2026-05-21T12:00:00Z"), utc("2026-06-01T09:00:00Z")};
    s.rdates = rdates;
    s.exdates = exdates;
    const auto all = instances(s, kMinTime, kMaxTime);
    CHECK(local_starts(s, kMinTime, kMaxTime) ==
          Strings{"2026-04-01T08:00:00", "2026-05-11T09:00:00", "2026-05-18T09:00:00",
                  "2026-05-20T12:00:00"});
    for (const auto& i : all) CHECK(i.end - i.start == 30min);

    // An all-day series' rdates and exdates are dates.
    auto days = all_day_series("America/New_York", "2026-07-01", "FREQ=DAILY;COUNT=2");
    const std::vector<Timestamp> day_rdates = {date("2026-07-10")};
    const std::vector<Timestamp> day_exdates = {date("2026-07-02")};
    days.rdates = day_rdates;
    days.exdates = day_exdates;
    CHECK(local_starts(days, kMinTime, kMaxTime) ==
          Strings{"2026-07-01T00:00:00", "2026-07-10T00:00:00"});
  }

  TEST_CASE("an event without a rule is one instance plus its rdates") {
    Series s;
    s.zone = Zone::find("Europe/Berlin");
    s.start = utc("2026-05-01T07:00:00Z");
    s.end = utc("2026-05-01T08:00:00Z");
    const std::vector<Timestamp> rdates = {utc("2026-05-08T07:00:00Z")};
    s.rdates = rdates;
    CHECK(utc_starts(s, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") ==
          Strings{"2026-05-01T07:00:00Z", "2026-05-08T07:00:00Z"});
    CHECK(utc_starts(s, "2026-05-01T07:59:59Z", "2026-05-01T08:00:00Z") ==
          Strings{"2026-05-01T07:00:00Z"});
    CHECK(utc_starts(s, "2026-05-01T08:00:00Z", "2026-05-08T07:00:00Z").empty());
    CHECK(calendar::series_end(s) == utc("2026-05-08T08:00:00Z"));
  }

  TEST_CASE("the sink stops the expansion by returning false") {
    const auto s = timed_series("UTC", "2026-05-01T09:00:00", "FREQ=DAILY");
    int seen = 0;
    calendar::expand(s, kMinTime, kMaxTime, [&](const Instance&) { return ++seen < 3; });
    CHECK(seen == 3);
  }

  TEST_CASE("an infinite series queried 100 years after its start gives the right instances") {
    const auto daily = timed_series("America/New_York", "2026-01-01T09:00:00", "FREQ=DAILY");
    CHECK(starts(daily, "2126-03-09T00:00:00Z", "2126-03-12T00:00:00Z") ==
          Strings{"2126-03-09T09:00:00", "2126-03-10T09:00:00", "2126-03-11T09:00:00"});
    CHECK(utc_starts(daily, "2126-03-09T00:00:00Z", "2126-03-12T00:00:00Z") ==
          Strings{"2126-03-09T14:00:00Z", "2126-03-10T13:00:00Z", "2126-03-11T13:00:00Z"});

    // Every other week from the week of 1997-08-31 (WKST=SU): 2126-03-10 starts an even week.
    const auto weekly = timed_series("Europe/Berlin", "1997-09-02T09:00:00",
                                     "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU");
    CHECK(starts(weekly, "2126-03-01T00:00:00Z", "2126-03-31T00:00:00Z") ==
          Strings{"2126-03-12T09:00:00", "2126-03-14T09:00:00", "2126-03-26T09:00:00",
                  "2126-03-28T09:00:00"});

    const auto monthly =
        timed_series("UTC", "2026-01-30T17:00:00", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1");
    CHECK(starts(monthly, "2126-03-15T00:00:00Z", "2126-07-01T00:00:00Z") ==
          Strings{"2126-03-29T17:00:00", "2126-04-30T17:00:00", "2126-05-31T17:00:00",
                  "2126-06-28T17:00:00"});
  }

  TEST_CASE("a window beyond kMaxSteps instances from the start is reached by skipping ahead") {
    // About 210,000 days lie between the start and the window: walking would be refused.
    const auto daily = timed_series("UTC", "2000-01-01T09:00:00", "FREQ=DAILY");
    CHECK(starts(daily, "2575-06-01T00:00:00Z", "2575-06-03T00:00:00Z") ==
          Strings{"2575-06-01T09:00:00", "2575-06-02T09:00:00"});
    const auto until =
        timed_series("UTC", "2000-01-01T09:00:00", "FREQ=DAILY;UNTIL=25750602T085959Z");
    CHECK(starts(until, "2575-06-01T00:00:00Z", "2575-06-03T00:00:00Z") ==
          Strings{"2575-06-01T09:00:00"});
    CHECK(calendar::series_end(until) == utc("2575-06-01T10:00:00Z"));
  }

  TEST_CASE("an instance that started before the window but lasts into it is found") {
    // Thursdays at 09:00 for three days: 2126-03-07's instance lasts until 03-10 09:00.
    const auto s = timed_series("UTC", "2026-01-01T09:00:00", "FREQ=WEEKLY", 3 * 24 * 60);
    CHECK(starts(s, "2126-03-10T08:59:59Z", "2126-03-10T09:00:00Z") ==
          Strings{"2126-03-07T09:00:00"});
    CHECK(starts(s, "2126-03-10T09:00:00Z", "2126-03-14T09:00:00Z").empty());
    CHECK(starts(s, "2126-03-10T09:00:00Z", "2126-03-14T09:00:01Z") ==
          Strings{"2126-03-14T09:00:00"});
  }

  TEST_CASE("a COUNT rule that needs more than kMaxSteps steps to reach the window is refused") {
    const auto s = timed_series("UTC", "2000-01-01T09:00:00", "FREQ=DAILY;COUNT=500000");
    try {
      (void)instances(s, utc("2575-06-01T00:00:00Z"), utc("2575-06-03T00:00:00Z"));
      FAIL("expected a refusal");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
      CHECK(std::string(e.what()) == "rrule: reaching this window takes more than 200000 steps");
    }
    CHECK_ERRC(calendar::series_end(s), Errc::invalid_argument);
    // Close to the start, the same series answers.
    CHECK(instances(s, utc("2000-02-01T00:00:00Z"), utc("2000-02-03T00:00:00Z")).size() == 2);
  }

  TEST_CASE("find_instance tells whether a recurrence id is an instance") {
    auto s = timed_series("America/New_York", "2026-03-03T09:00:00", "FREQ=WEEKLY;BYDAY=MO");
    const std::vector<Timestamp> exdates = {utc("2026-03-16T13:00:00Z")};
    const std::vector<Timestamp> rdates = {utc("2026-03-18T13:00:00Z")};
    s.exdates = exdates;
    s.rdates = rdates;
    CHECK(calendar::find_instance(s, s.start).has_value());  // the start, off the rule
    const auto monday = calendar::find_instance(s, utc("2026-03-09T13:00:00Z"));
    REQUIRE(monday.has_value());
    CHECK(monday->end == utc("2026-03-09T14:00:00Z"));
    CHECK_FALSE(calendar::find_instance(s, utc("2026-03-09T14:00:00Z")).has_value());
    CHECK_FALSE(calendar::find_instance(s, utc("2026-03-16T13:00:00Z")).has_value());  // exdate
    CHECK(calendar::find_instance(s, utc("2026-03-18T13:00:00Z")).has_value());        // rdate
    CHECK(calendar::find_instance(s, utc("2126-03-11T13:00:00Z")).has_value());  // 100 y later
    CHECK_FALSE(calendar::find_instance(s, utc("2026-03-02T14:00:00Z")).has_value());

    const auto days = all_day_series("Europe/Berlin", "2026-03-02", "FREQ=DAILY;COUNT=3");
    CHECK(calendar::find_instance(days, date("2026-03-04")).has_value());
    CHECK_FALSE(calendar::find_instance(days, date("2026-03-05")).has_value());
  }

  TEST_CASE("series_end is the end of the last instance, or kMaxTime for an endless series") {
    CHECK(calendar::series_end(timed_series("UTC", "2026-05-01T09:00:00", "FREQ=DAILY")) ==
          kMaxTime);
    CHECK(calendar::series_end(timed_series("UTC", "2026-05-01T09:00:00", "FREQ=DAILY;COUNT=3")) ==
          utc("2026-05-03T10:00:00Z"));
    CHECK(calendar::series_end(timed_series("America/New_York", "2026-03-06T09:00:00",
                                            "FREQ=WEEKLY;UNTIL=20270101T000000Z")) ==
          utc("2026-12-25T15:00:00Z"));
    CHECK(calendar::series_end(
              all_day_series("Europe/Berlin", "2026-05-01", "FREQ=DAILY;UNTIL=20260503")) ==
          utc("2026-05-03T22:00:00Z"));
    auto with_rdate = timed_series("UTC", "2026-05-01T09:00:00", "FREQ=DAILY;COUNT=3");
    const std::vector<Timestamp> rdates = {utc("2026-06-01T09:00:00Z")};
    with_rdate.rdates = rdates;
    CHECK(calendar::series_end(with_rdate) == utc("2026-06-01T10:00:00Z"));
  }
}

TEST_SUITE("calendar expansion") {
  TEST_CASE("skipping ahead to a far window finds exactly what walking from the start finds") {
    const char* rules[] = {
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=MONTHLY;INTERVAL=5;BYDAY=2WE,-1SU",
        "FREQ=MONTHLY;BYMONTHDAY=-1,15",
        "FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO",
        "FREQ=YEARLY;INTERVAL=3;BYYEARDAY=1,-1,100",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=YEARLY;BYMONTH=12;BYDAY=-1FR;BYSETPOS=1",
        "FREQ=DAILY;UNTIL=21261001T000000Z",
    };
    for (const std::string rule : rules) {
      CAPTURE(rule);
      const auto s = timed_series("America/New_York", "2026-01-01T09:00:00", rule, 3 * 60);
      const Timestamp from = utc("2125-12-30T12:00:00Z"), to = utc("2129-01-01T00:00:00Z");
      std::vector<std::string> walked;
      for (const auto& i : instances(s, kMinTime, to)) {  // no skipping from kMinTime
        if (i.utc_end > from) walked.push_back(format_rfc3339(i.start));
      }
      std::vector<std::string> skipped;
      for (const auto& i : instances(s, from, to)) skipped.push_back(format_rfc3339(i.start));
      CHECK(!skipped.empty());
      CHECK(skipped == walked);
    }
  }
}

TEST_SUITE("calendar expansion") {
  TEST_CASE("series_end of a sparse rule with UNTIL is its last instance, not an earlier rdate") {
    // Monday February 29 comes back every 28 years: 2016, then 2044.
    auto s = timed_series("UTC", "2016-02-29T09:00:00",
                          "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;UNTIL=20500101T000000Z");
    CHECK(calendar::series_end(s) == utc("2044-02-29T10:00:00Z"));
    const std::vector<Timestamp> rdates = {utc("2030-01-01T09:00:00Z")};
    s.rdates = rdates;
    CHECK(calendar::series_end(s) == utc("2044-02-29T10:00:00Z"));
    const std::vector<Timestamp> later = {utc("2049-06-01T09:00:00Z")};
    s.rdates = later;
    CHECK(calendar::series_end(s) == utc("2049-06-01T10:00:00Z"));
  }
}
