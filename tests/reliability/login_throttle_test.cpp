// SPDX-License-Identifier: MIT
// Login brute force: throttled per username (existing or not), across Store objects and
// processes, and a failed login tells an attacker nothing about whether the user exists.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "crypto/crypto.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct Outcome {
  Errc code = Errc::internal;
  std::string message{};
  std::optional<std::int64_t> retry_after{};
};

Outcome failed_login(Store& store, std::string_view user, std::string_view password) {
  try {
    store.auth().login(user, password);
  } catch (const Error& e) {
    return {e.code(), e.what(), e.retry_after()};
  }
  FAIL("login unexpectedly succeeded");
  return {};
}

}  // namespace

TEST_SUITE("reliability.login") {
  TEST_CASE_FIXTURE(StoreFixture,
                    "five failures lock a username out, even with the right password") {
    for (int i = 0; i < 5; ++i) {
      CHECK(failed_login(store, "alice", "wrong-password").code == Errc::unauthenticated);
    }
    const Outcome locked = failed_login(store, "alice", "password-alice");
    CHECK(locked.code == Errc::rate_limited);
    REQUIRE(locked.retry_after.has_value());
    CHECK(*locked.retry_after >= 1);
    CHECK(*locked.retry_after <= 900);
    // Other usernames are not affected.
    CHECK_NOTHROW(store.auth().login("bob", "password-bob"));

    clock.advance(*locked.retry_after - 1);
    CHECK(failed_login(store, "alice", "password-alice").code == Errc::rate_limited);
    clock.advance(1);
    CHECK_NOTHROW(store.auth().login("alice", "password-alice"));
  }

  TEST_CASE_FIXTURE(StoreFixture, "a locked-out user's retry_after counts down") {
    for (int i = 0; i < 5; ++i) {
      failed_login(store, "alice", "wrong-password");
      clock.advance(10);
    }
    const auto first = failed_login(store, "alice", "x-password").retry_after.value_or(0);
    clock.advance(100);
    const auto later = failed_login(store, "alice", "x-password").retry_after.value_or(0);
    CHECK(first == 900 - 50);
    CHECK(later == first - 100);
  }

  TEST_CASE_FIXTURE(StoreFixture, "unknown usernames are throttled exactly like real ones") {
    for (int i = 0; i < 5; ++i) {
      CHECK(failed_login(store, "nobody", "wrong-password").code == Errc::unauthenticated);
    }
    CHECK(failed_login(store, "nobody", "wrong-password").code == Errc::rate_limited);
  }

  TEST_CASE_FIXTURE(StoreFixture, "changing the case of a username does not reset the count") {
    for (const char* name : {"alice", "ALICE", "Alice", "aLiCe", "alicE"}) {
      failed_login(store, name, "wrong-password");
    }
    CHECK(failed_login(store, "alice", "password-alice").code == Errc::rate_limited);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a successful login clears the failure count") {
    for (int i = 0; i < 4; ++i) failed_login(store, "alice", "wrong-password");
    CHECK_NOTHROW(store.auth().login("alice", "password-alice"));
    for (int i = 0; i < 4; ++i) {
      CHECK(failed_login(store, "alice", "wrong-password").code == Errc::unauthenticated);
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "failures count across Store objects on the same file") {
    Store second = Store::open(test_config(dir, clock));
    for (int i = 0; i < 3; ++i) failed_login(store, "alice", "wrong-password");
    for (int i = 0; i < 2; ++i) failed_login(second, "alice", "wrong-password");
    CHECK(failed_login(store, "alice", "password-alice").code == Errc::rate_limited);
    CHECK(failed_login(second, "alice", "password-alice").code == Errc::rate_limited);
  }

  TEST_CASE_FIXTURE(StoreFixture, "parallel guesses cannot get past the limit") {
    // An attacker fires many guesses at once. Each one that was judged (unauthenticated,
    // rather than rate_limited) was a password tried; no more than the limit may be.
    constexpr int kThreads = 12;
    std::atomic<int> judged{0}, limited{0}, other{0};
    std::vector<std::thread> threads;
    std::atomic<bool> go{false};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Store s = Store::open(test_config(dir, clock));
        while (!go) std::this_thread::yield();
        try {
          s.auth().login("alice", "guess-" + std::to_string(t));
        } catch (const Error& e) {
          if (e.code() == Errc::unauthenticated)
            ++judged;
          else if (e.code() == Errc::rate_limited)
            ++limited;
          else
            ++other;
        }
      });
    }
    go = true;
    for (auto& th : threads) th.join();
    const int checked = judged.load();
    CHECK(other == 0);
    CHECK(checked + limited == kThreads);
    CHECK_MESSAGE(checked <= store.config().login_max_failures,
                  checked << " guesses were checked, limit " << store.config().login_max_failures);
  }

  TEST_CASE("unknown user and wrong password are indistinguishable") {
    TempDir dir;
    FakeClock clock;
    Config c = test_config(dir, clock);
    c.password_iterations = 4'000;  // any cost: the work is counted below, not timed
    c.login_max_failures = 1'000;
    Store store = Store::open(c);
    store.auth().register_user("alice", "password-alice");

    const Outcome wrong = failed_login(store, "alice", "wrong-password");
    const Outcome unknown = failed_login(store, "nobody", "wrong-password");
    const Outcome malformed = failed_login(store, "x", "wrong-password");
    CHECK(wrong.code == Errc::unauthenticated);
    CHECK(unknown.code == wrong.code);
    CHECK(malformed.code == wrong.code);
    CHECK(unknown.message == wrong.message);
    CHECK(malformed.message == wrong.message);
    CHECK(wrong.message.find("alice") == std::string::npos);
    CHECK_FALSE(wrong.retry_after.has_value());
    CHECK_FALSE(unknown.retry_after.has_value());

    // Equal work, counted rather than timed (a timing check flakes on a busy machine): each
    // kind of failed login runs exactly the configured PBKDF2 iterations, once.
    auto iterations_of = [&](std::string_view user) {
      const auto before = crypto::pbkdf2_iterations_run();
      failed_login(store, user, "wrong-password");
      return crypto::pbkdf2_iterations_run() - before;
    };
    CHECK(iterations_of("alice") == c.password_iterations);
    CHECK(iterations_of("nobody") == c.password_iterations);
    CHECK(iterations_of("x") == c.password_iterations);
  }
}
