// SPDX-License-Identifier: MIT
// The streaming event writer must give exactly the bytes the JSON document gives.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "json/event_text.hpp"
#include "json/shapes.hpp"

using namespace eventcollab;

namespace {

std::string dom_text(const nlohmann::json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const std::vector<std::string> kTricky = {
    "",
    "plain",
    "quote \" and backslash \\ and slash /",
    "\b\f\n\r\t",
    std::string("nul \0 inside", 12),
    "\x01\x02\x1f\x7f",
    "caf\xc3\xa9 \xe2\x82\xac \xe4\xb8\xad\xe6\x96\x87",
    "emoji \xf0\x9f\x98\x80 and \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
    "\xef\xbb\xbf BOM and U+2028 \xe2\x80\xa8",
    "\\u0041 stays text",
    "</script>",
    "bad \xff byte",
    "truncated \xe2\x82",
    "overlong \xc0\xaf",
    "surrogate \xed\xa0\x80",
};

}  // namespace

TEST_SUITE("event json text") {
  TEST_CASE("a string is written byte for byte as the document writes it") {
    for (const auto& s : kTricky) {
      CAPTURE(s);
      std::string out;
      json::append_json_string(out, s);
      CHECK(out == dom_text(nlohmann::json(s)));
    }
  }

  TEST_CASE("an event and a list are written byte for byte as the document writes them") {
    std::vector<Event> events;
    std::int64_t id = 1;
    for (const auto& s : kTricky) {
      events.push_back(Event{.id = id++,
                             .title = s,
                             .description = s,
                             .location = std::nullopt,
                             .start = kMinTime,
                             .end = kMaxTime,
                             .owner_id = 9'007'199'254'740'993,
                             .version = id,
                             .created_at = parse_rfc3339("2026-05-01T09:00:00+02:00"),
                             .updated_at = parse_rfc3339("2026-05-01T09:00:00Z"),
                             .permission = id % 3 == 0   ? Permission::owner
                                           : id % 3 == 1 ? Permission::write
                                                         : Permission::read});
      CHECK(json::event_to_json_text(events.back()) == dom_text(json::to_json(events.back())));
    }
    events.back().location.emplace(3, 'x');
    events.back().id = -5;
    CHECK(json::events_to_json_text(events) == dom_text(json::to_json(events)));
    CHECK(json::events_to_json_text({}) == "[]");
  }
}
