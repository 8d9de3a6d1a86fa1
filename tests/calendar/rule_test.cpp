// SPDX-License-Identifier: MIT
// What normalize_rule accepts and how it refuses the rest: each refusal names the part.
#include "calendar/calendar_support.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using calendar::normalize_rule;
using calendar::Zone;

namespace {

const Zone& new_york() {
  static const Zone zone = Zone::find("America/New_York");
  return zone;
}

// The message of the refusal of `rule` for a timed event at 2026-03-02 09:00 New York (or
// an all-day event on 2026-03-02), or "" when the rule is accepted.
std::string refusal(std::string_view rule, bool all_day = false) {
  const auto start = all_day ? date("2026-03-02") : local("2026-03-02T09:00:00");
  try {
    (void)normalize_rule(rule, all_day, new_york(), start);
    return "";
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    return e.what();
  }
}

std::string refusal_at(std::string_view rule, calendar::Floating start) {
  try {
    (void)normalize_rule(rule, false, Zone{}, start);
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_SUITE("calendar rule") {
  TEST_CASE("supported rules come back upper-cased and otherwise as given") {
    const auto start = local("2026-03-02T09:00:00");
    CHECK(normalize_rule("freq=weekly;byday=mo,we;interval=2", false, new_york(), start) ==
          "FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2");
    CHECK(normalize_rule("FREQ=DAILY", false, new_york(), start) == "FREQ=DAILY");
    CHECK(normalize_rule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", false, new_york(),
                         start) == "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1");
    CHECK(normalize_rule("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;WKST=SU", false, new_york(), start) ==
          "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;WKST=SU");
    CHECK(normalize_rule("FREQ=YEARLY;BYYEARDAY=1,-1;COUNT=4", false, new_york(), start) ==
          "FREQ=YEARLY;BYYEARDAY=1,-1;COUNT=4");
    CHECK(normalize_rule("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270101T000000Z", false, new_york(),
                         start) == "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270101T000000Z");
    CHECK(normalize_rule("FREQ=YEARLY;BYDAY=-1FR;BYMONTH=+12", false, new_york(), start) ==
          "FREQ=YEARLY;BYDAY=-1FR;BYMONTH=+12");
    CHECK(normalize_rule("FREQ=DAILY;UNTIL=20260310", true, new_york(), date("2026-03-02")) ==
          "FREQ=DAILY;UNTIL=20260310");
  }

  TEST_CASE("a rule that can still produce an instance, however rarely, is accepted") {
    CHECK(refusal("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO") == "");  // every ~28 years
    CHECK(refusal("FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2") == "");
    CHECK(refusal("FREQ=DAILY;UNTIL=20260302T140000Z") == "");  // UNTIL at the start itself
    CHECK(refusal("FREQ=DAILY;COUNT=1") == "");
  }

  TEST_CASE("unknown, unsupported and repeated parts are refused by name") {
    CHECK(refusal("FREQ=DAILY;FOO=1") == "rrule: FOO is not a known part");
    CHECK(refusal("FREQ=DAILY;BYHOUR=9") ==
          "rrule: BYHOUR is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=DAILY;BYMINUTE=0") ==
          "rrule: BYMINUTE is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=DAILY;BYSECOND=0") ==
          "rrule: BYSECOND is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=HOURLY") ==
          "rrule: FREQ=HOURLY is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=MINUTELY") ==
          "rrule: FREQ=MINUTELY is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=SECONDLY") ==
          "rrule: FREQ=SECONDLY is not supported (events repeat at most daily)");
    CHECK(refusal("FREQ=FORTNIGHTLY") ==
          "rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not 'FORTNIGHTLY'");
    CHECK(refusal("FREQ=DAILY;FREQ=WEEKLY") == "rrule: FREQ is given twice");
    CHECK(refusal("FREQ=DAILY;INTERVAL=2;INTERVAL=3") == "rrule: INTERVAL is given twice");
    CHECK(refusal("INTERVAL=2") == "rrule: FREQ is required");
    CHECK(refusal("") == "rrule: FREQ is required");
    CHECK(refusal("FREQ=DAILY;;COUNT=2") == "rrule: empty part (two ';' in a row?)");
    CHECK(refusal("FREQ=DAILY;COUNT") == "rrule: COUNT needs a value");
    CHECK(refusal("FREQ=DAILY;COUNT=") == "rrule: COUNT needs a value");
    CHECK(refusal("RRULE:FREQ=DAILY") == "rrule: RRULE:FREQ is not a known part");
  }

  TEST_CASE("out-of-range values are refused naming the part") {
    CHECK(refusal("FREQ=DAILY;INTERVAL=0") ==
          "rrule: INTERVAL must be a whole number from 1 to 10000, not '0'");
    CHECK(refusal("FREQ=DAILY;INTERVAL=-1") ==
          "rrule: INTERVAL must be a whole number from 1 to 10000, not '-1'");
    CHECK(refusal("FREQ=DAILY;INTERVAL=x") ==
          "rrule: INTERVAL must be a whole number from 1 to 10000, not 'X'");
    CHECK(refusal("FREQ=DAILY;COUNT=0") ==
          "rrule: COUNT must be a whole number from 1 to 1000000, not '0'");
    CHECK(refusal("FREQ=DAILY;COUNT=-3") ==
          "rrule: COUNT must be a whole number from 1 to 1000000, not '-3'");
    CHECK(refusal("FREQ=MONTHLY;BYMONTHDAY=0") ==
          "rrule: BYMONTHDAY values must be between -31 and 31, not 0 ('0')");
    CHECK(refusal("FREQ=MONTHLY;BYMONTHDAY=32") ==
          "rrule: BYMONTHDAY values must be between -31 and 31, not 0 ('32')");
    CHECK(refusal("FREQ=MONTHLY;BYMONTHDAY=-32") ==
          "rrule: BYMONTHDAY values must be between -31 and 31, not 0 ('-32')");
    CHECK(refusal("FREQ=YEARLY;BYMONTH=0") ==
          "rrule: BYMONTH values must be between 1 and 12 ('0')");
    CHECK(refusal("FREQ=YEARLY;BYMONTH=13") ==
          "rrule: BYMONTH values must be between 1 and 12 ('13')");
    CHECK(refusal("FREQ=YEARLY;BYMONTH=-1") ==
          "rrule: BYMONTH values must be between 1 and 12 ('-1')");
    CHECK(refusal("FREQ=YEARLY;BYMONTH=1,,2") ==
          "rrule: BYMONTH values must be between 1 and 12 ('')");
    CHECK(refusal("FREQ=YEARLY;BYYEARDAY=0") ==
          "rrule: BYYEARDAY values must be between -366 and 366, not 0 ('0')");
    CHECK(refusal("FREQ=YEARLY;BYYEARDAY=367") ==
          "rrule: BYYEARDAY values must be between -366 and 366, not 0 ('367')");
    CHECK(refusal("FREQ=YEARLY;BYWEEKNO=0") ==
          "rrule: BYWEEKNO values must be between -53 and 53, not 0 ('0')");
    CHECK(refusal("FREQ=YEARLY;BYWEEKNO=54") ==
          "rrule: BYWEEKNO values must be between -53 and 53, not 0 ('54')");
    CHECK(refusal("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0") ==
          "rrule: BYSETPOS values must be between -366 and 366, not 0 ('0')");
    CHECK(refusal("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367") ==
          "rrule: BYSETPOS values must be between -366 and 366, not 0 ('367')");
    CHECK(refusal("FREQ=WEEKLY;WKST=XX") == "rrule: WKST must be a weekday (MO..SU), not 'XX'");
    CHECK(refusal("FREQ=WEEKLY;BYDAY=MON") ==
          "rrule: BYDAY values must be weekdays such as MO, 1MO or -1FR, not 'MON'");
    CHECK(refusal("FREQ=WEEKLY;BYDAY=") == "rrule: BYDAY needs a value");
  }

  TEST_CASE("BYDAY ordinals need a monthly or yearly rule and a range that fits it") {
    CHECK(refusal("FREQ=WEEKLY;BYDAY=1MO") ==
          "rrule: BYDAY ordinals (such as 1MO or -1FR) need FREQ=MONTHLY or FREQ=YEARLY");
    CHECK(refusal("FREQ=DAILY;BYDAY=-1FR") ==
          "rrule: BYDAY ordinals (such as 1MO or -1FR) need FREQ=MONTHLY or FREQ=YEARLY");
    CHECK(refusal("FREQ=MONTHLY;BYDAY=6MO") ==
          "rrule: BYDAY ordinals must be between -5 and 5 with FREQ=MONTHLY");
    CHECK(refusal("FREQ=MONTHLY;BYDAY=0MO") ==
          "rrule: BYDAY ordinal must be between -53 and 53, not 0 ('0MO')");
    CHECK(refusal("FREQ=YEARLY;BYDAY=54MO") ==
          "rrule: BYDAY ordinal must be between -53 and 53, not 0 ('54MO')");
    CHECK(refusal("FREQ=YEARLY;BYDAY=20MO") == "");
    CHECK(refusal("FREQ=YEARLY;BYDAY=1MO;BYWEEKNO=3") ==
          "rrule: BYDAY ordinals cannot be combined with BYWEEKNO");
  }

  TEST_CASE("parts are refused with frequencies RFC 5545 does not allow them with") {
    CHECK(refusal("FREQ=MONTHLY;BYWEEKNO=3") == "rrule: BYWEEKNO needs FREQ=YEARLY");
    CHECK(refusal("FREQ=DAILY;BYYEARDAY=3") == "rrule: BYYEARDAY needs FREQ=YEARLY");
    CHECK(refusal("FREQ=WEEKLY;BYMONTHDAY=3") ==
          "rrule: BYMONTHDAY cannot be used with FREQ=WEEKLY");
  }

  TEST_CASE("COUNT with UNTIL, UNTIL of the wrong form and UNTIL before the start are refused") {
    CHECK(refusal("FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z") ==
          "rrule: COUNT and UNTIL cannot both be given");
    CHECK(refusal("FREQ=DAILY;UNTIL=20270101") ==
          "rrule: UNTIL must be a UTC time (YYYYMMDDTHHMMSSZ) for a timed event, not '20270101'");
    CHECK(refusal("FREQ=DAILY;UNTIL=20270101T000000") ==
          "rrule: UNTIL must be a UTC time (YYYYMMDDTHHMMSSZ) for a timed event, not "
          "'20270101T000000'");
    CHECK(refusal("FREQ=DAILY;UNTIL=20270101T000000Z", true) ==
          "rrule: UNTIL must be a date (YYYYMMDD) for an all-day event, not '20270101T000000Z'");
    CHECK(refusal("FREQ=DAILY;UNTIL=2027-01-01", true) ==
          "rrule: UNTIL must be a date (YYYYMMDD) for an all-day event, not '2027-01-01'");
    CHECK(refusal("FREQ=DAILY;UNTIL=20270231", true) ==
          "rrule: UNTIL is not a valid date ('20270231')");
    CHECK(refusal("FREQ=DAILY;UNTIL=20270101T250000Z") ==
          "rrule: UNTIL is not a valid time ('20270101T250000Z')");
    // The start is 2026-03-02T14:00:00Z: one second earlier is before it.
    CHECK(refusal("FREQ=DAILY;UNTIL=20260302T135959Z") == "rrule: UNTIL is before the start");
    CHECK(refusal("FREQ=DAILY;UNTIL=20260301", true) == "rrule: UNTIL is before the start");
    CHECK(refusal("FREQ=DAILY;UNTIL=20260302", true) == "");
  }

  TEST_CASE("a rule that can never produce an instance of its own is refused") {
    CHECK(refusal("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30") ==
          "rrule: the rule never produces an occurrence");
    CHECK(refusal("FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31") ==
          "rrule: the rule never produces an occurrence");
    CHECK(refusal("FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1") ==
          "rrule: the rule never produces an occurrence");
    CHECK(refusal("FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6") ==
          "rrule: the rule never produces an occurrence");
  }

  TEST_CASE("a repeating event must start within libical's range") {
    CHECK(normalize_rule("FREQ=DAILY", false, Zone{}, local("2582-12-30T09:00:00")) ==
          "FREQ=DAILY");
    CHECK_ERRC(normalize_rule("FREQ=DAILY", false, Zone{}, local("2583-01-01T09:00:00")),
               Errc::invalid_argument);
    CHECK(refusal_at("FREQ=YEARLY", local("2582-06-01T09:00:00")) ==
          "rrule: the rule produces no occurrence before the year 2583");
  }
}
