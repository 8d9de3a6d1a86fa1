// SPDX-License-Identifier: MIT
// eventcollab-feed-bench: the change feed's costs. A page of 100 from since() at a large feed
// (random cursors), and the time from a write to its delivery through Store::subscribe when
// the writer is in this process and when it is another process on the same database.
//
//   eventcollab-feed-bench [--database-url URL] [--changes N] [--writes N] [--interval-ms N]
//                          [--seconds S]
//
// Without --database-url a SQLite file in a fresh temporary directory is used; a PostgreSQL URL
// must name an empty database (createdb first). The other process is this program, run again
// with --writer.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "eventcollab/eventcollab.hpp"
#include "harness.hpp"

using namespace eventcollab;
using namespace eventcollab::bench;
using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC: the same in every process here

namespace {

constexpr const char* kSecret = "eventcollab-feed-bench-secret-key-0123456789";
constexpr const char* kPassword = "feed-bench-password";

struct Options {
  std::string url;
  std::int64_t changes = 1'000'000;
  int writes = 200;
  int interval_ms = 5;
  double seconds = 1.0;
};

Config config_for(const std::string& url) {
  Config c;
  c.database_url = url;
  c.secret_key = kSecret;
  c.password_iterations = 1000;
  return c;
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Appends `n` changes of event `event`, visible to `user`, in one statement per table: the
// feed as a long-lived database has it, without a million API calls.
void seed_changes(const std::string& url, UserId user, EventId event, std::int64_t n) {
  const std::int64_t at = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  if (database_backend(url) == Backend::postgres) {
    PGconn* pg = PQconnectdb(url.c_str());
    const std::string sql = fmt::format(
        "BEGIN; INSERT INTO changes(seq, event_id, kind, version, at, actor) SELECT "
        "nextval('changes_seq'), {0}, 'updated', g, {1}, {2} FROM generate_series(1, {3}) g; "
        "INSERT INTO change_audience(user_id, seq) SELECT {2}, seq FROM changes; COMMIT; "
        "ANALYZE changes; ANALYZE change_audience;",
        event, at, user, n);
    PGresult* r = PQexec(pg, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string why = PQerrorMessage(pg);
    PQclear(r);
    PQfinish(pg);
    if (!ok) throw std::runtime_error("seeding PostgreSQL: " + why);
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open(url.c_str(), &db);
  const std::string sql = fmt::format(
      "BEGIN; WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {3}) "
      "INSERT INTO changes(event_id, kind, version, at, actor) SELECT {0}, 'updated', i, {1}, {2} "
      "FROM g; INSERT INTO change_audience(user_id, seq) SELECT {2}, seq FROM changes; COMMIT; "
      "ANALYZE;",
      event, at, user, n);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string why = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("seeding SQLite: " + why);
}

struct Latency {
  std::size_t delivered = 0;
  std::size_t written = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

Latency summarize(const std::map<std::int64_t, std::int64_t>& written_ns,
                  const std::map<std::int64_t, std::int64_t>& delivered_ns) {
  std::vector<double> ms;
  for (const auto& [version, t0] : written_ns) {
    const auto it = delivered_ns.find(version);
    if (it != delivered_ns.end()) ms.push_back(static_cast<double>(it->second - t0) / 1e6);
  }
  Latency l{ms.size(), written_ns.size()};
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))];
  };
  l.p50_ms = at(0.50);
  l.p99_ms = at(0.99);
  l.max_ms = ms.back();
  return l;
}

// What a subscription delivered: the time each version of the event arrived.
struct Arrivals {
  std::mutex mutex;
  std::map<std::int64_t, std::int64_t> at_ns;  // version -> delivery time

  ChangeCallback callback() {
    return [this](const Change& c, const std::string&) {
      const std::int64_t t = now_ns();
      std::lock_guard lock(mutex);
      at_ns.emplace(c.version, t);
    };
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return at_ns.size();
  }
  void wait_for(std::size_t n) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (count() < n && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
};

// Updates `event` `writes` times, `interval_ms` apart, noting when each write began (an upper
// bound of the commit-to-delivery time measured from it).
std::map<std::int64_t, std::int64_t> write_series(Store& store, const Principal& who, EventId event,
                                                  int writes, int interval_ms) {
  std::map<std::int64_t, std::int64_t> began;
  for (int i = 0; i < writes; ++i) {
    const std::int64_t t0 = now_ns();
    const Event e = store.events().update(who, event, {.title = fmt::format("write {}", i)});
    began.emplace(e.version, t0);
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  }
  return began;
}

// The other process: logs in, writes, and prints "version began_ns" per write.
int writer_main(const std::string& url, EventId event, int writes, int interval_ms) {
  Store store = Store::open(config_for(url));
  const Principal who =
      store.auth().authenticate(store.auth().login("feed-bench", kPassword).access_token);
  for (const auto& [version, t0] : write_series(store, who, event, writes, interval_ms)) {
    std::printf("%lld %lld\n", static_cast<long long>(version), static_cast<long long>(t0));
  }
  return 0;
}

std::map<std::int64_t, std::int64_t> run_writer_process(const std::string& self,
                                                        const std::string& url, EventId event,
                                                        const Options& o) {
  const std::string cmd =
      fmt::format("'{}' --writer '{}' {} {} {}", self, url, event, o.writes, o.interval_ms);
  FILE* out = popen(cmd.c_str(), "r");
  if (out == nullptr) throw std::runtime_error("cannot start the writer process");
  std::map<std::int64_t, std::int64_t> began;
  long long version = 0;
  long long t0 = 0;
  while (std::fscanf(out, "%lld %lld", &version, &t0) == 2) began.emplace(version, t0);
  if (pclose(out) != 0) throw std::runtime_error("the writer process failed");
  return began;
}

void print_latency(const char* what, const Latency& l, double target_ms) {
  fmt::print(
      "  {:<34} p50 {:7.2f} ms  p99 {:7.2f} ms  max {:7.2f} ms  ({}/{} delivered)  "
      "target p99 <= {:.0f} ms: {}\n",
      what, l.p50_ms, l.p99_ms, l.max_ms, l.delivered, l.written, target_ms,
      l.delivered == l.written && l.p99_ms <= target_ms ? "met" : "NOT met");
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--database-url") {
      o.url = value();
    } else if (a == "--changes") {
      o.changes = std::stoll(value());
    } else if (a == "--writes") {
      o.writes = std::stoi(value());
    } else if (a == "--interval-ms") {
      o.interval_ms = std::stoi(value());
    } else if (a == "--seconds") {
      o.seconds = std::stod(value());
    } else {
      throw std::runtime_error("unknown option " + a);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--writer") {
    return writer_main(argv[2], std::stoll(argv[3]), std::stoi(argv[4]), std::stoi(argv[5]));
  }
  std::filesystem::path dir;
  try {
    Options o = parse(argc, argv);
    if (o.url.empty()) {
      std::string pattern = (std::filesystem::temp_directory_path() / "ecfeed-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      dir = pattern;
      o.url = (dir / "feed.db").string();
    }
    Store store = Store::open(config_for(o.url));
    store.auth().register_user("feed-bench", kPassword);
    const Principal who =
        store.auth().authenticate(store.auth().login("feed-bench", kPassword).access_token);
    const Event e = store.events().create(who, {.title = "fed",
                                                .start = parse_rfc3339("2026-05-01T09:00:00Z"),
                                                .end = parse_rfc3339("2026-05-01T10:00:00Z")});

    fmt::print("eventcollab-feed-bench on {} ({})\n", store.location(),
               store.reads_are_local() ? "SQLite" : "PostgreSQL");
    const auto t0 = Clock::now();
    seed_changes(o.url, who.user_id, e.id, o.changes);
    fmt::print("  seeded {} changes in {:.1f} s\n", o.changes,
               std::chrono::duration<double>(Clock::now() - t0).count());

    // A page of 100 after a random cursor.
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> cursor(1,
                                                       std::max<std::int64_t>(1, o.changes - 100));
    Recorder page;
    page.run_for(o.seconds, [&] {
      const ChangePage p = store.changes().since(who, std::to_string(cursor(rng)), 100);
      if (p.changes.size() != 100) throw std::runtime_error("a page was short");
    });
    const Stats s = page.stats();
    fmt::print("  since(), a page of 100 at {} changes  p50 {:.0f} µs  p99 {:.0f} µs  ({:.0f}/s)\n",
               o.changes, s.p50_us, s.p99_us, s.ops_per_s);

    {
      Arrivals got;
      Subscription sub = store.subscribe(who, got.callback());
      const auto began = write_series(store, who, e.id, o.writes, o.interval_ms);
      got.wait_for(began.size());
      std::lock_guard lock(got.mutex);
      print_latency("write to delivery, same process", summarize(began, got.at_ns), 50);
    }
    {
      Arrivals got;
      Subscription sub = store.subscribe(who, got.callback());
      char self[4096];
      const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
      if (n <= 0) throw std::runtime_error("cannot find this program");
      self[n] = '\0';
      const auto began = run_writer_process(self, o.url, e.id, o);
      got.wait_for(began.size());
      std::lock_guard lock(got.mutex);
      print_latency("write to delivery, another process", summarize(began, got.at_ns), 300);
    }
    if (!dir.empty()) std::filesystem::remove_all(dir);
    return 0;
  } catch (const std::exception& ex) {
    fmt::print(stderr, "eventcollab-feed-bench: {}\n", ex.what());
    if (!dir.empty()) std::filesystem::remove_all(dir);
    return 1;
  }
}
