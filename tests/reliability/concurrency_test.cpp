// SPDX-License-Identifier: MIT
// Concurrency: threads sharing one Store, threads with Stores of their own and writer
// processes all update the same events with expected versions. No update may be lost, no
// reader may see a half-written change, and no caller may see "database is locked".
#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "support/process.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// Successful updates per event, as the callers saw them: the version each one produced.
struct Ledger {
  std::mutex mutex;
  std::map<EventId, std::vector<std::int64_t>> versions;
  std::vector<std::string> errors;  // anything but a conflict

  void ok(EventId id, std::int64_t version) {
    std::lock_guard lock(mutex);
    versions[id].push_back(version);
  }
  void error(const std::string& what) {
    std::lock_guard lock(mutex);
    errors.push_back(what);
  }
};

// Updates random events of `ids` until `count` succeeded, retrying on conflict.
void updater(Store& store, const Principal& who, const std::vector<EventId>& ids, int count,
             unsigned seed, Ledger& ledger) {
  unsigned x = seed;
  for (int done = 0; done < count;) {
    x = x * 1103515245u + 12345u;
    const EventId id = ids[(x >> 8) % ids.size()];
    try {
      const Event e = store.events().get(who, id);
      const Event after = store.events().update(
          who, id, {.title = "s" + std::to_string(seed) + "-" + std::to_string(done)}, e.version);
      ledger.ok(id, after.version);
      ++done;
    } catch (const Error& err) {
      if (err.code() != Errc::conflict) {
        ledger.error(std::string(to_string(err.code())) + ": " + err.what());
        return;
      }
    }
  }
}

// Reads events while they change: every event must equal its own version's snapshot.
void reader(Store& store, const Principal& who, const std::vector<EventId>& ids,
            const std::atomic<bool>& stop, Ledger& ledger, std::atomic<int>& reads) {
  while (!stop) {
    try {
      for (const Event& e : store.events().list(who)) {
        const Version v = store.history().get(who, e.id, e.version);
        if (v.title != e.title || v.start != e.start || v.end != e.end ||
            v.description != e.description || v.location != e.location) {
          ledger.error("event " + std::to_string(e.id) + " differs from its version " +
                       std::to_string(e.version));
        }
      }
      const Event one = store.events().get(who, ids[reads % ids.size()]);
      if (store.history().list(who, one.id).size() < static_cast<std::size_t>(one.version)) {
        ledger.error("history shorter than the version read");
      }
      ++reads;
    } catch (const Error& err) {
      ledger.error(std::string("reader: ") + to_string(err.code()).data() + ": " + err.what());
      return;
    }
  }
}

// The versions produced for each event are exactly 2..final, each once: no update was lost
// and no two callers were told they made the same version.
void check_ledger(Store& store, const Principal& who, Ledger& ledger) {
  for (const auto& e : ledger.errors) FAIL_CHECK(e);
  for (auto& [id, versions] : ledger.versions) {
    CAPTURE(id);
    const Event final_state = store.events().get(who, id);
    CHECK(final_state.version == 1 + static_cast<std::int64_t>(versions.size()));
    std::set<std::int64_t> unique(versions.begin(), versions.end());
    CHECK(unique.size() == versions.size());
    CHECK(*unique.begin() == 2);
    CHECK(*unique.rbegin() == final_state.version);
  }
  const CheckReport report = store.check();
  for (const auto& p : report.problems) FAIL_CHECK("check(): " << p);
}

}  // namespace

TEST_SUITE("reliability.concurrency") {
  TEST_CASE_FIXTURE(StoreFixture,
                    "threads sharing one store and threads with their own lose no update") {
    std::vector<EventId> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(make_event(alice, "e" + std::to_string(i)).id);
    Ledger ledger;
    std::atomic<bool> stop{false};
    std::atomic<int> reads{0};
    std::vector<Store> own;
    for (int i = 0; i < 3; ++i) own.push_back(Store::open(test_config(dir, clock)));
    {
      std::vector<std::thread> writers;
      for (unsigned t = 0; t < 6; ++t) {
        Store& s = t < 3 ? store : own[t - 3];
        writers.emplace_back([&, t, ptr = &s] { updater(*ptr, alice, ids, 25, t + 1, ledger); });
      }
      std::thread r1([&] { reader(store, alice, ids, stop, ledger, reads); });
      std::thread r2([&] { reader(own[0], alice, ids, stop, ledger, reads); });
      for (auto& w : writers) w.join();
      stop = true;
      r1.join();
      r2.join();
    }
    check_ledger(store, alice, ledger);
    CHECK(reads > 0);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "writer processes and threads updating the same events lose no update") {
    std::vector<EventId> ids;
    std::vector<std::string> argv_ids;
    for (int i = 0; i < 3; ++i) {
      ids.push_back(make_event(alice, "e" + std::to_string(i)).id);
      argv_ids.push_back(std::to_string(ids.back()));
    }
    const std::string db = test_database_url(dir);  // the fixture's database
    Ledger ledger;
    std::vector<std::unique_ptr<Child>> children;
    for (int p = 0; p < 3; ++p) {
      std::vector<std::string> argv{EVENTCOLLAB_WRITER_PATH, "contend", db, std::to_string(100 + p),
                                    "20"};
      argv.insert(argv.end(), argv_ids.begin(), argv_ids.end());
      children.push_back(std::make_unique<Child>(argv));
    }
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] { updater(store, alice, ids, 20, t + 1, ledger); });
    }
    for (auto& th : threads) th.join();
    for (auto& child : children) {
      const ProcessResult r = child->communicate();
      CHECK_MESSAGE(r.exit_code == 0, "writer: " << r.err);
      std::istringstream lines(r.out);
      std::string word;
      EventId id = 0;
      std::int64_t version = 0;
      while (lines >> word >> id >> version) ledger.ok(id, version);
    }
    std::size_t total = 0;
    for (const auto& [id, v] : ledger.versions) total += v.size();
    CHECK(total == 3 * 20 + 2 * 20);
    check_ledger(store, alice, ledger);
  }

  TEST_CASE("processes and threads opening a brand-new file at once all succeed") {
    TempDir dir;
    FakeClock clock;
    const std::string db = test_database_url(dir, "fresh.db");
    std::vector<std::unique_ptr<Child>> children;
    for (int p = 0; p < 4; ++p) {
      // 0 updates: open (migrate), register alice (or find her), exit.
      children.push_back(std::make_unique<Child>(std::vector<std::string>{
          EVENTCOLLAB_WRITER_PATH, "contend", db, std::to_string(p), "0", "1"}));
    }
    std::atomic<int> opened{0};
    std::vector<std::string> errors;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        try {
          Config c = test_config(dir, clock, "fresh.db");
          Store s = Store::open(c);
          ++opened;
        } catch (const Error& e) {
          std::lock_guard lock(mutex);
          errors.emplace_back(e.what());
        }
      });
    }
    for (auto& th : threads) th.join();
    for (auto& child : children) {
      const ProcessResult r = child->communicate();
      CHECK_MESSAGE(r.exit_code == 0, "process: " << r.err);
    }
    for (const auto& e : errors) FAIL_CHECK(e);
    CHECK(opened == 4);
    Store store = Store::open(test_config(dir, clock, "fresh.db"));
    CHECK(store.schema_status().pending.empty());
    CHECK(store.check().ok());
    CHECK_NOTHROW(store.auth().find_user("alice"));
    if (on_postgres()) return;  // the rest is SQLite's journal mode
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "fresh.db").c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, nullptr);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
    sqlite3_finalize(st);
    sqlite3_close(raw);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a writer waits for another process's lock instead of failing") {
    SQLITE_ONLY();  // PostgreSQL: the two-server race and the backend's conflict tests
    const Event e = make_event(alice);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "test.db").c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    std::thread release([raw] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr);
    });
    // Blocks until the other writer commits, then succeeds.
    const Event after = store.events().update(alice, e.id, {.title = "after the lock"}, 1);
    release.join();
    sqlite3_close(raw);
    CHECK(after.version == 2);
  }

  TEST_CASE("a lock held past the busy timeout is a storage error, not a crash") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    Config c = test_config(dir, clock);
    c.busy_timeout_ms = 50;
    Store store = Store::open(c);
    store.auth().register_user("alice", "password-alice");
    const Principal alice = store.auth().trusted_principal(store.auth().find_user("alice").id);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "test.db").c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    try {
      store.events().create(
          alice,
          {.title = "x", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T10:00:00Z")});
      FAIL("create succeeded while another process held the write lock");
    } catch (const Error& err) {
      CHECK(err.code() == Errc::storage);
      MESSAGE("message: " << std::string(err.what()));
    }
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    // Reads never waited, and the store works once the lock is gone.
    CHECK(store.events().list(alice).empty());
    CHECK_NOTHROW(store.events().create(
        alice,
        {.title = "y", .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T10:00:00Z")}));
    CHECK(store.check().ok());
  }
}
