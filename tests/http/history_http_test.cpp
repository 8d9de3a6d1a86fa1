// SPDX-License-Identifier: MIT
#include "events/fields.hpp"
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

TEST_SUITE("http history") {
  TEST_CASE_FIXTURE(HttpFixture, "versions, one version, diff and changelog describe the history") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const auto id = event(alice);
    post(path(id, "/share"), {{"username", "bob"}, {"permission", "write"}}, alice);
    put(path(id), {{"title", "Daily standup"}, {"location", "room 1"}}, bob);

    Reply versions = get(path(id, "/versions"), alice);
    REQUIRE(versions.status == 200);
    REQUIRE(versions.body.size() == 2);
    CHECK(versions.body[0].at("change") == "create");
    CHECK(versions.body[1].at("updated_by_username") == "bob");
    CHECK(versions.body[1].at("location") == "room 1");
    CHECK(versions.body[1].size() == 5 + events::kFieldCount);

    Reply one = get(path(id, "/versions/1"), bob);
    CHECK(one.status == 200);
    CHECK(one.body.at("title") == "Standup");
    CHECK_HTTP_ERROR(get(path(id, "/versions/3"), alice), 404);
    CHECK_HTTP_ERROR(get(path(id, "/versions/0"), alice), 404);

    Reply diff = get(path(id, "/diff/1/2"), alice);
    REQUIRE(diff.status == 200);
    CHECK(diff.body.at("from") == 1);
    CHECK(diff.body.at("to") == 2);
    CHECK(diff.body.at("changes") ==
          json::array({{{"field", "title"}, {"old", "Standup"}, {"new", "Daily standup"}},
                       {{"field", "location"}, {"old", nullptr}, {"new", "room 1"}}}));
    CHECK(get(path(id, "/diff/2/1"), alice).body.at("changes")[0].at("old") == "Daily standup");
    CHECK(get(path(id, "/diff/2/2"), alice).body.at("changes") == json::array());
    CHECK_HTTP_ERROR(get(path(id, "/diff/1/9"), alice), 404);

    Reply log = get(path(id, "/changelog"), alice);
    REQUIRE(log.status == 200);
    REQUIRE(log.body.size() == 2);
    CHECK(log.body[0].at("fields") == json::array({"title", "start_time", "end_time"}));
    CHECK(log.body[1].at("fields") == json::array({"title", "location"}));
    CHECK(log.body[1].at("updated_by_username") == "bob");
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "rollback writes a rollback version, or nothing when already equal") {
    const std::string alice = user("alice");
    const auto id = event(alice);
    put(path(id), {{"title", "Renamed"}}, alice);
    Reply r = send("POST", path(id, "/rollback/1"), alice);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    CHECK(r.body.at("title") == "Standup");
    CHECK(r.body.at("version") == 3);
    CHECK(r.header("ETag") == "\"3\"");
    CHECK(get(path(id, "/versions/3"), alice).body.at("change") == "rollback");
    Reply again = send("POST", path(id, "/rollback/1"), alice);
    CHECK(again.status == 200);
    CHECK(again.body.at("version") == 3);
    CHECK_HTTP_ERROR(send("POST", path(id, "/rollback/7"), alice), 404);
  }

  TEST_CASE_FIXTURE(HttpFixture, "rollback honours If-Match: 412 when stale, 422 when malformed") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const auto id = event(alice);
    put(path(id), {{"title", "Renamed"}}, alice);  // version 2
    CHECK_HTTP_ERROR(send("POST", path(id, "/rollback/1"), alice, {}, {{"If-Match", "\"1\""}}),
                     412);
    CHECK_HTTP_ERROR(send("POST", path(id, "/rollback/1"), alice, {}, {{"If-Match", ""}}), 422);
    CHECK_HTTP_ERROR(send("POST", path(id, "/rollback/1"), alice, {}, {{"If-Match", "two"}}), 422);
    CHECK_HTTP_ERROR(send("POST", path(id, "/rollback/1"), bob, {}, {{"If-Match", "two"}}), 404);
    CHECK(get(path(id), alice).body.at("version") == 2);  // nothing was written
    const Reply r = send("POST", path(id, "/rollback/1"), alice, {}, {{"If-Match", "\"2\""}});
    CHECK(r.status == 200);
    CHECK(r.body.at("version") == 3);
    CHECK(send("POST", path(id, "/rollback/2"), alice, {}, {{"If-Match", "*"}}).status == 200);
  }
}
