// SPDX-License-Identifier: MIT
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {
std::string normalized(const char* text) { return format_rfc3339(parse_rfc3339(text)); }
}  // namespace

TEST_SUITE("rfc3339") {
  TEST_CASE("times with any offset come back in UTC with Z") {
    CHECK(normalized("2026-05-01T09:00:00+02:00") == "2026-05-01T07:00:00Z");
    CHECK(normalized("2026-05-01T09:00:00-05:30") == "2026-05-01T14:30:00Z");
    CHECK(normalized("2026-05-01T09:00:00Z") == "2026-05-01T09:00:00Z");
    CHECK(normalized("2026-05-01t09:00:00z") == "2026-05-01T09:00:00Z");
    CHECK(normalized("2026-05-01 09:00:00+00:00") == "2026-05-01T09:00:00Z");
    CHECK(normalized("2026-12-31T23:30:00-01:00") == "2027-01-01T00:30:00Z");
  }

  TEST_CASE("a fraction of a second is dropped") {
    CHECK(normalized("2026-05-01T09:00:00.999999Z") == "2026-05-01T09:00:00Z");
    CHECK(normalized("2026-05-01T09:00:59.5+01:00") == "2026-05-01T08:00:59Z");
  }

  TEST_CASE("calendar edges are checked") {
    CHECK(normalized("2024-02-29T00:00:00Z") == "2024-02-29T00:00:00Z");
    CHECK(normalized("0001-01-01T00:00:00Z") == "0001-01-01T00:00:00Z");
    CHECK(normalized("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z");
    CHECK_ERRC(parse_rfc3339("2025-02-29T00:00:00Z"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("2026-04-31T00:00:00Z"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("2026-13-01T00:00:00Z"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("0000-01-01T00:00:00Z"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("9999-12-31T23:59:59-00:01"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("0001-01-01T00:00:00+00:01"), Errc::invalid_argument);
  }

  TEST_CASE("malformed times are refused with a message naming the problem") {
    const char* bad[] = {"",
                         "2026-05-01",
                         "2026-05-01T09:00:00",
                         "2026-05-01T09:00",
                         "2026-05-01T24:00:00Z",
                         "2026-05-01T09:60:00Z",
                         "2026-05-01T09:00:60Z",
                         "2026-05-01T09:00:00.Z",
                         "2026-05-01T09:00:00+2:00",
                         "2026-05-01T09:00:00+24:00",
                         "2026-05-01T09:00:00Zjunk",
                         "2026-05-01X09:00:00Z",
                         "20260501T090000Z",
                         "+2026-05-01T09:00:00Z",
                         "2026-05-01T09:00:00 Z",
                         "１２３４-05-01T09:00:00Z"};
    for (const char* text : bad) {
      CAPTURE(text);
      try {
        (void)parse_rfc3339(text);
        FAIL_CHECK("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK(std::string(e.what()).starts_with("invalid RFC 3339 time"));
      }
    }
  }

  TEST_CASE("an embedded NUL or a very long string is refused") {
    using namespace std::string_literals;
    CHECK_ERRC(parse_rfc3339("2026-05-01T09:00:00Z\0"s), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339(std::string(100'000, '9')), Errc::invalid_argument);
  }
}
