// SPDX-License-Identifier: MIT
// `eventcollab changes` of the real binary: human output, --json as the REST shape, --quiet's
// cursor to resume from, and bad input.
#include "json/shapes.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("cli changes") {
  TEST_CASE_FIXTURE(CliFixture,
                    "changes lists the feed, resumes from --since, and --json is the REST shape") {
    const std::string t = user("alice");
    const auto event = create_event(t);
    const std::string id = std::to_string(event.at("id").get<EventId>());
    const ProcessResult human = cli({"changes"}, t);
    INFO(human.err);
    REQUIRE(human.exit_code == 0);
    CHECK(human.out.find("created") != std::string::npos);
    CHECK(human.out.find("cursor ") != std::string::npos);

    const ProcessResult quiet = cli({"changes", "--quiet"}, t);
    REQUIRE(quiet.exit_code == 0);
    const std::string cursor = quiet.out.substr(0, quiet.out.size() - 1);
    REQUIRE(cli({"event", "update", id, "--title", "Daily"}, t).exit_code == 0);
    const auto page = cli_json({"--token", t, "changes", "--since", cursor});
    REQUIRE(page.at("changes").size() == 1);
    CHECK(page.at("changes")[0].at("kind") == "updated");
    CHECK(page.at("changes")[0].at("version") == 2);
    CHECK(page.at("more") == false);
    CHECK(page.contains("cursor"));
  }

  TEST_CASE_FIXTURE(CliFixture, "bad cursors and limits exit 3") {
    const std::string t = user("alice");
    CHECK(cli({"changes", "--since", "abc"}, t).exit_code == 3);
    CHECK(cli({"changes", "--limit", "0"}, t).exit_code == 3);
    CHECK(cli({"changes", "--limit", "1001"}, t).exit_code == 3);
  }
}
