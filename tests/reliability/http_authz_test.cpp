// SPDX-License-Identifier: MIT
// The permission table through every HTTP route that names an event: a stranger, a reader and
// a writer try each one against alice's event. A refusal changes nothing and reveals nothing:
// a stranger's answer is the answer for an event that does not exist.
#ifdef EVENTCOLLAB_HAVE_HTTP

#include <regex>

#include "support/jwt_forge.hpp"

#include "support/db_dump.hpp"
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct RouteCase {
  const char* method;
  const char* path;  // "$E": the event, "$U": carol's user id
  const char* body;  // "" for none
  int stranger, reader, writer;
};

// What each role may do (docs/REST.md): read routes need read, content changes need write,
// sharing and deleting need the owner.
const RouteCase kRoutes[] = {
    {"GET", "/events/$E", "", 404, 200, 200},
    {"PUT", "/events/$E", R"({"title":"changed"})", 404, 403, 200},
    {"PUT", "/events/$E", R"({"title":""})", 404, 403, 422},  // access is checked before input
    {"PUT", "/events/$E", R"({"nonsense":1})", 404, 403, 422},
    {"DELETE", "/events/$E", "", 404, 403, 403},
    {"POST", "/events/$E/share", R"({"username":"erin","permission":"write"})", 404, 403, 403},
    {"GET", "/events/$E/permissions", "", 404, 200, 200},
    {"PUT", "/events/$E/permissions/$U", R"({"permission":"write"})", 404, 403, 403},
    {"DELETE", "/events/$E/permissions/$U", "", 404, 403, 403},
    {"GET", "/events/$E/versions", "", 404, 200, 200},
    {"GET", "/events/$E/versions/1", "", 404, 200, 200},
    {"GET", "/events/$E/diff/1/2", "", 404, 200, 200},
    {"GET", "/events/$E/changelog", "", 404, 200, 200},
    {"POST", "/events/$E/rollback/1", "", 404, 403, 200},
};

std::string substitute(std::string s, const std::string& event, const std::string& user) {
  for (auto at = s.find("$E"); at != std::string::npos; at = s.find("$E")) s.replace(at, 2, event);
  for (auto at = s.find("$U"); at != std::string::npos; at = s.find("$U")) s.replace(at, 2, user);
  return s;
}

}  // namespace

TEST_SUITE("reliability.authz") {
  TEST_CASE("every event route follows the permission table for stranger, reader and writer") {
    HttpFixture f;
    const std::string alice = f.user("alice");
    const std::string writer = f.user("bob");
    const std::string reader = f.user("carol");
    const std::string stranger = f.user("dave");
    f.user("erin");
    const std::string carol_id = std::to_string(f.user_id(reader));
    const auto db = f.dir / "test.db";

    for (const char* role : {"stranger", "reader", "writer"}) {
      CAPTURE(std::string(role));
      // A fresh event per role, with two versions and both shares.
      const std::int64_t id = f.event(alice, "Secret plan");
      REQUIRE(f.put(f.path(id), {{"description", "the details"}}, alice).status == 200);
      REQUIRE(f.post(f.path(id, "/share"), {{"username", "bob"}, {"permission", "write"}}, alice)
                  .status == 201);
      REQUIRE(f.post(f.path(id, "/share"), {{"username", "carol"}, {"permission", "read"}}, alice)
                  .status == 201);
      const std::string token = std::string(role) == "stranger" ? stranger
                                : std::string(role) == "reader" ? reader
                                                                : writer;
      for (const auto& route : kRoutes) {
        const int expected = std::string(role) == "stranger" ? route.stranger
                             : std::string(role) == "reader" ? route.reader
                                                             : route.writer;
        const std::string path = substitute(route.path, std::to_string(id), carol_id);
        const std::string missing = substitute(route.path, "999999", carol_id);
        CAPTURE(std::string(route.method) + " " + path + " " + route.body);
        const std::string before = database_checksum(db);
        auto send = [&](const std::string& p, const std::string& t) {
          return *route.body ? f.send(route.method, p, t, std::nullopt, {}, std::string(route.body))
                             : f.send(route.method, p, t);
        };
        const Reply r = send(path, token);
        CHECK_MESSAGE(r.status == expected, r.raw.substr(0, 200));
        if (r.status >= 400) {
          CHECK_MESSAGE(database_checksum(db) == before, "a refused request changed the database");
          CHECK(r.raw.find("Secret plan") == std::string::npos);
          CHECK(r.raw.find("the details") == std::string::npos);
          CHECK(r.raw.find("alice") == std::string::npos);
        }
        if (r.status == 404) {
          // Indistinguishable from an event that does not exist (ids aside).
          const Reply none = send(missing, token);
          CHECK(none.status == 404);
          CHECK(std::regex_replace(r.raw, std::regex(std::to_string(id)), "N") ==
                std::regex_replace(none.raw, std::regex("999999"), "N"));
        }
        // Without a token every route is 401 with a challenge, and changes nothing.
        const std::string before_anonymous = database_checksum(db);
        const Reply anonymous = send(path, "");
        CHECK(anonymous.status == 401);
        CHECK(anonymous.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
        CHECK(database_checksum(db) == before_anonymous);
      }
      // The list and search reveal the event exactly to those who may read it.
      const Reply list = f.get("/events/?q=Secret", token);
      REQUIRE(list.status == 200);
      bool listed = false;
      for (const auto& e : list.body) listed |= e["id"] == id;
      CHECK(listed == (std::string(role) != "stranger"));
    }
    CHECK(f.store.check().ok());
  }

  TEST_CASE("a stranger's token cannot be bent into access by headers or paths") {
    HttpFixture f;
    const std::string alice = f.user("alice");
    const std::string dave = f.user("dave");
    const std::int64_t id = f.event(alice, "Secret plan");
    const std::string alice_id = std::to_string(f.user_id(alice));
    for (const auto& path : {f.path(id), f.path(id) + "/", f.path(id) + "?owner_id=" + alice_id,
                             "/events/" + std::to_string(id) + "%2F",
                             "/events//" + std::to_string(id), "/events/./" + std::to_string(id)}) {
      CAPTURE(path);
      const Reply r = f.send("GET", path, dave, std::nullopt,
                             {{"X-Forwarded-User", "alice"}, {"X-User-Id", alice_id}});
      CHECK(r.status == 404);
      CHECK(r.raw.find("Secret plan") == std::string::npos);
    }
    // Two Authorization headers: never the union of two identities.
    const Reply two =
        f.send("GET", f.path(id), "", std::nullopt,
               {{"Authorization", "Bearer " + dave}, {"Authorization", "Bearer " + alice}});
    CHECK(two.raw.find("Secret plan") == std::string::npos);
  }
  TEST_CASE("over HTTP, an unknown user and a wrong password look the same, then 429") {
    HttpFixture f;
    f.user("alice");
    const Reply wrong = f.post("/auth/login", {{"username", "alice"}, {"password", "wrong-pass"}});
    const Reply unknown =
        f.post("/auth/login", {{"username", "nobody"}, {"password", "wrong-pass"}});
    const Reply form = f.send("POST", "/auth/login", "", std::nullopt, {},
                              std::string("username=nobody2&password=wrong-pass"),
                              "application/x-www-form-urlencoded");
    CHECK(wrong.status == 401);
    CHECK(unknown.status == wrong.status);
    CHECK(form.status == wrong.status);
    CHECK(unknown.raw == wrong.raw);
    CHECK(form.raw == wrong.raw);
    for (const char* h : {"Content-Type", "WWW-Authenticate", "Retry-After"}) {
      CHECK(unknown.header(h) == wrong.header(h));
    }
    for (int i = 0; i < 4; ++i) {
      f.post("/auth/login", {{"username", "alice"}, {"password", "wrong-pass"}});
    }
    const Reply locked =
        f.post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    CHECK(locked.status == 429);
    CHECK(std::stoll(locked.header("Retry-After")) >= 1);
    CHECK(locked.raw.find("access_token") == std::string::npos);
  }

  TEST_CASE("over HTTP, forged tokens get the same 401 as garbage") {
    HttpFixture f;
    const std::string alice = f.user("alice");
    const auto parts = jwt::split(alice);
    const std::string payload = jwt::b64url_decode(parts.payload);
    const Reply garbage = f.get("/auth/me", "garbage");
    REQUIRE(garbage.status == 401);
    for (const std::string& forged :
         {jwt::unsigned_token(payload),
          jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})", payload, ""),
          jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})", payload, std::string(32, 'x')),
          jwt::sign_rs256(payload), parts.header + "." + parts.payload + ".",
          jwt::sign_hs256(R"({"alg":"RS256","typ":"JWT"})", payload, std::string(32, 'k'))}) {
      const Reply r = f.get("/auth/me", forged);
      CHECK(r.status == 401);
      CHECK(r.raw == garbage.raw);
      CHECK(r.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
    }
    // Logout ends the token over HTTP too; the refresh token is no bearer token.
    const Reply login =
        f.post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    const std::string access = login.body["access_token"];
    const std::string refresh = login.body["refresh_token"];
    CHECK(f.get("/auth/me", refresh).status == 401);
    CHECK(f.send("POST", "/auth/logout", access).status == 204);
    CHECK(f.get("/auth/me", access).status == 401);
    CHECK(f.post("/auth/refresh", {{"refresh_token", refresh}}).status == 401);
  }
}

#endif  // EVENTCOLLAB_HAVE_HTTP
