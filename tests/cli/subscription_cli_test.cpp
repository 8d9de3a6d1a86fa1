// SPDX-License-Identifier: MIT
// An in-process subscription hears what CLI processes commit to the same database.
#include "support/change_collector.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("cli subscriptions") {
  TEST_CASE_FIXTURE(CliWorld, "a subscription in this process sees the CLI's writes, in order") {
    const std::string t = user("alice");
    const Principal alice = store.auth().authenticate(t);
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, got.callback());
    const auto event = create_event(t);
    const std::string id = std::to_string(event.at("id").get<EventId>());
    REQUIRE(cli({"event", "update", id, "--title", "Daily"}, t).exit_code == 0);
    REQUIRE(cli({"event", "delete", id}, t).exit_code == 0);
    const auto delivered = got.wait_for(3);
    REQUIRE(delivered.size() == 3);
    CHECK(delivered[0].type == ChangeType::created);
    CHECK(delivered[1].type == ChangeType::updated);
    CHECK(delivered[2].type == ChangeType::deleted);
    for (const auto& c : delivered) CHECK(c.event_id == event.at("id").get<EventId>());
    // Exactly what the feed holds: nothing missed, nothing twice.
    const ChangePage page = store.changes().since(alice, "");
    REQUIRE(page.changes.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(delivered[i].seq == page.changes[i].seq);
  }
}
