// SPDX-License-Identifier: MIT
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

std::string b64url(const std::string& in) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0;
  int bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out += alphabet[(val >> bits) & 0x3F];
      bits -= 6;
    }
  }
  if (bits > -6) out += alphabet[((val << 8) >> (bits + 8)) & 0x3F];
  return out;
}

std::string b64url_decode(const std::string& in) {
  std::string out;
  int val = 0;
  int bits = -8;
  for (char c : in) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto pos = alphabet.find(c);
    if (pos == std::string::npos) break;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("http auth") {
  TEST_CASE_FIXTURE(HttpFixture, "register answers 201 with the user and refuses a taken name") {
    Reply r = post("/auth/register",
                   {{"username", "alice"}, {"password", "password-alice"}, {"email", "a@b.c"}});
    CHECK(r.status == 201);
    CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
    CHECK(r.body.at("username") == "alice");
    CHECK(r.body.at("email") == "a@b.c");
    CHECK(r.body.at("id").get<std::int64_t>() > 0);
    CHECK(r.body.at("created_at").get<std::string>().back() == 'Z');
    CHECK(r.body.size() == 4);
    CHECK_HTTP_ERROR(post("/auth/register", {{"username", "ALICE"}, {"password", "password-x"}}),
                     409);
  }

  TEST_CASE_FIXTURE(HttpFixture, "register rejects bad input with 422 and broken JSON with 400") {
    CHECK_HTTP_ERROR(post("/auth/register", {{"username", "a!"}, {"password", "password-a"}}), 422);
    CHECK_HTTP_ERROR(post("/auth/register", {{"username", "alice"}, {"password", "short"}}), 422);
    CHECK_HTTP_ERROR(
        post("/auth/register", {{"username", "alice"}, {"password", "password-a"}, {"x", 1}}), 422);
    CHECK_HTTP_ERROR(post("/auth/register", {{"username", 5}, {"password", "password-a"}}), 422);
    CHECK_HTTP_ERROR(send("POST", "/auth/register", {}, {}, {}, std::string("{\"username\":")),
                     400);
    CHECK_HTTP_ERROR(send("POST", "/auth/register", {}, {}, {}, std::string("")), 400);
  }

  TEST_CASE_FIXTURE(HttpFixture, "login takes JSON or the OAuth2 password form") {
    REQUIRE(post("/auth/register", {{"username", "alice"}, {"password", "pass word+1"}}).status ==
            201);
    Reply j = post("/auth/login", {{"username", "Alice"}, {"password", "pass word+1"}});
    CHECK(j.status == 200);
    CHECK(j.body.at("token_type") == "bearer");
    CHECK(j.body.at("expires_in") == 30 * 60);
    CHECK(j.body.at("access_token").get<std::string>().size() > 20);
    CHECK(j.body.at("refresh_token").get<std::string>().size() > 20);

    Reply f = send("POST", "/auth/login", {}, {}, {},
                   std::string("grant_type=password&username=alice&password=pass+word%2B1"
                               "&scope=&client_id=cli"),
                   "application/x-www-form-urlencoded");
    CHECK_MESSAGE(f.status == 200, f.raw);
    CHECK(get("/auth/me", f.body.at("access_token").get<std::string>()).body.at("username") ==
          "alice");

    CHECK_HTTP_ERROR(
        send("POST", "/auth/login", {}, {}, {}, std::string("username=alice&password=x&colour=red"),
             "application/x-www-form-urlencoded"),
        422);
    CHECK_HTTP_ERROR(send("POST", "/auth/login", {}, {}, {}, std::string("username=alice"),
                          "application/x-www-form-urlencoded"),
                     422);
    CHECK_HTTP_ERROR(send("POST", "/auth/login", {}, {}, {}, std::string("username=%zz&password=x"),
                          "application/x-www-form-urlencoded"),
                     400);
  }

  TEST_CASE_FIXTURE(HttpFixture, "a wrong password and an unknown user get the same 401") {
    user("alice");
    Reply wrong = post("/auth/login", {{"username", "alice"}, {"password", "wrong-password"}});
    Reply unknown = post("/auth/login", {{"username", "nobody"}, {"password", "wrong-password"}});
    CHECK_HTTP_ERROR(wrong, 401);
    CHECK_HTTP_ERROR(unknown, 401);
    CHECK(wrong.header("WWW-Authenticate") == "Bearer");
    CHECK(wrong.body == unknown.body);
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "five failed logins answer 429 with Retry-After until the window passes") {
    user("alice");
    for (int i = 0; i < 5; ++i) {
      CHECK(post("/auth/login", {{"username", "alice"}, {"password", "wrong-password"}}).status ==
            401);
    }
    Reply r = post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    CHECK_HTTP_ERROR(r, 429);
    REQUIRE(r.has_header("Retry-After"));
    CHECK(std::stoi(r.header("Retry-After")) >= 1);
    CHECK(std::stoi(r.header("Retry-After")) <= 900);
    clock.advance(901);
    CHECK(post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}}).status ==
          200);
  }

  TEST_CASE_FIXTURE(HttpFixture, "refresh rotates, and reusing a rotated token revokes the login") {
    user("alice");
    Reply login = post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    const std::string access = login.body.at("access_token");
    const std::string first = login.body.at("refresh_token");
    Reply next = post("/auth/refresh", {{"refresh_token", first}});
    REQUIRE(next.status == 200);
    CHECK(next.body.at("token_type") == "bearer");
    CHECK(get("/auth/me", access).status == 200);  // refreshing keeps the access token
    Reply reuse = post("/auth/refresh", {{"refresh_token", first}});
    CHECK_HTTP_ERROR(reuse, 401);
    CHECK(reuse.header("WWW-Authenticate") == "Bearer");
    CHECK(get("/auth/me", next.body.at("access_token")).status == 401);
    CHECK(post("/auth/refresh", {{"refresh_token", next.body.at("refresh_token")}}).status == 401);
    CHECK_HTTP_ERROR(post("/auth/refresh", {{"refresh_token", access}}), 401);
    CHECK_HTTP_ERROR(post("/auth/refresh", {{"token", "x"}}), 422);
  }

  TEST_CASE_FIXTURE(HttpFixture, "logout answers 204 and both tokens stop working") {
    user("alice");
    Reply login = post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    const std::string access = login.body.at("access_token");
    Reply out = send("POST", "/auth/logout", access);
    CHECK(out.status == 204);
    CHECK(out.raw.empty());
    CHECK_HTTP_ERROR(get("/auth/me", access), 401);
    CHECK(post("/auth/refresh", {{"refresh_token", login.body.at("refresh_token")}}).status == 401);
    CHECK_HTTP_ERROR(send("POST", "/auth/logout", access), 401);
  }

  TEST_CASE_FIXTURE(HttpFixture, "me answers the caller's user") {
    const std::string token = user("alice");
    Reply r = get("/auth/me", token);
    CHECK(r.status == 200);
    CHECK(r.body.at("username") == "alice");
    CHECK(r.body.at("email").is_null());
  }

  TEST_CASE_FIXTURE(
      HttpFixture,
      "a missing, malformed, tampered or expired token gets 401 with WWW-Authenticate") {
    const std::string token = user("alice");
    Reply login = post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    const auto dot1 = token.find('.');
    const auto dot2 = token.rfind('.');
    REQUIRE(dot1 != std::string::npos);
    REQUIRE(dot2 != dot1);
    auto unauthorized = [&](const httplib::Headers& headers) {
      Reply r = send("GET", "/auth/me", {}, {}, headers);
      CHECK_HTTP_ERROR(r, 401);
      CHECK(r.header("WWW-Authenticate") == "Bearer");
    };
    SUBCASE("no header") { unauthorized({}); }
    SUBCASE("not the Bearer scheme") { unauthorized({{"Authorization", "Basic " + token}}); }
    SUBCASE("an empty token") { unauthorized({{"Authorization", "Bearer "}}); }
    SUBCASE("garbage") { unauthorized({{"Authorization", "Bearer not.a.jwt"}}); }
    SUBCASE("the refresh token") {
      unauthorized(
          {{"Authorization", "Bearer " + login.body.at("refresh_token").get<std::string>()}});
    }
    SUBCASE("a changed signature") {
      std::string t = token;
      t.back() = t.back() == 'A' ? 'B' : 'A';
      unauthorized({{"Authorization", "Bearer " + t}});
    }
    SUBCASE("a changed payload with the old signature") {
      json claims = json::parse(b64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
      claims["sub"] = "999";
      const std::string t = token.substr(0, dot1 + 1) + b64url(claims.dump()) + token.substr(dot2);
      unauthorized({{"Authorization", "Bearer " + t}});
    }
    SUBCASE("alg none") {
      const std::string header = b64url(R"({"alg":"none","typ":"JWT"})");
      unauthorized({{"Authorization", "Bearer " + header + token.substr(dot1, dot2 - dot1) + "."}});
    }
    SUBCASE("expired") {
      clock.advance(31 * 60);
      unauthorized({{"Authorization", "Bearer " + token}});
    }
    SUBCASE("the scheme name ignores case") {
      CHECK(send("GET", "/auth/me", {}, {}, {{"Authorization", "bearer " + token}}).status == 200);
    }
  }
}
