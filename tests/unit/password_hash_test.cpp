// SPDX-License-Identifier: MIT
#include "auth/password_hash.hpp"
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

TEST_SUITE("password hash") {
  TEST_CASE("the hash string names algorithm, cost, salt and hash") {
    const auto h = auth::hash_password("correct horse", 1000);
    CHECK(h.starts_with("$pbkdf2-sha256$i=1000$"));
    CHECK(std::count(h.begin(), h.end(), '$') == 4);
    CHECK(h != auth::hash_password("correct horse", 1000));  // salted
  }

  TEST_CASE("verification accepts the password and refuses others and malformed hashes") {
    const auto h = auth::hash_password("correct horse", 1000);
    CHECK(auth::verify_password("correct horse", h, 1000).ok);
    CHECK_FALSE(auth::verify_password("correct horsE", h, 1000).ok);
    CHECK_FALSE(auth::verify_password("", h, 1000).ok);
    CHECK_FALSE(auth::verify_password("correct horse", "", 1000).ok);
    CHECK_FALSE(auth::verify_password("correct horse", "$pbkdf2-sha256$i=0$AA==$AA==", 1000).ok);
    CHECK_FALSE(auth::verify_password("correct horse", h.substr(0, h.size() - 4), 1000).ok);
  }

  TEST_CASE("a hash weaker than configured asks for a rehash") {
    const auto h = auth::hash_password("correct horse", 1000);
    CHECK_FALSE(auth::verify_password("correct horse", h, 1000).needs_rehash);
    CHECK(auth::verify_password("correct horse", h, 2000).needs_rehash);
    CHECK_FALSE(auth::verify_password("wrong", h, 2000).needs_rehash);
  }

  TEST_CASE("the default cost meets OWASP's recommendation") {
    CHECK(Config{}.password_iterations >= 600'000u);
  }

  TEST_CASE("a weak stored hash still verifies and is upgraded on the next login") {
    TempDir dir;
    FakeClock clock;
    auto cfg = test_config(dir, clock);
    {
      auto store = Store::open(cfg);
      store.auth().register_user("alice", "password-1");
    }
    auto stored = [&] {
      return RawDb(dir / "test.db").text("SELECT password_hash FROM users WHERE username='alice'");
    };
    CHECK(stored().starts_with("$pbkdf2-sha256$i=1000$"));
    cfg.password_iterations = 2000;
    auto store = Store::open(cfg);
    store.auth().login("alice", "password-1");
    CHECK(stored().starts_with("$pbkdf2-sha256$i=2000$"));
    CHECK_NOTHROW(store.auth().login("alice", "password-1"));
  }
}
