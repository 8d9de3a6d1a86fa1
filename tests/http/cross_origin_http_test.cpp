// SPDX-License-Identifier: MIT
// Requests a web page of another site can make: a body must carry the media type its route
// reads (415), a foreign Origin is refused (403) unless allowed, and an allowed one gets CORS.
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

const std::string kEvent =
    R"({"title":"t","start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"})";

HttpOptions allowing(std::vector<std::string> origins) {
  HttpOptions o = test_http_options();
  o.allowed_origins = std::move(origins);
  return o;
}

}  // namespace

TEST_SUITE("http cross-origin") {
  TEST_CASE_FIXTURE(HttpFixture, "a body of another media type than the route reads is 415") {
    const std::string t = user("alice");
    CHECK_HTTP_ERROR(send("POST", "/events/", t, {}, {}, kEvent, "text/plain"), 415);
    CHECK_HTTP_ERROR(
        send("POST", "/events/", t, {}, {}, "title=x", "application/x-www-form-urlencoded"), 415);
    CHECK(send("POST", "/events/", t, {}, {}, kEvent, "application/json; charset=utf-8").status ==
          201);
    CHECK(send("POST", "/events/", t, {}, {}, kEvent, "Application/JSON").status == 201);
    // Login reads the password-flow form or JSON, nothing else.
    CHECK_HTTP_ERROR(send("POST", "/auth/login", {}, {}, {},
                          R"({"username":"alice","password":"password-alice"})", "text/plain"),
                     415);
    CHECK(send("POST", "/auth/login", {}, {}, {}, "username=alice&password=password-alice",
               "application/x-www-form-urlencoded")
              .status == 200);
    // 401 comes before the body is looked at.
    CHECK_HTTP_ERROR(send("POST", "/events/", {}, {}, {}, kEvent, "text/plain"), 401);
  }

  TEST_CASE_FIXTURE(HttpFixture, "a broken %-escape in the query is 400") {
    const std::string t = user("alice");
    CHECK_HTTP_ERROR(get("/events/?q=%ZZ", t), 400);
    CHECK_HTTP_ERROR(get("/events/?limit=5&q=%4", t), 400);
    CHECK(get("/events/?q=%41+b", t).status == 200);
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "a request from another origin is 403 and does not count as a failed login") {
    user("alice");
    const httplib::Headers evil = {{"Origin", "http://evil.example"}};
    for (int i = 0; i < 8; ++i) {
      const Reply r = send("POST", "/auth/login", {}, {}, evil, "username=alice&password=wrong",
                           "application/x-www-form-urlencoded");
      CHECK_HTTP_ERROR(r, 403);
      CHECK_FALSE(r.has_header("Access-Control-Allow-Origin"));
    }
    CHECK_HTTP_ERROR(send("GET", "/health", {}, {}, evil), 403);
    CHECK_HTTP_ERROR(send("GET", "/health", {}, {}, {{"Origin", "null"}}), 403);
    // Not locked out: the refused attempts never reached the login.
    CHECK(post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}}).status ==
          200);
  }

  TEST_CASE_FIXTURE(HttpFixture, "the server's own origin is served without CORS headers") {
    const std::string own = "http://127.0.0.1:" + std::to_string(port);
    const Reply r = send("GET", "/health", {}, {}, {{"Origin", own}});
    CHECK(r.status == 200);
    CHECK_FALSE(r.has_header("Access-Control-Allow-Origin"));
  }

  TEST_CASE("an allowed origin gets CORS headers and preflight answers") {
    HttpFixture f(allowing({"https://app.example", "http://localhost:5173/"}));
    const std::string t = f.user("alice");
    const auto id = f.event(t);
    const httplib::Headers app = {{"Origin", "https://app.example"}};
    const Reply got = f.send("GET", f.path(id), t, {}, app);
    CHECK(got.status == 200);
    CHECK(got.header("Access-Control-Allow-Origin") == "https://app.example");
    CHECK(got.header("Vary") == "Origin");
    CHECK(got.header("Access-Control-Expose-Headers").find("ETag") != std::string::npos);
    // A trailing slash in the option is not part of an origin.
    CHECK(f.send("GET", "/health", {}, {}, {{"Origin", "http://localhost:5173"}}).status == 200);

    const Reply pre = f.send("OPTIONS", f.path(id), {}, {},
                             {{"Origin", "https://app.example"},
                              {"Access-Control-Request-Method", "PUT"},
                              {"Access-Control-Request-Headers", "authorization, content-type"}});
    CHECK(pre.status == 204);
    CHECK(pre.header("Access-Control-Allow-Origin") == "https://app.example");
    CHECK(pre.header("Access-Control-Allow-Methods") == "GET, PUT, DELETE");
    const std::string allowed_headers = pre.header("Access-Control-Allow-Headers");
    for (const char* h : {"Authorization", "Content-Type", "If-Match"}) {
      CHECK(allowed_headers.find(h) != std::string::npos);
    }
    CHECK(pre.header("Vary") == "Origin");
    CHECK_HTTP_ERROR(
        f.send("OPTIONS", "/nope", {}, {},
               {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}}),
        404);
    // Other origins are still refused, preflight included.
    CHECK_HTTP_ERROR(
        f.send("OPTIONS", f.path(id), {}, {},
               {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "PUT"}}),
        403);
    CHECK_HTTP_ERROR(f.send("GET", f.path(id), t, {}, {{"Origin", "https://app.example.evil"}}),
                     403);
  }
}
