// SPDX-License-Identifier: MIT
// The change feed's text writer must give exactly the bytes the JSON document gives.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "json/change_text.hpp"
#include "json/shapes.hpp"

using namespace eventcollab;
using namespace std::chrono_literals;

namespace {

std::string dom_text(const nlohmann::json& doc) { return doc.dump(); }

std::vector<Change> every_kind() {
  std::vector<Change> out;
  const ChangeType kinds[] = {ChangeType::created, ChangeType::updated, ChangeType::deleted,
                              ChangeType::shared, ChangeType::unshared};
  std::int64_t seq = 1;
  for (ChangeType k : kinds) {
    out.push_back({seq, seq * 1000 + 7, k, seq + 1,
                   Timestamp{} + std::chrono::seconds{seq * 86'461}, 42 + seq});
    ++seq;
  }
  // Extremes: the earliest and latest supported instants, the largest ids.
  out.push_back({INT64_MAX, INT64_MAX, ChangeType::updated, INT64_MAX, kMinTime, INT64_MAX});
  out.push_back({1, 1, ChangeType::created, 1, kMaxTime, 0});
  return out;
}

}  // namespace

TEST_SUITE("change json text") {
  TEST_CASE("a change is written byte for byte as the document writes it") {
    for (const Change& c : every_kind()) {
      CAPTURE(c.seq);
      CHECK(json::change_to_json_text(c) == dom_text(json::to_json(c)));
    }
  }

  TEST_CASE("a page is written byte for byte as the document writes it") {
    ChangePage page;
    CHECK(json::change_page_to_json_text(page) == dom_text(json::to_json(page)));
    page.changes = every_kind();
    page.cursor = "c7";
    page.more = true;
    CHECK(json::change_page_to_json_text(page) == dom_text(json::to_json(page)));
    page.cursor = "odd \"cursor\" \\ \n";
    page.more = false;
    CHECK(json::change_page_to_json_text(page) == dom_text(json::to_json(page)));
    CHECK(nlohmann::json::parse(json::change_page_to_json_text(page)) == json::to_json(page));
  }
}
