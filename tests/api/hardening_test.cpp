// SPDX-License-Identifier: MIT
// Library hardening (issue 11): times in range, broken invariants and unknown enum text are
// internal errors, expected versions below 1 are invalid, one batch rule.
#include <chrono>

#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

using std::chrono::seconds;
const Timestamp kTooEarly = kMinTime - seconds{1};
const Timestamp kTooLate = kMaxTime + seconds{1};

}  // namespace

TEST_SUITE("hardening") {
  TEST_CASE_FIXTURE(StoreFixture, "every time an operation takes must lie in years 0001-9999") {
    const auto e = make_event(alice);
    for (Timestamp bad : {kTooEarly, kTooLate, Timestamp{seconds{-400'000'000'000}}}) {
      CHECK_ERRC(store.events().create(alice, {.title = "t", .start = bad, .end = e.end}),
                 Errc::invalid_argument);
      CHECK_ERRC(store.events().create(alice, {.title = "t", .start = e.start, .end = bad}),
                 Errc::invalid_argument);
      CHECK_ERRC(store.events().create_batch(
                     alice, std::vector<EventDraft>{{.title = "ok", .start = e.start, .end = e.end},
                                                    {.title = "t", .start = e.start, .end = bad}}),
                 Errc::invalid_argument);
      CHECK_ERRC(store.events().update(alice, e.id, {.end = bad}), Errc::invalid_argument);
      CHECK_ERRC(store.events().update(alice, e.id, {.start = bad}), Errc::invalid_argument);
      CHECK_ERRC(store.events().list(alice, {.from = bad}), Errc::invalid_argument);
      CHECK_ERRC(store.events().list(alice, {.to = bad}), Errc::invalid_argument);
    }
    try {
      store.events().create(alice, {.title = "t", .start = e.start, .end = kTooLate});
    } catch (const Error& err) {
      CHECK(std::string(err.what()) ==
            "end_time must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }
    // The edges themselves are fine, and list output stays RFC 3339.
    auto edge = store.events().create(alice, {.title = "edge", .start = kMinTime, .end = kMaxTime});
    CHECK(format_rfc3339(edge.start) == "0001-01-01T00:00:00Z");
    CHECK(store.events().list(alice, {.from = kMinTime, .to = kMaxTime}).size() == 2);
    CHECK(store.events().list(alice).size() == 2);
    CHECK(store.events().get(alice, e.id).version == 1);
  }

  TEST_CASE("parse_rfc3339 uses the same range") {
    CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == kMaxTime);
    CHECK(parse_rfc3339("0001-01-01T00:00:00Z") == kMinTime);
    CHECK_ERRC(parse_rfc3339("9999-12-31T23:59:59-00:01"), Errc::invalid_argument);
    CHECK_ERRC(parse_rfc3339("0001-01-01T00:00:00+00:01"), Errc::invalid_argument);
    CHECK_ERRC(require_supported_time("x", kTooLate), Errc::invalid_argument);
    CHECK_NOTHROW(require_supported_time("x", kMaxTime));
  }

  TEST_CASE_FIXTURE(StoreFixture, "an expected version below 1 is invalid, not a conflict") {
    const auto e = make_event(alice);
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, INT64_MIN}) {
      CAPTURE(bad);
      CHECK_ERRC(store.events().update(alice, e.id, {.title = "x"}, bad), Errc::invalid_argument);
      CHECK_ERRC(store.history().rollback(alice, e.id, 1, bad), Errc::invalid_argument);
    }
    CHECK(store.events().get(alice, e.id).version == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a write that finds its row changed is internal, not conflict") {
    SQLITE_ONLY();
    const auto e = make_event(alice);
    store.events().update(alice, e.id, {.title = "two"});
    // Make the UPDATE of the row a silent no-op: the write transaction read version 2, yet
    // no row at version 2 takes the update. Only a broken invariant can do that.
    RawDb(dir / "test.db")
        .exec("CREATE TRIGGER swallow BEFORE UPDATE ON events BEGIN SELECT RAISE(IGNORE); END;");
    CHECK_ERRC(store.events().update(alice, e.id, {.title = "three"}), Errc::internal);
    CHECK_ERRC(store.events().update(alice, e.id, {.title = "three"}, 2), Errc::internal);
    CHECK_ERRC(store.history().rollback(alice, e.id, 1), Errc::internal);
    RawDb(dir / "test.db").exec("DROP TRIGGER swallow");
    CHECK(store.history().list(alice, e.id).size() == 2);  // nothing half-written
    CHECK(store.events().get(alice, e.id).title == "two");
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "unknown text in an enum column is an internal error") {
    SQLITE_ONLY();
    const auto e = make_event(alice);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    {
      RawDb raw(dir / "test.db");
      raw.exec("PRAGMA ignore_check_constraints = ON");
      raw.exec("UPDATE shares SET permission = 'admin'");
    }
    CHECK_ERRC(store.events().get(bob, e.id), Errc::internal);
    CHECK_ERRC(store.events().list(bob), Errc::internal);
    CHECK_ERRC(store.sharing().list(alice, e.id), Errc::internal);
    try {
      store.events().get(bob, e.id);
    } catch (const Error& err) {
      CHECK(std::string(err.what()) == "column shares.permission holds an unknown value 'admin'");
    }
    CHECK(store.events().get(alice, e.id).permission == Permission::owner);  // the owner's row

    {
      RawDb raw(dir / "test.db");
      raw.exec("PRAGMA ignore_check_constraints = ON");
      raw.exec("UPDATE event_versions SET change = 'bogus'");
    }
    CHECK_ERRC(store.history().list(alice, e.id), Errc::internal);
    CHECK_ERRC(store.history().get(alice, e.id, 1), Errc::internal);
    CHECK_ERRC(store.history().changelog(alice, e.id), Errc::internal);
    try {
      store.history().list(alice, e.id);
    } catch (const Error& err) {
      CHECK(std::string(err.what()) ==
            "column event_versions.change holds an unknown value 'bogus'");
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "the batch rule: 1 to kMaxBatch items, errors name the item") {
    const auto e = make_event(alice);
    CHECK_ERRC(store.events().create_batch(alice, std::vector<EventDraft>{}),
               Errc::invalid_argument);
    std::vector<EventDraft> too_many(kMaxBatch + 1, {.title = "t", .start = e.start, .end = e.end});
    try {
      store.events().create_batch(alice, too_many);
      FAIL_CHECK("accepted");
    } catch (const Error& err) {
      CHECK(std::string(err.what()) == "a batch holds 1 to 1000 events (got 1001)");
      CHECK(!err.item_index());
    }
    std::vector<EventDraft> bad(3, {.title = "t", .start = e.start, .end = e.end});
    bad[2].title.clear();
    try {
      store.events().create_batch(alice, bad);
      FAIL_CHECK("accepted");
    } catch (const Error& err) {
      CHECK(err.item_index() == 2u);
      CHECK(std::string(err.what()).rfind("item 2: title", 0) == 0);
    }
    CHECK(store.events().list(alice).size() == 1);
  }
}
