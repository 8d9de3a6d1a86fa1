// SPDX-License-Identifier: MIT
// Local<->UTC conversions through date/tz: offsets, the gap and overlap rules, abbreviations.
#include "calendar/calendar_support.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using calendar::Zone;

namespace {
std::string utc_of(std::string_view zone, std::string_view local_time) {
  return format_rfc3339(Zone::find(zone).to_utc(local(local_time)));
}
std::string local_of(std::string_view zone, std::string_view instant) {
  return local_text(Zone::find(zone).to_local(utc(instant)));
}
}  // namespace

TEST_SUITE("calendar zone") {
  TEST_CASE("UTC is the default zone and converts nothing") {
    const Zone zone;
    CHECK(zone.name() == "UTC");
    CHECK(zone.to_utc(local("2026-03-08T02:30:00")) == utc("2026-03-08T02:30:00Z"));
    CHECK(zone.to_local(utc("2026-03-08T02:30:00Z")) == local("2026-03-08T02:30:00"));
    CHECK(zone.abbreviation(utc("2026-03-08T02:30:00Z")) == "UTC");
    CHECK(Zone::find("UTC").name() == "UTC");
  }

  TEST_CASE("zones are found by their IANA name and unknown names are refused naming them") {
    CHECK(Zone::find("Europe/Berlin").name() == "Europe/Berlin");
    CHECK(Zone::exists("America/New_York"));
    CHECK(Zone::exists("UTC"));
    CHECK_FALSE(Zone::exists("Mars/Base"));
    CHECK_FALSE(Zone::exists(""));
    CHECK_FALSE(Zone::exists("../../etc/passwd"));
    CHECK_FALSE(Zone::exists("europe/berlin"));
    CHECK_ERRC(Zone::find("Mars/Base"), Errc::invalid_argument);
    try {
      (void)Zone::find("Mars/Base");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == "timezone: unknown time zone 'Mars/Base'");
    }
  }

  TEST_CASE("a zone found twice is the same zone") {
    const auto a = Zone::find("Asia/Kathmandu");
    const auto b = Zone::find("Asia/Kathmandu");
    CHECK(a.to_utc(local("2026-01-01T12:00:00")) == b.to_utc(local("2026-01-01T12:00:00")));
  }

  TEST_CASE("ordinary local times convert with the offset in force") {
    CHECK(utc_of("America/New_York", "2026-01-15T09:00:00") == "2026-01-15T14:00:00Z");
    CHECK(utc_of("America/New_York", "2026-07-15T09:00:00") == "2026-07-15T13:00:00Z");
    CHECK(utc_of("Europe/Berlin", "2026-07-15T09:00:00") == "2026-07-15T07:00:00Z");
    CHECK(utc_of("Asia/Kathmandu", "2026-07-15T09:00:00") == "2026-07-15T03:15:00Z");
    CHECK(utc_of("Australia/Lord_Howe", "2026-01-15T09:00:00") == "2026-01-14T22:00:00Z");
    CHECK(utc_of("Australia/Lord_Howe", "2026-07-15T09:00:00") == "2026-07-14T22:30:00Z");
    CHECK(local_of("Europe/Berlin", "2026-07-15T07:00:00Z") == "2026-07-15T09:00:00");
    CHECK(local_of("Asia/Kathmandu", "2026-07-15T03:15:00Z") == "2026-07-15T09:00:00");
  }

  TEST_CASE("a local time in a spring-forward gap takes the offset before the gap") {
    CHECK(utc_of("America/New_York", "2026-03-08T02:30:00") == "2026-03-08T07:30:00Z");
    CHECK(utc_of("America/New_York", "2026-03-08T01:59:59") == "2026-03-08T06:59:59Z");
    CHECK(utc_of("America/New_York", "2026-03-08T03:00:00") == "2026-03-08T07:00:00Z");
    CHECK(utc_of("Europe/Berlin", "2026-03-29T02:30:00") == "2026-03-29T01:30:00Z");
    // Lord Howe springs forward by 30 minutes at 02:00.
    CHECK(utc_of("Australia/Lord_Howe", "2026-10-04T02:15:00") == "2026-10-03T15:45:00Z");
    CHECK(utc_of("Australia/Lord_Howe", "2026-10-04T02:30:00") == "2026-10-03T15:30:00Z");
  }

  TEST_CASE("a local time in an autumn overlap is the earlier instant") {
    CHECK(utc_of("America/New_York", "2026-11-01T01:30:00") == "2026-11-01T05:30:00Z");
    CHECK(utc_of("America/New_York", "2026-11-01T02:00:00") == "2026-11-01T07:00:00Z");
    CHECK(utc_of("Europe/Berlin", "2026-10-25T02:30:00") == "2026-10-25T00:30:00Z");
    // Lord Howe falls back by 30 minutes at 02:00: 01:45 happens twice.
    CHECK(utc_of("Australia/Lord_Howe", "2026-04-05T01:45:00") == "2026-04-04T14:45:00Z");
    // Both instants of the overlap read as the same wall time.
    CHECK(local_of("America/New_York", "2026-11-01T05:30:00Z") == "2026-11-01T01:30:00");
    CHECK(local_of("America/New_York", "2026-11-01T06:30:00Z") == "2026-11-01T01:30:00");
  }

  TEST_CASE("Pacific/Apia skipped 2011-12-30: its times take the offset before the gap") {
    CHECK(local_of("Pacific/Apia", "2011-12-30T09:59:59Z") == "2011-12-29T23:59:59");
    CHECK(local_of("Pacific/Apia", "2011-12-30T10:00:00Z") == "2011-12-31T00:00:00");
    CHECK(utc_of("Pacific/Apia", "2011-12-30T12:00:00") == "2011-12-30T22:00:00Z");
    CHECK(utc_of("Pacific/Apia", "2011-12-31T12:00:00") == "2011-12-30T22:00:00Z");
  }

  TEST_CASE("abbreviations follow the offset in force") {
    CHECK(Zone::find("Europe/Berlin").abbreviation(utc("2026-07-01T12:00:00Z")) == "CEST");
    CHECK(Zone::find("Europe/Berlin").abbreviation(utc("2026-01-01T12:00:00Z")) == "CET");
    CHECK(Zone::find("America/New_York").abbreviation(utc("2026-01-01T12:00:00Z")) == "EST");
    CHECK(Zone::find("America/New_York").abbreviation(utc("2026-07-01T12:00:00Z")) == "EDT");
    CHECK(Zone::find("Asia/Kathmandu").abbreviation(utc("2026-07-01T12:00:00Z")) == "+0545");
  }

  TEST_CASE("daylight saving time continues after the tz database's listed transitions") {
    // The system's files list transitions up to 2037; the zone's rule goes on after them.
    CHECK(utc_of("America/New_York", "2050-07-01T09:00:00") == "2050-07-01T13:00:00Z");
    CHECK(utc_of("America/New_York", "2050-12-01T09:00:00") == "2050-12-01T14:00:00Z");
    CHECK(utc_of("America/New_York", "2126-03-10T02:30:00") == "2126-03-10T07:30:00Z");
    CHECK(utc_of("America/New_York", "2126-11-03T01:30:00") == "2126-11-03T05:30:00Z");
    CHECK(Zone::find("Europe/Berlin").abbreviation(utc("2126-07-01T12:00:00Z")) == "CEST");
    CHECK(local_of("Europe/Berlin", "2126-07-01T07:00:00Z") == "2126-07-01T09:00:00");
    CHECK(utc_of("Australia/Lord_Howe", "2126-07-15T09:00:00") == "2126-07-14T22:30:00Z");
    CHECK(utc_of("Australia/Lord_Howe", "2126-01-15T09:00:00") == "2126-01-14T22:00:00Z");
    CHECK(utc_of("Asia/Kathmandu", "2126-07-15T09:00:00") == "2126-07-15T03:15:00Z");
  }
}
