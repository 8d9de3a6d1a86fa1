// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/password_hash.hpp"
#include "crypto/crypto.hpp"
#include "support/jwt_forge.hpp"
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using namespace eventcollab::test::jwt;

namespace {

struct AuthFixture {
  TempDir dir;
  FakeClock clock;
  Config cfg = test_config(dir, clock);
  Store store = Store::open(cfg);
  Auth& auth = store.auth();
  AuthFixture() { auth.register_user("alice", "password-1", "alice@example.com"); }
};

// The payload JSON of a token.
std::string payload_json_of(const std::string& token) {
  return b64url_decode(split(token).payload);
}

std::string message_of(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return std::string(to_string(e.code())) + ": " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("auth") {
  TEST_CASE_FIXTURE(AuthFixture, "registration returns the user without any secret") {
    auto bob = auth.register_user("Bob.Smith-2", "12345678");
    CHECK(bob.id > 0);
    CHECK(bob.username == "Bob.Smith-2");
    CHECK_FALSE(bob.email.has_value());
    CHECK(bob.created_at == clock.now());
    CHECK(auth.find_user("bob.smith-2").id == bob.id);
  }

  TEST_CASE_FIXTURE(AuthFixture, "usernames are unique ignoring case") {
    CHECK_ERRC(auth.register_user("ALICE", "password-2"), Errc::conflict);
    CHECK_ERRC(auth.register_user("alice", "password-2"), Errc::conflict);
  }

  TEST_CASE_FIXTURE(AuthFixture, "registration input is validated") {
    CHECK_ERRC(auth.register_user("ab", "password-1"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user(std::string(65, 'a'), "password-1"), Errc::invalid_argument);
    CHECK_NOTHROW(auth.register_user(std::string(64, 'a'), "password-1"));
    CHECK_ERRC(auth.register_user("bad name", "password-1"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("bad/name", "password-1"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("bäd", "password-1"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("bob", "1234567"), Errc::invalid_argument);
    CHECK_NOTHROW(auth.register_user("bob", "12345678"));
    CHECK_NOTHROW(auth.register_user("bob2", std::string(1024, 'p')));
    CHECK_ERRC(auth.register_user("bob3", std::string(1025, 'p')), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", "no-at-sign"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", "a@b@c"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", "@example.com"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", "carol@"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", "ca rol@x.org"), Errc::invalid_argument);
    CHECK_ERRC(auth.register_user("carol", "password-1", std::string(250, 'c') + "@x.org"),
               Errc::invalid_argument);
    CHECK_NOTHROW(auth.register_user("carol", "password-1", "carol@example.org"));
  }

  TEST_CASE_FIXTURE(AuthFixture,
                    "login returns a bearer JWT with sub, iat, exp, jti and a refresh token") {
    auto pair = auth.login("ALICE", "password-1");
    CHECK(pair.token_type == "bearer");
    CHECK(pair.expires_in == 30 * 60);
    auto payload = nlohmann::json::parse(payload_json_of(pair.access_token));
    CHECK(payload["sub"] == std::to_string(auth.find_user("alice").id));
    CHECK(payload["iat"] == clock.now().time_since_epoch().count());
    CHECK(payload["exp"].get<std::int64_t>() - payload["iat"].get<std::int64_t>() ==
          pair.expires_in);
    CHECK(payload["jti"].is_string());
    CHECK(pair.refresh_token.size() >= 43);  // 256 bits, base64url
    auto who = auth.authenticate(pair.access_token);
    CHECK(who.username == "alice");
    CHECK(auth.me(who).email == "alice@example.com");
    // Only the refresh token's hash is stored.
    RawDb raw(dir / "test.db");
    CHECK(raw.integer("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" +
                      pair.refresh_token + "'") == 0);
    CHECK(raw.integer("SELECT length(token_hash) FROM refresh_tokens") == 32);
  }

  TEST_CASE_FIXTURE(AuthFixture, "unknown user and wrong password give the same error") {
    const auto wrong = message_of([&] { auth.login("alice", "wrong-password"); });
    const auto unknown = message_of([&] { auth.login("nobody", "wrong-password"); });
    const auto invalid = message_of([&] { auth.login("x", "wrong-password"); });
    CHECK(wrong.starts_with("unauthenticated"));
    CHECK(wrong == unknown);
    CHECK(wrong == invalid);
  }

  TEST_CASE_FIXTURE(AuthFixture, "tampered tokens are refused") {
    const auto token = auth.login("alice", "password-1").access_token;
    const auto payload = payload_json_of(token);
    const std::string key(32, 'k');  // the test config's secret
    const std::string header = R"({"alg":"HS256","typ":"JWT"})";
    // The forger's tool, checked against the real thing: same key, same bytes, accepted.
    REQUIRE(auth.authenticate(sign_hs256(header, payload, key)).username == "alice");

    SUBCASE("alg none") {
      auto t = b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(payload) + ".";
      CHECK_ERRC(auth.authenticate(t), Errc::unauthenticated);
    }
    SUBCASE("another algorithm signed with the same key") {
      CHECK_ERRC(auth.authenticate(sign_hs256(R"({"alg":"HS512","typ":"JWT"})", payload, key)),
                 Errc::unauthenticated);
      CHECK_ERRC(auth.authenticate(sign_hs256(R"({"alg":"RS256","typ":"JWT"})", payload, key)),
                 Errc::unauthenticated);
    }
    SUBCASE("altered payload") {
      auto j = nlohmann::json::parse(payload);
      j["sub"] = "2";
      auto a = token.find('.'), b = token.rfind('.');
      auto t = token.substr(0, a + 1) + b64url(j.dump()) + token.substr(b);
      CHECK_ERRC(auth.authenticate(t), Errc::unauthenticated);
    }
    SUBCASE("altered signature") {
      auto t = token;
      t.back() = t.back() == 'A' ? 'B' : 'A';
      CHECK_ERRC(auth.authenticate(t), Errc::unauthenticated);
      CHECK_ERRC(auth.authenticate(token.substr(0, token.rfind('.') + 1)), Errc::unauthenticated);
    }
    SUBCASE("wrong key") {
      CHECK_ERRC(auth.authenticate(sign_hs256(header, payload, std::string(32, 'x'))),
                 Errc::unauthenticated);
      CHECK_ERRC(auth.authenticate(sign_hs256(header, payload, "")), Errc::unauthenticated);
    }
    SUBCASE("garbage") {
      for (const std::string& t : std::vector<std::string>{"", ".", "..", "a.b.c", "not a token",
                                                           std::string(10000, 'a')}) {
        CAPTURE(t);
        CHECK_ERRC(auth.authenticate(t), Errc::unauthenticated);
      }
    }
    SUBCASE("the refresh token is not a bearer token") {
      CHECK_ERRC(auth.authenticate(auth.login("alice", "password-1").refresh_token),
                 Errc::unauthenticated);
    }
  }

  TEST_CASE_FIXTURE(AuthFixture, "an access token expires after ACCESS_TOKEN_EXPIRE_MINUTES") {
    const auto token = auth.login("alice", "password-1").access_token;
    clock.advance(30 * 60 - 1);
    CHECK_NOTHROW(auth.authenticate(token));
    clock.advance(1);
    CHECK_ERRC(auth.authenticate(token), Errc::unauthenticated);
  }

  TEST_CASE_FIXTURE(AuthFixture, "logout revokes the access token and its refresh token") {
    const auto pair = auth.login("alice", "password-1");
    const auto other = auth.login("alice", "password-1");  // a second login stays valid
    auth.logout(auth.authenticate(pair.access_token));
    CHECK_ERRC(auth.authenticate(pair.access_token), Errc::unauthenticated);
    CHECK_ERRC(auth.refresh(pair.refresh_token), Errc::unauthenticated);
    CHECK_NOTHROW(auth.authenticate(other.access_token));
  }

  TEST_CASE_FIXTURE(AuthFixture, "refresh rotates and reuse of a rotated token revokes the login") {
    const auto first = auth.login("alice", "password-1");
    const auto second = auth.refresh(first.refresh_token);
    CHECK(second.refresh_token != first.refresh_token);
    CHECK(auth.authenticate(second.access_token).username == "alice");
    CHECK(auth.authenticate(first.access_token).username == "alice");  // refresh keeps it
    // The thief replays the rotated token: every token of that login dies.
    CHECK_ERRC(auth.refresh(first.refresh_token), Errc::unauthenticated);
    CHECK_ERRC(auth.refresh(second.refresh_token), Errc::unauthenticated);
    CHECK_ERRC(auth.authenticate(second.access_token), Errc::unauthenticated);
    CHECK_ERRC(auth.authenticate(first.access_token), Errc::unauthenticated);
  }

  TEST_CASE_FIXTURE(AuthFixture, "refresh refuses access tokens, garbage and expired tokens") {
    const auto pair = auth.login("alice", "password-1");
    CHECK_ERRC(auth.refresh(pair.access_token), Errc::unauthenticated);
    CHECK_ERRC(auth.refresh(""), Errc::unauthenticated);
    CHECK_ERRC(auth.refresh("nonsense"), Errc::unauthenticated);
    clock.advance(14 * 86'400);
    CHECK_ERRC(auth.refresh(pair.refresh_token), Errc::unauthenticated);
  }

  TEST_CASE_FIXTURE(AuthFixture, "a deleted user's token stops working") {
    const auto token = auth.login("alice", "password-1").access_token;
    {
      RawDb raw(dir / "test.db");
      raw.exec("PRAGMA foreign_keys = ON; DELETE FROM users WHERE username = 'alice'");
    }
    CHECK_ERRC(auth.authenticate(token), Errc::unauthenticated);
  }

  TEST_CASE_FIXTURE(AuthFixture,
                    "five failed logins throttle the username until the window passes") {
    for (int i = 0; i < 5; ++i) {
      CHECK_ERRC(auth.login("alice", "wrong-password"), Errc::unauthenticated);
      clock.advance(10);
    }
    try {
      auth.login("Alice", "password-1");  // even the right password, any case
      FAIL("not throttled");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::rate_limited);
      REQUIRE(e.retry_after().has_value());
      CHECK(*e.retry_after() == 900 - 50);
    }
    // Throttling holds across processes: a second store on the same file sees it.
    {
      auto other = Store::open(cfg);
      CHECK_ERRC(other.auth().login("alice", "password-1"), Errc::rate_limited);
    }
    clock.advance(900 - 50);  // the first failure leaves the window
    CHECK_NOTHROW(auth.login("alice", "password-1"));
  }

  TEST_CASE_FIXTURE(AuthFixture,
                    "unknown usernames are throttled too and success clears the count") {
    for (int i = 0; i < 5; ++i)
      CHECK_ERRC(auth.login("ghost", "x-password"), Errc::unauthenticated);
    CHECK_ERRC(auth.login("ghost", "x-password"), Errc::rate_limited);
    for (int i = 0; i < 4; ++i) CHECK_ERRC(auth.login("alice", "wrong"), Errc::unauthenticated);
    CHECK_NOTHROW(auth.login("alice", "password-1"));
    for (int i = 0; i < 4; ++i) CHECK_ERRC(auth.login("alice", "wrong"), Errc::unauthenticated);
    CHECK_NOTHROW(auth.login("alice", "password-1"));
  }

  TEST_CASE_FIXTURE(AuthFixture, "trusted principals act as the user but cannot log out") {
    auto who = auth.trusted_principal(auth.find_user("alice").id);
    CHECK(who.username == "alice");
    CHECK_ERRC(auth.logout(who), Errc::unauthenticated);
    CHECK_ERRC(auth.trusted_principal(999), Errc::not_found);
  }

  TEST_CASE_FIXTURE(AuthFixture,
                    "a login ends after its absolute lifetime however often it is "
                    "refreshed") {
    auto pair = auth.login("alice", "password-1");
    // Refresh every 13 days (refresh tokens last 14): the login still ends at day 30.
    for (int day = 13; day < 30; day += 13) {
      clock.advance(13 * 86'400);
      pair = auth.refresh(pair.refresh_token);
    }
    clock.advance((30 - 26) * 86'400 - 60);  // one minute before the end of the login
    pair = auth.refresh(pair.refresh_token);
    CHECK_NOTHROW(auth.authenticate(pair.access_token));
    clock.advance(60);  // the access token itself would last 29 more minutes
    CHECK_ERRC(auth.authenticate(pair.access_token), Errc::unauthenticated);
    CHECK_ERRC(auth.refresh(pair.refresh_token), Errc::unauthenticated);
    CHECK_NOTHROW(auth.login("alice", "password-1"));  // a new login starts a new lifetime
  }

  TEST_CASE("the login lifetime is configurable") {
    TempDir dir;
    FakeClock clock;
    Config cfg = test_config(dir, clock);
    cfg.session_expire_days = 1;
    auto store = Store::open(cfg);
    store.auth().register_user("alice", "password-1");
    const auto pair = store.auth().login("alice", "password-1");
    clock.advance(86'400);
    CHECK_ERRC(store.auth().refresh(pair.refresh_token), Errc::unauthenticated);
  }

  TEST_CASE_FIXTURE(AuthFixture, "expired logins, refresh tokens and login failures are pruned") {
    auto first = auth.login("alice", "password-1");
    for (int i = 0; i < 3; ++i) first = auth.refresh(first.refresh_token);
    for (int i = 0; i < 3; ++i)
      CHECK_ERRC(auth.login("ghost", "x-password"), Errc::unauthenticated);
    RawDb raw(dir / "test.db");
    CHECK(raw.integer("SELECT count(*) FROM sessions") == 1);
    CHECK(raw.integer("SELECT count(*) FROM refresh_tokens") == 4);
    CHECK(raw.integer("SELECT count(*) FROM login_failures") == 3);
    clock.advance(31 * 86'400);
    CHECK_ERRC(auth.login("ghost", "x-password"), Errc::unauthenticated);  // any login prunes
    CHECK(raw.integer("SELECT count(*) FROM sessions") == 0);
    CHECK(raw.integer("SELECT count(*) FROM refresh_tokens") == 0);
    CHECK(raw.integer("SELECT count(*) FROM login_failures") == 1);  // only this new one
  }

  TEST_CASE_FIXTURE(AuthFixture, "session ids are never reused after a login is pruned") {
    const auto first = auth.authenticate(auth.login("alice", "password-1").access_token);
    clock.advance(31 * 86'400);
    const auto second = auth.authenticate(auth.login("alice", "password-1").access_token);
    RawDb raw(dir / "test.db");
    CHECK(raw.integer(
              fmt::format("SELECT count(*) FROM sessions WHERE id = {}", first.session_id)) == 0);
    CHECK(second.session_id > first.session_id);
  }

  TEST_CASE("every failed login costs the configured hash work, whatever the stored hash") {
    TempDir dir;
    FakeClock clock;
    Config cfg = test_config(dir, clock);
    cfg.password_iterations = 20'000;
    {
      auto store = Store::open(cfg);
      store.auth().register_user("alice", "password-1");
    }
    {
      // bob's hash predates a raised cost, carol's a lowered one; mallory's is unreadable.
      RawDb raw(dir / "test.db");
      raw.exec(fmt::format(
          "INSERT INTO users(username, password_hash, created_at) VALUES ('bob', '{}', 1), "
          "('carol', '{}', 1), ('mallory', 'garbage', 1)",
          auth::hash_password("password-b", 1'000), auth::hash_password("password-c", 30'000)));
    }
    auto store = Store::open(cfg);
    auto cost_of_failure = [&](const char* name) {
      const auto before = crypto::pbkdf2_iterations_run();
      CHECK_ERRC(store.auth().login(name, "wrong-password"), Errc::unauthenticated);
      return crypto::pbkdf2_iterations_run() - before;
    };
    const auto unknown = cost_of_failure("nobody");
    CHECK(unknown == 20'000);
    CHECK(cost_of_failure("alice") == unknown);
    CHECK(cost_of_failure("bob") == unknown);  // 1,000 was 20 times cheaper before
    CHECK(cost_of_failure("mallory") == unknown);
    // A stronger stored hash costs its own work once; a successful login brings it down.
    CHECK(cost_of_failure("carol") == 30'000);
    CHECK_NOTHROW(store.auth().login("carol", "password-c"));
    CHECK(cost_of_failure("carol") == unknown);
    // And a weak hash is strengthened at the next successful login.
    CHECK_NOTHROW(store.auth().login("bob", "password-b"));
    CHECK(cost_of_failure("bob") == unknown);
  }
}
