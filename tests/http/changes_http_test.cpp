// SPDX-License-Identifier: MIT
// GET /changes over real HTTP: the page shape, who sees what, cursors, and bad input.
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

const json kEvent = {{"title", "Standup"},
                     {"start_time", "2026-05-04T09:00:00Z"},
                     {"end_time", "2026-05-04T09:15:00Z"}};

std::vector<std::string> kinds(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& c : r.body.at("changes")) out.push_back(c.at("kind").get<std::string>());
  return out;
}

}  // namespace

TEST_SUITE("http changes") {
  TEST_CASE_FIXTURE(HttpFixture, "GET /changes pages the feed the caller may see") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const std::string carol = user("carol");
    const Reply created = post("/events/", kEvent, alice);
    REQUIRE(created.status == 201);
    const auto id = created.body.at("id").get<std::int64_t>();
    REQUIRE(
        post(path(id, "/share"), {{"username", "bob"}, {"permission", "write"}}, alice).status ==
        201);
    REQUIRE(put(path(id), {{"title", "Daily"}}, bob).status == 200);

    const Reply all = get("/changes", alice);
    REQUIRE_MESSAGE(all.status == 200, all.raw);
    CHECK(kinds(all) == std::vector<std::string>{"created", "shared", "updated"});
    const json& last = all.body.at("changes").back();
    CHECK(last.at("event_id") == id);
    CHECK(last.at("version") == 2);
    CHECK(last.at("by").is_number_integer());
    CHECK(last.at("at").get<std::string>().ends_with("Z"));
    CHECK(all.body.at("more") == false);

    // Bob saw the share and his own update; carol, a stranger, nothing.
    CHECK(kinds(get("/changes", bob)) == std::vector<std::string>{"shared", "updated"});
    CHECK(get("/changes", carol).body.at("changes").empty());

    // Page by page.
    const Reply first = get("/changes?limit=1", alice);
    CHECK(first.body.at("more") == true);
    const Reply rest = get("/changes?since=" + first.body.at("cursor").get<std::string>(), alice);
    CHECK(kinds(rest) == std::vector<std::string>{"shared", "updated"});
    CHECK(get("/changes?since=" + all.body.at("cursor").get<std::string>(), alice)
              .body.at("changes")
              .empty());
  }

  TEST_CASE_FIXTURE(HttpFixture, "bad cursors and limits are 422, no token is 401") {
    const std::string alice = user("alice");
    CHECK(get("/changes?since=abc", alice).status == 422);
    CHECK(get("/changes?since=99", alice).status == 422);
    CHECK(get("/changes?limit=0", alice).status == 422);
    CHECK(get("/changes?limit=1001", alice).status == 422);
    CHECK(get("/changes", "").status == 401);
  }

  TEST_CASE_FIXTURE(HttpFixture, "a cursor older than the history kept is 410") {
    std::string alice = user("alice");
    REQUIRE(post("/events/", kEvent, alice).status == 201);
    REQUIRE(post("/events/", kEvent, alice).status == 201);
    const std::string old = get("/changes?limit=1", alice).body.at("cursor").get<std::string>();
    clock.advance(31 * 86'400);
    // The token has expired by now: log in again.
    const Reply login =
        post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    REQUIRE(login.status == 200);
    alice = login.body.at("access_token").get<std::string>();
    REQUIRE(post("/events/", kEvent, alice).status == 201);  // prunes the old ones
    const Reply gone = get("/changes?since=" + old, alice);
    CHECK(gone.status == 410);
    CHECK(gone.body.at("detail").get<std::string>().find("older than") != std::string::npos);
  }
}
