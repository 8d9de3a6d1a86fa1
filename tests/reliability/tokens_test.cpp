// SPDX-License-Identifier: MIT
// Token forgery through the public API: every token an attacker can make without the key is
// refused, and so are the tokens a key holder would never issue.
#include <vector>

#include <nlohmann/json.hpp>

#include "support/jwt_forge.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

const std::string kSecret(32, 'k');  // what test_config() uses
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

struct TokenFixture : StoreFixture {
  TokenPair pair = store.auth().login("alice", "password-alice");

  json payload() const {
    return json::parse(jwt::b64url_decode(jwt::split(pair.access_token).payload));
  }

  void refused(const std::string& token) {
    CHECK_ERRC(store.auth().authenticate(token), Errc::unauthenticated);
  }
};

}  // namespace

TEST_SUITE("reliability.tokens") {
  TEST_CASE_FIXTURE(TokenFixture, "a token re-signed by the test with the real key is accepted") {
    // Proves the forging helpers are right, so the refusals below mean what they say.
    const std::string resigned = jwt::sign_hs256(kHeader, payload().dump(), kSecret);
    CHECK(resigned == pair.access_token);
    CHECK(store.auth().authenticate(resigned).user_id == alice.user_id);
  }

  TEST_CASE_FIXTURE(TokenFixture, "alg none is refused with any signature part") {
    const std::string body = payload().dump();
    refused(jwt::unsigned_token(body));
    refused(jwt::unsigned_token(body, jwt::split(pair.access_token).signature));
    refused(jwt::b64url(R"({"alg":"None","typ":"JWT"})") + "." + jwt::b64url(body) + ".");
    refused(jwt::b64url(R"({"alg":"none"})") + "." + jwt::b64url(body));
  }

  TEST_CASE_FIXTURE(TokenFixture, "HS256 signed with an empty or another key is refused") {
    const std::string body = payload().dump();
    refused(jwt::sign_hs256(kHeader, body, ""));
    refused(jwt::sign_hs256(kHeader, body, std::string(32, 'x')));
    refused(jwt::sign_hs256(kHeader, body, kSecret + "k"));
    refused(jwt::sign_hs256(kHeader, body, kSecret.substr(0, 31)));
  }

  TEST_CASE_FIXTURE(TokenFixture, "RS256 tokens and RS256/HS256 confusion are refused") {
    const std::string body = payload().dump();
    refused(jwt::sign_rs256(body));
    // A key holder's HMAC under an RS256 header: the algorithm is pinned, not negotiated.
    refused(jwt::sign_hs256(R"({"alg":"RS256","typ":"JWT"})", body, kSecret));
    refused(jwt::sign_hs256(R"({"alg":"HS512","typ":"JWT"})", body, kSecret));
    refused(jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT","kid":"../../dev/null"})", body, ""));
  }

  TEST_CASE_FIXTURE(TokenFixture, "an altered payload or signature is refused") {
    const auto parts = jwt::split(pair.access_token);
    SUBCASE("subject changed to another user") {
      json p = payload();
      p["sub"] = std::to_string(bob.user_id);
      refused(parts.header + "." + jwt::b64url(p.dump()) + "." + parts.signature);
    }
    SUBCASE("expiry pushed into the future") {
      json p = payload();
      p["exp"] = p["exp"].get<std::int64_t>() + 1'000'000;
      refused(parts.header + "." + jwt::b64url(p.dump()) + "." + parts.signature);
    }
    SUBCASE("one bit of the signature flipped") {
      std::string sig = jwt::b64url_decode(parts.signature);
      sig[5] = static_cast<char>(sig[5] ^ 1);
      refused(parts.header + "." + parts.payload + "." + jwt::b64url(sig));
    }
    SUBCASE("signature truncated, dropped or doubled") {
      refused(parts.header + "." + parts.payload + "." + parts.signature.substr(1));
      refused(parts.header + "." + parts.payload + ".");
      refused(parts.header + "." + parts.payload);
      refused(pair.access_token + "." + parts.signature);
      refused(pair.access_token + "=");
      refused(pair.access_token + "\n");
      refused(" " + pair.access_token);
    }
    SUBCASE("not a token at all") {
      for (const std::string& t :
           std::vector<std::string>{"", ".", "..", "...", "a.b.c", "Bearer x",
                                    std::string(5000, 'a'), std::string("\0.\0.\0", 5)}) {
        refused(t);
      }
    }
  }

  TEST_CASE_FIXTURE(TokenFixture, "even the key holder's odd tokens are refused") {
    // Defence in depth: claims that the library never issues do not authenticate.
    json p = payload();
    SUBCASE("another user's id on alice's session") { p["sub"] = std::to_string(bob.user_id); }
    SUBCASE("subject as a number") { p["sub"] = alice.user_id; }
    SUBCASE("expiry as a string") { p["exp"] = std::to_string(p["exp"].get<std::int64_t>()); }
    SUBCASE("expiry as a float") { p["exp"] = 1e18; }
    SUBCASE("no session id") { p.erase("sid"); }
    SUBCASE("no jti") { p.erase("jti"); }
    SUBCASE("payload is an array") { p = json::array({p}); }
    SUBCASE("an unknown session") { p["sid"] = 999'999; }
    refused(jwt::sign_hs256(kHeader, p.dump(), kSecret));
  }

  TEST_CASE_FIXTURE(TokenFixture, "a token from another store's key is refused") {
    TempDir other_dir;
    Config other = test_config(other_dir, clock);
    other.secret_key = std::string(32, 'z');
    Store other_store = Store::open(other);
    other_store.auth().register_user("alice", "password-alice");
    const auto foreign = other_store.auth().login("alice", "password-alice");
    refused(foreign.access_token);
  }

  TEST_CASE_FIXTURE(TokenFixture, "a token expires exactly at exp") {
    const std::int64_t ttl = pair.expires_in;
    clock.advance(ttl - 1);
    CHECK(store.auth().authenticate(pair.access_token).user_id == alice.user_id);
    clock.advance(1);
    refused(pair.access_token);
    clock.advance(1'000'000);
    refused(pair.access_token);
  }

  TEST_CASE_FIXTURE(TokenFixture, "after logout the access and refresh tokens stop working") {
    const Principal p = store.auth().authenticate(pair.access_token);
    store.auth().logout(p);
    refused(pair.access_token);
    CHECK_ERRC(store.auth().refresh(pair.refresh_token), Errc::unauthenticated);
    CHECK_ERRC(store.auth().logout(p), Errc::unauthenticated);
    // Other logins of the same user are untouched.
    CHECK(store.auth()
              .authenticate(store.auth().login("alice", "password-alice").access_token)
              .user_id == alice.user_id);
  }

  TEST_CASE_FIXTURE(TokenFixture, "reusing a rotated refresh token revokes the whole family") {
    const TokenPair second = store.auth().refresh(pair.refresh_token);
    const TokenPair third = store.auth().refresh(second.refresh_token);
    CHECK(store.auth().authenticate(third.access_token).user_id == alice.user_id);
    const TokenPair other_login = store.auth().login("alice", "password-alice");

    CHECK_ERRC(store.auth().refresh(pair.refresh_token), Errc::unauthenticated);  // the theft
    for (const TokenPair* t : std::initializer_list<const TokenPair*>{&pair, &second, &third}) {
      refused(t->access_token);
      CHECK_ERRC(store.auth().refresh(t->refresh_token), Errc::unauthenticated);
    }
    CHECK(store.auth().authenticate(other_login.access_token).user_id == alice.user_id);
    CHECK(store.auth().refresh(other_login.refresh_token).access_token.size() > 0);
  }

  TEST_CASE_FIXTURE(TokenFixture, "access and refresh tokens cannot stand in for each other") {
    refused(pair.refresh_token);
    CHECK_ERRC(store.auth().refresh(pair.access_token), Errc::unauthenticated);
    CHECK_ERRC(store.auth().refresh(""), Errc::unauthenticated);
    CHECK_ERRC(store.auth().refresh(std::string(100'000, 'A')), Errc::unauthenticated);
    // Neither failure burned the real refresh token.
    CHECK(store.auth().refresh(pair.refresh_token).access_token.size() > 0);
  }

  TEST_CASE_FIXTURE(TokenFixture, "an expired refresh token is refused") {
    clock.advance(store.config().refresh_token_expire_days * 86'400);
    CHECK_ERRC(store.auth().refresh(pair.refresh_token), Errc::unauthenticated);
  }
}
