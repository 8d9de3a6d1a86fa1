// SPDX-License-Identifier: MIT
// Hostile input through HTTP: every request below gets a clear 4xx whose detail names the
// problem, and the database is unchanged afterwards (compared by a checksum of a dump).
#ifdef EVENTCOLLAB_HAVE_HTTP

#include <algorithm>
#include <cctype>
#include <vector>

#include "support/db_dump.hpp"
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

enum class As { nobody, owner, writer, reader, stranger };

struct HostileCase {
  const char* name;
  const char* method;
  std::string path;  // "$E" stands for the owner's event id
  As as;
  std::string body;  // sent raw; empty means no body
  int status;
  std::string mention{};  // a word the detail must contain (case-insensitive)
  int alt_status = 0;     // another acceptable status, where two are defensible
  const char* content_type = "application/json";
  // A known defect reported to the owner of the code: reported as a warning, not a failure,
  // until it is fixed (then drop the flag).
  const char* known_bug = nullptr;
};

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string event_body(const std::string& title_json, const std::string& extra = "") {
  return R"({"title":)" + title_json +
         R"(,"start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z")" + extra + "}";
}

std::string times(const char* start, const char* end) {
  return std::string(R"({"title":"t","start_time":")") + start + R"(","end_time":")" + end +
         R"("})";
}

std::vector<HostileCase> hostile_cases() {
  const std::string mb2(2 * 1024 * 1024, 'x');
  const std::string kb300(300 * 1024, 'x');
  std::string deep_array = std::string(200'000, '[') + std::string(200'000, ']');
  std::string deep_object;
  for (int i = 0; i < 50'000; ++i) deep_object += R"({"a":)";
  deep_object += "1" + std::string(50'000, '}');
  std::string many_numbers = "[";
  for (int i = 0; i < 100'000; ++i) many_numbers += (i ? ",1" : "1");
  many_numbers += "]";
  std::string batch_1001 = "[";
  for (int i = 0; i < 1001; ++i) batch_1001 += (i ? "," : "") + event_body("\"b\"");
  batch_1001 += "]";

  return {
      // Oversized fields.
      {"a 2 MB title", "POST", "/events/", As::owner, event_body("\"" + mb2 + "\""), 413},
      {"a 300 KB title", "POST", "/events/", As::owner, event_body("\"" + kb300 + "\""), 422,
       "title"},
      {"a 10001-character description", "POST", "/events/", As::owner,
       event_body("\"t\"", R"(,"description":")" + std::string(10'001, 'd') + "\""), 422,
       "description"},
      {"a 501-character location", "PUT", "/events/$E", As::owner,
       R"({"location":")" + std::string(501, 'l') + "\"}", 422, "location"},
      {"a 2 MB username", "POST", "/auth/register", As::nobody,
       R"({"username":")" + mb2 + R"(","password":"password-x"})", 413},
      {"a 1025-byte password", "POST", "/auth/register", As::nobody,
       R"({"username":"mallory","password":")" + std::string(1025, 'p') + "\"}", 422, "password"},
      {"a 300-character email", "POST", "/auth/register", As::nobody,
       R"({"username":"mallory","password":"password-x","email":")" + std::string(290, 'e') +
           "@example.com\"}",
       422, "email"},
      {"a 100 KB refresh token", "POST", "/auth/refresh", As::nobody,
       R"({"refresh_token":")" + std::string(100'000, 'r') + "\"}", 401},
      // NUL bytes and invalid UTF-8.
      {"a NUL in a title", "POST", "/events/", As::owner, event_body(R"("a\u0000b")"), 422,
       "title"},
      {"a NUL in a username", "POST", "/auth/register", As::nobody,
       R"({"username":"mal\u0000lory","password":"password-x"})", 422, "username"},
      {"a NUL in an email", "POST", "/auth/register", As::nobody,
       R"({"username":"mallory","password":"password-x","email":"a@b\u0000c"})", 422, "email"},
      {"a raw NUL byte in the JSON", "POST", "/events/", As::owner,
       event_body(std::string("\"a\0b\"", 5)), 400, "json"},
      {"invalid UTF-8 in a title", "POST", "/events/", As::owner, event_body("\"\xff\xfe\""), 400,
       "json"},
      {"an overlong UTF-8 slash", "POST", "/events/", As::owner, event_body("\"\xc0\xaf\""), 400,
       "json"},
      {"a lone surrogate escape", "PUT", "/events/$E", As::owner, R"({"title":"\ud800"})", 400,
       "json"},
      // SQL metacharacters where they cannot be valid.
      {"SQL in an event id", "GET", "/events/1%3BDROP%20TABLE%20events", As::owner, "", 404},
      {"SQL in a username", "POST", "/auth/register", As::nobody,
       R"({"username":"x'; DROP TABLE users; --","password":"password-x"})", 422, "username"},
      {"SQL in a share username", "POST", "/events/$E/share", As::owner,
       R"({"username":"bob' OR '1'='1","permission":"read"})", 404, "user"},
      {"SQL in a permission", "PUT", "/events/$E/permissions/2", As::owner,
       R"({"permission":"write' --"})", 422, "permission"},
      // Negative and overflowing ids.
      {"a negative event id", "GET", "/events/-1", As::owner, "", 404},
      {"event id zero", "DELETE", "/events/0", As::owner, "", 404},
      {"an event id past int64", "PUT", "/events/9223372036854775808", As::owner,
       R"({"title":"x"})", 404},
      {"an event id of 30 digits", "GET", "/events/999999999999999999999999999999", As::owner, "",
       404},
      {"a fractional event id", "GET", "/events/1.0", As::owner, "", 404},
      {"a signed event id", "GET", "/events/+1", As::owner, "", 404},
      {"a negative version", "GET", "/events/$E/versions/-1", As::owner, "", 404},
      {"a version past int64", "GET", "/events/$E/versions/99999999999999999999", As::owner, "",
       404},
      {"a rollback to version 0", "POST", "/events/$E/rollback/0", As::owner, "", 404},
      {"a diff with a huge version", "GET", "/events/$E/diff/1/9223372036854775807", As::owner, "",
       404},
      {"a negative user id in a path", "DELETE", "/events/$E/permissions/-2", As::owner, "", 404},
      {"a negative user_id in a body", "POST", "/events/$E/share", As::owner,
       R"({"user_id":-2,"permission":"read"})", 404, "", 422},
      {"a user_id past int64", "POST", "/events/$E/share", As::owner,
       R"({"user_id":99999999999999999999,"permission":"read"})", 422, "user_id"},
      {"an expected version past int64", "PUT", "/events/$E", As::owner,
       R"({"title":"x","version":18446744073709551616})", 422, "version"},
      // Times at the edges of what RFC 3339 and the library allow.
      {"year 0", "POST", "/events/", As::owner,
       times("0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z"), 422, "start_time"},
      {"year 10000", "POST", "/events/", As::owner,
       times("9999-12-31T00:00:00Z", "10000-01-01T00:00:00Z"), 422, "end_time"},
      {"past 9999 only in UTC", "POST", "/events/", As::owner,
       times("9999-12-31T00:00:00Z", "9999-12-31T23:59:59-00:01"), 422, "end_time"},
      {"before year 1 only in UTC", "POST", "/events/", As::owner,
       times("0001-01-01T00:00:00+00:01", "0001-01-01T01:00:00Z"), 422, "start_time"},
      {"a time without an offset", "PUT", "/events/$E", As::owner,
       R"({"start_time":"2026-05-01T09:00:00"})", 422, "start_time"},
      {"a time as a number", "PUT", "/events/$E", As::owner, R"({"end_time":1780000000})", 422,
       "end_time"},
      {"February 30", "PUT", "/events/$E", As::owner, R"({"end_time":"2026-02-30T10:00:00Z"})", 422,
       "end_time"},
      {"end before start", "PUT", "/events/$E", As::owner, R"({"end_time":"2000-01-01T00:00:00Z"})",
       422, "end"},
      {"a from query in year 0", "GET", "/events/?from=0000-01-01T00:00:00Z", As::owner, "", 422,
       "from"},
      // Found by the hostile pass on 0.1 (issue: hardening).
      {"a negative expected version", "PUT", "/events/$E", As::owner,
       R"({"title":"x","version":-1})", 422, "version"},
      {"a stranger's bad body", "PUT", "/events/$E", As::stranger, R"({"title":""})", 404},
      {"a reader's bad body", "PUT", "/events/$E", As::reader, R"({"title":""})", 403},
      {"a stranger's bad permission", "PUT", "/events/$E/permissions/2", As::stranger,
       R"({"permission":"admin"})", 404},
      {"a bad percent-escape in the query", "GET", "/events/?q=%ZZ", As::owner, "", 400},
      {"a form body on an event route", "POST", "/events/", As::owner, "title=x", 415, "", 0,
       "application/x-www-form-urlencoded"},
      {"a text body on an event route", "PUT", "/events/$E", As::owner, R"({"title":"x"})", 415, "",
       0, "text/plain"},
      // Query parameters out of range.
      {"limit=10^12", "GET", "/events/?limit=1000000000000", As::owner, "", 422, "limit"},
      {"limit=0", "GET", "/events/?limit=0", As::owner, "", 422, "limit"},
      {"limit=-1", "GET", "/events/?limit=-1", As::owner, "", 422, "limit"},
      {"limit past int64", "GET", "/events/?limit=99999999999999999999999", As::owner, "", 422,
       "limit"},
      {"limit=abc", "GET", "/events/?limit=abc", As::owner, "", 422, "limit"},
      {"a negative skip", "GET", "/events/?skip=-5", As::owner, "", 422, "skip"},
      {"from after to", "GET", "/events/?from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
       As::owner, "", 422, "from"},
      // Deep and huge JSON.
      {"200000 nested arrays", "POST", "/events/", As::owner, deep_array, 400, "nested"},
      {"50000 nested objects", "PUT", "/events/$E", As::owner, deep_object, 400, "nested"},
      {"a 100000-number array as a batch", "POST", "/events/batch", As::owner, many_numbers, 422,
       "", 400},
      {"a batch of 1001 events", "POST", "/events/batch", As::owner, batch_1001, 422, "1000"},
      {"an empty batch", "POST", "/events/batch", As::owner, "[]", 422},
      {"a batch with one bad item", "POST", "/events/batch", As::owner,
       "[" + event_body("\"ok\"") + "," + event_body("\"\"") + "]", 422, "title"},
      // Missing, duplicated, unknown keys and wrong types.
      {"an empty object", "POST", "/events/", As::owner, "{}", 422, "title"},
      {"no end_time", "POST", "/events/", As::owner,
       R"({"title":"t","start_time":"2026-05-01T09:00:00Z"})", 422, "end_time"},
      {"a duplicated title key", "POST", "/events/", As::owner,
       R"({"title":"a","title":"b","start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"})",
       400, "duplicate key 'title'"},
      {"a duplicated version key", "PUT", "/events/$E", As::owner,
       R"({"version":1,"title":"x","version":99})", 400, "duplicate key 'version'"},
      {"a duplicated key inside a batch item", "POST", "/events/batch", As::owner,
       "[" + event_body("\"ok\"") + "," + event_body("\"a\"", R"(,"title":"b")") + "]", 400,
       "duplicate key 'title'"},
      {"a duplicated password key at register", "POST", "/auth/register", As::nobody,
       R"({"username":"mallory","password":"password-x","password":"password-y"})", 400,
       "duplicate key 'password'"},
      {"an unknown field", "POST", "/events/", As::owner, event_body("\"t\"", R"(,"titel":"t")"),
       422, "titel"},
      {"a title as a number", "POST", "/events/", As::owner, event_body("5"), 422, "title"},
      {"a null title", "PUT", "/events/$E", As::owner, R"({"title":null})", 422, "title"},
      {"a description as an array", "PUT", "/events/$E", As::owner, R"({"description":["x"]})", 422,
       "description"},
      {"a version as a string", "PUT", "/events/$E", As::owner, R"({"title":"x","version":"1"})",
       422, "version"},
      {"a fractional version", "PUT", "/events/$E", As::owner, R"({"title":"x","version":1.5})",
       422, "version"},
      {"a body that is an array", "PUT", "/events/$E", As::owner, R"(["title"])", 422},
      {"a body that is a string", "POST", "/auth/login", As::nobody, R"("alice")", 422},
      {"a username as an object", "POST", "/auth/register", As::nobody,
       R"({"username":{"a":1},"password":"password-x"})", 422, "username"},
      {"a password as a number", "POST", "/auth/login", As::nobody,
       R"({"username":"alice","password":12345678})", 422, "password"},
      {"permission owner", "POST", "/events/$E/share", As::owner,
       R"({"username":"dave","permission":"owner"})", 422, "permission"},
      {"permission admin", "PUT", "/events/$E/permissions/3", As::owner,
       R"({"permission":"admin"})", 422, "permission"},
      {"a user_id as a string", "POST", "/events/$E/share", As::owner,
       R"({"user_id":"3","permission":"read"})", 422, "user_id"},
      {"a bad If-Match", "PUT", "/events/$E", As::owner, R"({"title":"x"})", 422, "if-match"},
      // Bodies that are not JSON at all.
      {"no body", "POST", "/events/", As::owner, "", 400},
      {"a form body where JSON is due", "POST", "/events/", As::owner, "title=x", 400},
      {"truncated JSON", "POST", "/events/", As::owner, R"({"title":"x",)", 400, "json"},
      {"a duplicated form field at login", "POST", "/auth/login", As::nobody,
       "username=alice&password=a&password=b", 422, "password", 0,
       "application/x-www-form-urlencoded"},
      {"a broken form escape at login", "POST", "/auth/login", As::nobody,
       "username=alice&password=%zz", 400, "", 0, "application/x-www-form-urlencoded"},
  };
}

}  // namespace

TEST_SUITE("reliability.hostile") {
  TEST_CASE("hostile HTTP input gets a clear 4xx and leaves the database unchanged") {
    HttpFixture f;
    const std::string owner = f.user("alice");
    const std::string writer = f.user("bob");
    const std::string reader = f.user("carol");
    const std::string stranger = f.user("dave");
    const std::int64_t e = f.event(owner);
    REQUIRE(
        f.post(f.path(e, "/share"), {{"username", "bob"}, {"permission", "write"}}, owner).status ==
        201);
    REQUIRE(f.post(f.path(e, "/share"), {{"username", "carol"}, {"permission", "read"}}, owner)
                .status == 201);
    const auto db = f.dir / "test.db";
    const std::string before = database_checksum(db);

    std::string expected_checksum = before;
    for (auto c : hostile_cases()) {
      const std::string name = c.name;
      CAPTURE(name);
      for (auto at = c.path.find("$E"); at != std::string::npos; at = c.path.find("$E")) {
        c.path.replace(at, 2, std::to_string(e));
      }
      const std::string token = c.as == As::owner      ? owner
                                : c.as == As::writer   ? writer
                                : c.as == As::reader   ? reader
                                : c.as == As::stranger ? stranger
                                                       : std::string();
      httplib::Headers headers;
      if (std::string_view(c.name) == "a bad If-Match") headers.emplace("If-Match", "\"abc\"");
      const Reply r = c.body.empty() ? f.send(c.method, c.path, token, std::nullopt, headers)
                                     : f.send(c.method, c.path, token, std::nullopt, headers,
                                              c.body, c.content_type);
      const std::string detail = r.body.is_object() && r.body.contains("detail")
                                     ? r.body["detail"].get<std::string>()
                                     : std::string();
      CAPTURE(detail);
      if (c.known_bug != nullptr) {
        const std::string after = database_checksum(db);
        const bool ok =
            (r.status == c.status || r.status == c.alt_status) && after == expected_checksum;
        WARN_MESSAGE(ok,
                     "known bug: " << std::string(c.known_bug) << " (status " << r.status << ")");
        expected_checksum = after;
        continue;
      }
      CHECK_MESSAGE((r.status == c.status || (c.alt_status != 0 && r.status == c.alt_status)),
                    "status " << r.status << ": " << r.raw.substr(0, 300));
      CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
      CHECK_FALSE(detail.empty());
      if (!c.mention.empty()) CHECK(lower(detail).find(c.mention) != std::string::npos);
      CHECK(detail.size() < 1000);  // never echoes a hostile body back
      const std::string after = database_checksum(db);
      CHECK_MESSAGE(after == expected_checksum, "the database changed");
      expected_checksum = after;  // one failure is reported once, not for every later case
    }
    CHECK(f.store.check().ok());
    CHECK(f.get("/health").status == 200);
  }

  TEST_CASE("SQL metacharacters in valid input are stored verbatim and match nothing extra") {
    HttpFixture f;
    const std::string alice = f.user("alice");
    const std::string bob = f.user("bob");
    f.event(bob, "bob's secret");
    const std::string title = "'); DROP TABLE events; -- \" OR 1=1 % _ \\";
    const Reply created = f.post("/events/",
                                 {{"title", title},
                                  {"start_time", "2026-05-01T09:00:00Z"},
                                  {"end_time", "2026-05-01T10:00:00Z"}},
                                 alice);
    REQUIRE(created.status == 201);
    CHECK(created.body["title"] == title);
    for (const char* q : {"%27%20OR%20%271%27%3D%271", "%25", "_", "secret", "%27%29%3B%20DROP"}) {
      CAPTURE(q);
      const Reply r = f.get(std::string("/events/?q=") + q, alice);
      REQUIRE(r.status == 200);
      for (const auto& ev : r.body) CHECK(ev["title"] == title);  // never bob's event
    }
    CHECK(f.get(std::string("/events/?q=%25"), alice).body.size() == 1);
    CHECK(f.store.check().ok());
  }
}

#endif  // EVENTCOLLAB_HAVE_HTTP
