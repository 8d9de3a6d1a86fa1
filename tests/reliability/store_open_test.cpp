// SPDX-License-Identifier: MIT
// How Store::open treats the file: created owner-only whatever the umask, never created where
// the caller said not to, opened read-only without writing, waiting or migrating; and a
// moved-from Store that refuses use instead of dereferencing null.
#include <sys/stat.h>

#include <functional>
#include <span>

#include "storage/sqlite/migrator.hpp"
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Sets the process umask for one scope.
struct ScopedUmask {
  mode_t old;
  explicit ScopedUmask(mode_t mask) : old(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old); }
};

std::string what_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// A database with one user and one event, closed again.
Config seeded(const TempDir& dir, const FakeClock& clock) {
  Config c = test_config(dir, clock);
  Store store = Store::open(c);
  store.auth().register_user("alice", "password-alice");
  const Principal alice = store.auth().trusted_principal(store.auth().find_user("alice").id);
  store.events().create(
      alice,
      {.title = "Standup", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
  return c;
}

}  // namespace

TEST_SUITE("reliability.store_open") {
  TEST_CASE("a new database and its -wal and -shm are created 0600 under umask 022") {
    SQLITE_ONLY();
    ScopedUmask mask(022);
    TempDir dir;
    FakeClock clock;
    auto cfg = test_config(dir, clock);
    cfg.secret_key.reset();  // the generated signing key is written into the file
    Store store = Store::open(cfg);
    store.auth().register_user("alice", "password-alice");
    for (const char* name : {"test.db", "test.db-wal", "test.db-shm"}) {
      CAPTURE(name);
      REQUIRE(std::filesystem::exists(dir / name));
      CHECK(mode_of(dir / name) == 0600);
    }
  }

  TEST_CASE("a missing file is not created when create_if_missing is false or read-only") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    for (AccessMode mode : {AccessMode::read_write, AccessMode::read_only}) {
      auto cfg = test_config(dir, clock);
      cfg.access_mode = mode;
      cfg.create_if_missing = mode == AccessMode::read_only;  // read_only never creates
      const std::string what = what_of([&] { (void)Store::open(cfg); });
      CHECK(what == "no database at " + (dir / "test.db").string() + " (run `eventcollab init`)");
      CHECK_ERRC(Store::open(cfg), Errc::not_found);
      CHECK(std::filesystem::is_empty(dir.path()));
    }
  }

  TEST_CASE("something that is not a regular file is refused and nothing is created beside it") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    std::filesystem::create_directory(dir / "adir");
    auto cfg = test_config(dir, clock, "adir");
    CHECK_ERRC(Store::open(cfg), Errc::incompatible_database);
    cfg.database_url = "/dev/null";
    CHECK_ERRC(Store::open(cfg), Errc::incompatible_database);
    CHECK_FALSE(std::filesystem::exists("/dev/null-journal"));
    CHECK_FALSE(std::filesystem::exists("/dev/null-wal"));
    CHECK(std::filesystem::is_empty(dir / "adir"));
  }

  TEST_CASE("a read-only store reads, refuses writes and changes no byte") {
    TempDir dir;
    FakeClock clock;
    Config cfg = seeded(dir, clock);
    const std::string before = file_bytes(dir / "test.db");
    cfg.access_mode = AccessMode::read_only;
    Store store = Store::open(cfg);
    const Principal alice = store.auth().trusted_principal(store.auth().find_user("alice").id);
    CHECK(store.events().list(alice, {}).size() == 1);
    CHECK(store.check().ok());
    const std::string refused = what_of([&] {
      store.events().create(
          alice,
          {.title = "x", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T09:15:00Z")});
    });
    CHECK(refused.find("read-only") != std::string::npos);
    CHECK_ERRC(store.auth().login("alice", "password-alice"), Errc::invalid_argument);
    CHECK_ERRC(store.auth().register_user("bob", "password-bob"), Errc::invalid_argument);
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE("a read-only store reads while another connection holds the write lock") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    Config cfg = seeded(dir, clock);
    cfg.secret_key.reset();  // a read-write open would have to write the generated key
    {
      Store writer = Store::open(cfg);  // generates and stores the key
    }
    RawDb lock(dir / "test.db");
    lock.exec("BEGIN IMMEDIATE");
    lock.exec("INSERT INTO settings(key, value) VALUES ('held', 'x')");
    cfg.busy_timeout_ms = 0;  // a reader that had to wait would fail at once
    cfg.access_mode = AccessMode::read_only;
    Store reader = Store::open(cfg);
    const Principal alice = reader.auth().trusted_principal(reader.auth().find_user("alice").id);
    CHECK(reader.events().list(alice, {}).size() == 1);
    lock.exec("ROLLBACK");
  }

  TEST_CASE("a read-only store does not migrate an older schema: it says to run migrate") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    {
      auto conn = storage::open_and_migrate(dir / "test.db",
                                            std::span(storage::kMigrations).first(3), 1000, 0);
    }
    const std::string before = file_bytes(dir / "test.db");
    auto cfg = test_config(dir, clock);
    cfg.access_mode = AccessMode::read_only;
    const std::string what = what_of([&] { (void)Store::open(cfg); });
    CHECK(what.find("eventcollab migrate") != std::string::npos);
    CHECK_ERRC(Store::open(cfg), Errc::incompatible_database);
    CHECK(file_bytes(dir / "test.db") == before);
    CHECK(Store::inspect(cfg).current == 3);
  }

  TEST_CASE("a moved-from Store refuses every accessor with a clear error") {
    TempDir dir;
    FakeClock clock;
    Store store = Store::open(test_config(dir, clock));
    Store moved = std::move(store);
    CHECK_ERRC(store.auth(), Errc::invalid_argument);  // NOLINT(bugprone-use-after-move)
    CHECK_ERRC(store.events(), Errc::invalid_argument);
    CHECK_ERRC(store.sharing(), Errc::invalid_argument);
    CHECK_ERRC(store.history(), Errc::invalid_argument);
    CHECK_ERRC(store.path(), Errc::invalid_argument);
    CHECK_ERRC(store.config(), Errc::invalid_argument);
    CHECK_ERRC(store.check(), Errc::invalid_argument);
    CHECK_ERRC(store.schema_status(), Errc::invalid_argument);
    CHECK(what_of([&] { store.events(); }).find("moved") != std::string::npos);
    CHECK(moved.check().ok());  // the new owner works
  }
}
