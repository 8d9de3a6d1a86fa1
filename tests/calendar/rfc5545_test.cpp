// SPDX-License-Identifier: MIT
// The examples of RFC 5545 §3.8.5.3, each with its full expected list, from
// data/rfc5545_recur.txt (the file says which examples are left out and why).
#include <fstream>
#include <sstream>

#include "calendar/calendar_support.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct Example {
  std::string name, start, rule, exdate;
  Timestamp from = kMinTime, to = kMaxTime;
  std::vector<std::string> expected;  // local start times
};

std::vector<Example> read_examples() {
  std::ifstream in(std::string(EVENTCOLLAB_CALENDAR_DATA) + "/rfc5545_recur.txt");
  REQUIRE(in);
  std::vector<Example> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find(' ');
    REQUIRE_MESSAGE(space != std::string::npos, line);
    const std::string key = line.substr(0, space), value = line.substr(space + 1);
    if (key == "case") {
      out.push_back(Example{value, {}, {}, {}, kMinTime, kMaxTime, {}});
      continue;
    }
    REQUIRE_MESSAGE(!out.empty(), line);
    Example& e = out.back();
    if (key == "start") {
      e.start = value;
    } else if (key == "rule") {
      e.rule = value;
    } else if (key == "exdate") {
      e.exdate = value;
    } else if (key == "window") {
      std::istringstream words(value);
      std::string from, to;
      words >> from >> to;
      e.from = utc(from + "T00:00:00Z");
      e.to = utc(to + "T00:00:00Z");
    } else if (key == "expect") {
      // "1997-09 2,3,4": days of one month at the start's time of day.
      const std::string month = value.substr(0, 7);
      std::istringstream days(value.substr(8));
      std::string day;
      while (std::getline(days, day, ',')) {
        e.expected.push_back(month + "-" + (day.size() == 1 ? "0" : "") + day + e.start.substr(10));
      }
    } else {
      FAIL("unknown line in rfc5545_recur.txt: " << line);
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("calendar rfc5545") {
  TEST_CASE("every example of RFC 5545 section 3.8.5.3 expands to the RFC's list") {
    const auto examples = read_examples();
    CHECK(examples.size() == 37);
    for (const auto& e : examples) {
      CAPTURE(e.name);
      CAPTURE(e.rule);
      REQUIRE(!e.expected.empty());
      auto series = timed_series("America/New_York", e.start, e.rule);
      std::vector<Timestamp> exdates;
      if (!e.exdate.empty()) exdates.push_back(series.zone.to_utc(local(e.exdate)));
      series.exdates = exdates;
      CHECK(local_starts(series, e.from, e.to) == e.expected);
      // Each instance is the wall time in New York, at the offset in force (EDT or EST).
      for (const auto& i : instances(series, e.from, e.to)) {
        CHECK(i.utc_start == series.zone.to_utc(series.zone.to_local(i.utc_start)));
      }
    }
  }

  TEST_CASE("the RFC's lists are the same when the window starts far into the series") {
    // Skipping ahead must not change what a window sees: each example's instances in a window
    // that starts after its first instances equal the full expansion cut to that window.
    for (const auto& e : read_examples()) {
      CAPTURE(e.name);
      const auto series = timed_series("America/New_York", e.start, e.rule);
      const auto all = local_starts(series, e.from, e.to);
      if (all.size() < 3) continue;
      const Timestamp from = series.zone.to_utc(local(all[all.size() / 2]));
      std::vector<std::string> tail(all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2),
                                    all.end());
      CHECK(local_starts(series, from, e.to) == tail);
    }
  }
}
