// SPDX-License-Identifier: MIT
#include "events/fields.hpp"
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

json draft(const std::string& title, const std::string& start = "2026-05-01T09:00:00Z",
           const std::string& end = "2026-05-01T10:00:00Z") {
  return {{"title", title}, {"start_time", start}, {"end_time", end}};
}

}  // namespace

TEST_SUITE("http events") {
  TEST_CASE_FIXTURE(HttpFixture, "create answers 201 with the event, its ETag and UTC times") {
    const std::string t = user("alice");
    Reply r = post("/events/",
                   {{"title", "Standup"},
                    {"start_time", "2026-05-01T09:00:00.123+02:00"},
                    {"end_time", "2026-05-01 07:15:00z"}},
                   t);
    REQUIRE_MESSAGE(r.status == 201, r.raw);
    CHECK(r.header("ETag") == "\"1\"");
    CHECK(r.body.at("title") == "Standup");
    CHECK(r.body.at("start_time") == "2026-05-01T07:00:00Z");
    CHECK(r.body.at("end_time") == "2026-05-01T07:15:00Z");
    CHECK(r.body.at("description").is_null());
    CHECK(r.body.at("location").is_null());
    CHECK(r.body.at("version") == 1);
    CHECK(r.body.at("permission") == "owner");
    CHECK(r.body.at("owner_id") == user_id(t));
    CHECK(r.body.size() == 6 + events::kFieldCount);  // + the table's fields
    // Without the trailing slash it is the same route.
    CHECK(post("/events", draft("Other"), t).status == 201);
  }

  TEST_CASE_FIXTURE(HttpFixture, "create validates with 422 and needs a token first") {
    const std::string t = user("alice");
    CHECK_HTTP_ERROR(post("/events/", draft(""), t), 422);
    CHECK_HTTP_ERROR(
        post("/events/", draft("x", "2026-05-01T10:00:00Z", "2026-05-01T09:00:00Z"), t), 422);
    CHECK_HTTP_ERROR(post("/events/", draft("x", "2026-05-01T09:00:00", "2026-05-01T10:00:00Z"), t),
                     422);
    json number_time = draft("x");
    number_time["start_time"] = 1780000000;
    CHECK_HTTP_ERROR(post("/events/", number_time, t), 422);
    json typo = draft("x");
    typo["titel"] = "y";
    CHECK_HTTP_ERROR(post("/events/", typo, t), 422);
    CHECK_HTTP_ERROR(post("/events/", json::array(), t), 422);
    CHECK_HTTP_ERROR(send("POST", "/events/", t, {}, {}, std::string("{oops")), 400);
    // Authentication comes before the body.
    CHECK_HTTP_ERROR(send("POST", "/events/", {}, {}, {}, std::string("{oops")), 401);
    CHECK(get("/events/", t).body == json::array());
  }

  TEST_CASE_FIXTURE(HttpFixture, "batch creates all in order or none, naming the bad item") {
    const std::string t = user("alice");
    Reply ok = post("/events/batch", json::array({draft("a"), draft("b"), draft("c")}), t);
    REQUIRE(ok.status == 201);
    REQUIRE(ok.body.size() == 3);
    CHECK(ok.body[1].at("title") == "b");
    Reply bad = post("/events/batch", json::array({draft("d"), draft(""), draft("f")}), t);
    CHECK_HTTP_ERROR(bad, 422);
    CHECK(bad.body.at("index") == 1);
    json typo = draft("e");
    typo["colour"] = "red";
    Reply bad2 = post("/events/batch", json::array({draft("d"), draft("e"), typo}), t);
    CHECK_HTTP_ERROR(bad2, 422);
    CHECK(bad2.body.at("index") == 2);
    CHECK_HTTP_ERROR(post("/events/batch", json::array(), t), 422);
    CHECK_HTTP_ERROR(post("/events/batch", draft("x"), t), 422);
    CHECK(get("/events/", t).body.size() == 3);
  }

  TEST_CASE_FIXTURE(
      HttpFixture, "a repeated key or nesting past 64 levels is a 400 naming it, not a last-wins") {
    const std::string t = user("alice");
    const std::string id =
        std::to_string(post("/events/", draft("Standup"), t).body.at("id").get<int>());
    auto raw = [&](const char* method, const std::string& path, const std::string& body) {
      return send(method, path, t, {}, {}, body);
    };
    const Reply dup = raw("POST", "/events/",
                          R"({"title":"a","title":"b","start_time":"2026-05-01T09:00:00Z",)"
                          R"("end_time":"2026-05-01T10:00:00Z"})");
    CHECK_HTTP_ERROR(dup, 400);
    CHECK(dup.body == json{{"detail", "duplicate key 'title' in JSON body"}});
    // In a batch item, and escaped differently: still the same key.
    const Reply dup_item = raw("POST", "/events/batch",
                               R"([{"title":"a","start_time":"2026-05-01T09:00:00Z",)"
                               R"("end_time":"2026-05-01T10:00:00Z","t\u0069tle":"b"}])");
    CHECK_HTTP_ERROR(dup_item, 400);
    CHECK(dup_item.body.at("detail") == "duplicate key 'title' in JSON body");
    // A long key is shortened in the message, and control bytes are escaped.
    const std::string long_key = std::string(5000, 'k') + "\\u0001";
    const Reply dup_long =
        raw("PUT", "/events/" + id, "{\"" + long_key + "\":1,\"" + long_key + "\":2}");
    CHECK_HTTP_ERROR(dup_long, 400);
    CHECK(dup_long.body.at("detail") ==
          "duplicate key '" + std::string(40, 'k') + "...' in JSON body");
    const Reply unknown_long = raw("PUT", "/events/" + id, "{\"" + long_key + "\":1}");
    CHECK_HTTP_ERROR(unknown_long, 422);
    CHECK(unknown_long.body.at("detail") == "unknown field '" + std::string(40, 'k') + "...'");
    const Reply control = raw("PUT", "/events/" + id, R"({"a\u0001b":1,"a\u0001b":2})");
    CHECK(control.body.at("detail") == "duplicate key 'a\\x01b' in JSON body");
    // The same key in different objects is no duplicate: the 422 is about the type.
    CHECK_HTTP_ERROR(raw("PUT", "/events/" + id, R"({"title":"x","description":{"title":1}})"),
                     422);
    // 64 levels are read (and then refused by the shape), 65 are not read at all.
    auto nested = [](int levels) {
      return R"({"description":)" + std::string(levels - 1, '[') + std::string(levels - 1, ']') +
             "}";
    };
    CHECK_HTTP_ERROR(raw("PUT", "/events/" + id, nested(64)), 422);
    const Reply deep = raw("PUT", "/events/" + id, nested(65));
    CHECK_HTTP_ERROR(deep, 400);
    CHECK(deep.body.at("detail") == "JSON body nested deeper than 64 levels");
    const Reply broken = raw("POST", "/events/", R"({"title":"secret-ish",)");
    CHECK_HTTP_ERROR(broken, 400);
    CHECK(broken.body.at("detail") == "malformed JSON body (at byte 23)");
    CHECK(get("/events/" + id, t).body.at("version") == 1);
    CHECK(get("/events/", t).body.size() == 1);
  }

  TEST_CASE_FIXTURE(HttpFixture, "list orders by start, pages, filters and rejects bad queries") {
    const std::string t = user("alice");
    CHECK(get("/events", t).body == json::array());
    post("/events/", draft("late", "2026-05-03T09:00:00Z", "2026-05-03T10:00:00Z"), t);
    post("/events/", draft("early 100%", "2026-05-01T09:00:00Z", "2026-05-01T10:00:00Z"), t);
    post("/events/", draft("middle", "2026-05-02T09:00:00Z", "2026-05-02T10:00:00Z"), t);
    auto titles = [&](const std::string& query) {
      Reply r = get("/events/" + query, t);
      REQUIRE_MESSAGE(r.status == 200, query << ": " << r.raw);
      std::vector<std::string> out;
      for (const auto& e : r.body) out.push_back(e.at("title"));
      return out;
    };
    CHECK(titles("") == std::vector<std::string>{"early 100%", "middle", "late"});
    CHECK(titles("?skip=1&limit=1") == std::vector<std::string>{"middle"});
    CHECK(titles("?from=2026-05-02T00:00:00Z&to=2026-05-02T23:00:00Z") ==
          std::vector<std::string>{"middle"});
    CHECK(titles("?to=2026-05-02T11:00:00%2B01:00") ==
          std::vector<std::string>{"early 100%", "middle"});
    CHECK(titles("?q=MIDD") == std::vector<std::string>{"middle"});
    CHECK(titles("?q=100%25") == std::vector<std::string>{"early 100%"});
    CHECK(titles("?q=_") == std::vector<std::string>{});
    for (const char* bad :
         {"?limit=0", "?limit=1001", "?skip=-1", "?skip=x", "?limit=1.5", "?from=yesterday",
          "?from=2026-05-02T00:00:00", "?from=2026-05-03T00:00:00Z&to=2026-05-02T00:00:00Z"}) {
      CAPTURE(bad);
      CHECK_HTTP_ERROR(get(std::string("/events/") + bad, t), 422);
    }
  }

  TEST_CASE_FIXTURE(HttpFixture, "get answers the event with its ETag; odd ids are 404") {
    const std::string t = user("alice");
    const auto id = event(t);
    Reply r = get(path(id), t);
    CHECK(r.status == 200);
    CHECK(r.header("ETag") == "\"1\"");
    CHECK(get(path(id) + "/", t).status == 200);
    CHECK_HTTP_ERROR(get(path(id + 1), t), 404);
    for (const char* odd : {"/events/0", "/events/-1", "/events/abc", "/events/1.0",
                            "/events/99999999999999999999", "/events/1x"}) {
      CAPTURE(odd);
      CHECK_HTTP_ERROR(get(odd, t), 404);
    }
  }

  TEST_CASE_FIXTURE(HttpFixture, "update changes only the given fields and null clears") {
    const std::string t = user("alice");
    const auto id = event(t);
    Reply r = put(path(id), {{"description", "notes"}, {"location", "room 1"}}, t);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    CHECK(r.body.at("version") == 2);
    CHECK(r.header("ETag") == "\"2\"");
    CHECK(r.body.at("title") == "Standup");
    r = put(path(id), {{"description", nullptr}}, t);
    CHECK(r.body.at("description").is_null());
    CHECK(r.body.at("location") == "room 1");
    CHECK(r.body.at("version") == 3);
    // A body that changes nothing writes no version.
    r = put(path(id), {{"location", "room 1"}}, t);
    CHECK(r.status == 200);
    CHECK(r.body.at("version") == 3);
    CHECK_HTTP_ERROR(put(path(id), {{"title", nullptr}}, t), 422);
    CHECK_HTTP_ERROR(put(path(id), {{"end_time", "2026-05-01T08:00:00Z"}}, t), 422);
    CHECK_HTTP_ERROR(put(path(id), {{"colour", "red"}}, t), 422);
    CHECK_HTTP_ERROR(send("PUT", path(id), t, {}, {}, std::string("[1,")), 400);
  }

  TEST_CASE_FIXTURE(HttpFixture, "If-Match and the body version guard an update") {
    const std::string t = user("alice");
    const auto id = event(t);
    CHECK(put(path(id), {{"title", "a"}}, t, {{"If-Match", "\"1\""}}).status == 200);
    CHECK(put(path(id), {{"title", "b"}}, t, {{"If-Match", "2"}}).status == 200);
    CHECK(put(path(id), {{"title", "c"}}, t, {{"If-Match", "W/\"3\""}}).status == 200);
    CHECK(put(path(id), {{"title", "d"}}, t, {{"If-Match", "*"}}).status == 200);
    CHECK(put(path(id), {{"title", "e"}, {"version", 5}}, t).status == 200);
    // A failed If-Match is a failed precondition (412); a stale body version a conflict (409).
    Reply stale = put(path(id), {{"title", "f"}}, t, {{"If-Match", "\"3\""}});
    CHECK_HTTP_ERROR(stale, 412);
    const Reply conflict = put(path(id), {{"title", "f"}, {"version", 1}}, t);
    CHECK_HTTP_ERROR(conflict, 409);
    // The same body as the 409's.
    CHECK(stale.body.at("detail").get<std::string>().find("is at version 6, not 3") !=
          std::string::npos);
    // An empty If-Match is not an absent one.
    for (const char* bad : {"", "\"x\"", "W/3", "\"1\", \"2\"", "v1", "-1"}) {
      CAPTURE(bad);
      CHECK_HTTP_ERROR(put(path(id), {{"title", "f"}}, t, {{"If-Match", bad}}), 422);
    }
    CHECK_HTTP_ERROR(put(path(id), {{"title", "f"}, {"version", 6}}, t, {{"If-Match", "\"5\""}}),
                     422);
    Reply now = get(path(id), t);
    CHECK(now.body.at("title") == "e");
    CHECK(now.body.at("version") == 6);
  }

  TEST_CASE_FIXTURE(HttpFixture, "a bad If-Match is checked after access, a stale one last") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const auto id = event(alice);
    // 404 for a stranger before 422 for the header, 422 before 412.
    CHECK_HTTP_ERROR(put(path(id), {{"title", "x"}}, bob, {{"If-Match", ""}}), 404);
    CHECK_HTTP_ERROR(put(path(id), {{"title", ""}}, alice, {{"If-Match", "\"9\""}}), 422);
    CHECK_HTTP_ERROR(put(path(id), {{"title", "x"}}, alice, {{"If-Match", "\"9\""}}), 412);
    CHECK_HTTP_ERROR(put(path(id), {{"title", "x"}}, {}, {{"If-Match", "\"9\""}}), 401);
  }

  TEST_CASE_FIXTURE(HttpFixture, "delete answers 204 with an empty body and the event is gone") {
    const std::string t = user("alice");
    const auto id = event(t);
    Reply r = del(path(id), t);
    CHECK(r.status == 204);
    CHECK(r.raw.empty());
    CHECK_HTTP_ERROR(get(path(id), t), 404);
    CHECK_HTTP_ERROR(del(path(id), t), 404);
  }
}
