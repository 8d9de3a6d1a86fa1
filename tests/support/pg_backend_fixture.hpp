// SPDX-License-Identifier: MIT
// The PostgreSQL backend under test through the storage seam (Database, UnitOfWork), on a
// fresh database of the test server.
#pragma once

#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "eventcollab/eventcollab.hpp"
#include "events/fields.hpp"
#include "storage/postgres/pg_backend.hpp"
#include "support/fake_clock.hpp"
#include "support/pg_test_db.hpp"

/// Declares `admin` (the admin URL) or ends the test case with a message when the
/// PostgreSQL tests are not configured.
#define EC_REQUIRE_POSTGRES(admin)                                                      \
  const auto admin##_opt = ::eventcollab::test::pg_admin_url();                         \
  if (!admin##_opt) {                                                                   \
    MESSAGE(                                                                            \
        "skipped: set EVENTCOLLAB_TEST_POSTGRES_URL to run the PostgreSQL tests (e.g. " \
        "the URL `.ci/pg_cluster.sh start DIR` prints)");                               \
    return;                                                                             \
  }                                                                                     \
  const std::string& admin = *admin##_opt

namespace eventcollab::test {

/// The span storage keeps beside a timed event without a rule.
inline storage::EventSpan span_of_event(const Event& e) {
  return {e.start.time_since_epoch().count(), e.end.time_since_epoch().count(), false};
}

/// A config for `url` with a fake clock, a fixed secret and a cheap password hash.
inline Config pg_config(const std::string& url, const FakeClock& clock) {
  Config c;
  c.database_url = url;
  c.secret_key = std::string(32, 'k');
  c.password_iterations = 1000;
  c.clock = clock.clock();
  return c;
}

/// A fresh database, opened (migrated) through the backend's entry point.
struct PgBackendFixture {
  explicit PgBackendFixture(const std::string& admin_url, int pool_size = 4)
      : db(admin_url), config(make_config(pool_size)) {}

  PgTestDb db;
  FakeClock clock;
  Config config;
  std::unique_ptr<storage::Database> database =
      storage::postgres::open(config, clock.now().time_since_epoch().count());

  std::unique_ptr<storage::UnitOfWork> write() { return database->begin(storage::TxKind::write); }
  std::unique_ptr<storage::UnitOfWork> read() { return database->begin(storage::TxKind::read); }
  std::unique_ptr<storage::UnitOfWork> one() {
    return database->begin(storage::TxKind::single_statement);
  }

  /// Registers `name` in its own committed unit.
  User user(const std::string& name) {
    auto tx = write();
    auto u = tx->insert_user(name, std::nullopt, "hash-" + name, now());
    tx->commit();
    return u;
  }

  int events_made = 0;

  /// Creates an event of `owner` from `start` to `end` (Unix seconds) with version 1.
  EventId event(UserId owner, std::int64_t start, std::int64_t end, std::string title = "Standup",
                std::optional<std::string> description = std::nullopt) {
    auto tx = write();
    EventDraft d{.title = std::move(title),
                 .description = std::move(description),
                 .start = Timestamp{std::chrono::seconds{start}},
                 .end = Timestamp{std::chrono::seconds{end}},
                 .uid = "event-" + std::to_string(++events_made) + "@test"};
    const EventId id = tx->insert_event(owner, d, {start, end, false}, now());
    Version v{
        .number = 1, .updated_by = owner, .updated_at = clock.now(), .change = ChangeKind::create};
    events::copy_fields(v, d);
    tx->insert_version(id, v);
    tx->commit();
    return id;
  }

  std::int64_t now() const { return clock.now().time_since_epoch().count(); }

 private:
  Config make_config(int pool_size) {
    Config c = pg_config(db.url(), clock);
    c.pool_size = pool_size;
    return c;
  }
};

}  // namespace eventcollab::test
