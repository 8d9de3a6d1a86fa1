// SPDX-License-Identifier: MIT
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include <doctest/doctest.h>

#include "eventcollab/eventcollab.hpp"
#include "support/fake_clock.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

/// Checks that `expr` throws eventcollab::Error with code `errc`.
#define CHECK_ERRC(expr, errc)                                                     \
  do {                                                                             \
    try {                                                                          \
      (void)(expr);                                                                \
      FAIL_CHECK("expected Error " << eventcollab::to_string(errc) << ": " #expr); \
    } catch (const eventcollab::Error& ec_error_) {                                \
      CHECK_MESSAGE(ec_error_.code() == (errc), std::string(ec_error_.what()));    \
    }                                                                              \
  } while (false)

namespace eventcollab::test {

/// A config for tests: database `file` of `dir` (see test_database_url), a fake clock, a fixed
/// secret and a cheap password hash.
inline Config test_config(const TempDir& dir, const FakeClock& clock,
                          const std::string& file = "test.db") {
  Config c;
  c.database_url = test_database_url(dir, file);
  c.secret_key = std::string(32, 'k');
  c.password_iterations = 1000;
  c.clock = clock.clock();
  return c;
}

inline Timestamp at(const char* rfc3339) { return parse_rfc3339(rfc3339); }

/// The bytes of a file, for "left byte-identical" checks.
inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A fresh store with three users (alice, bob, carol) logged in as principals.
struct StoreFixture {
  TempDir dir;
  FakeClock clock;
  Store store = Store::open(test_config(dir, clock));
  Principal alice = make_user("alice");
  Principal bob = make_user("bob");
  Principal carol = make_user("carol");

  Principal make_user(const std::string& name) {
    store.auth().register_user(name, "password-" + name);
    return store.auth().authenticate(store.auth().login(name, "password-" + name).access_token);
  }

  Event make_event(const Principal& who, const std::string& title = "Standup") {
    return store.events().create(
        who,
        {.title = title, .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
  }
};

}  // namespace eventcollab::test
