// SPDX-License-Identifier: MIT
#include "visible.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "eventcollab/eventcollab.hpp"
#include "raw_floor.hpp"
#include "workload.hpp"

namespace eventcollab::bench {
namespace {

constexpr std::int64_t kWeek = 7 * 24 * 3600;
constexpr std::int64_t kOwners = 50;  // users who own the events shared with the measured ones
constexpr std::int64_t kPage = 100;

// Every measured user's span ends here; a user seeing n events spans max(1, n / 100) weeks.
constexpr std::int64_t kEnd = kEpoch + 2 * 365 * 24 * 3600;

std::int64_t span_of(std::int64_t visible) {
  return kWeek * std::max<std::int64_t>(1, visible / kPage);
}

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

// Users 1..sizes.size() are measured; the next kOwners own what is shared with them.
double seed(const std::filesystem::path& file, const std::vector<std::int64_t>& sizes, Config base,
            std::int64_t& events_out) {
  const auto t0 = std::chrono::steady_clock::now();
  base.database_url = file.string();
  {
    Store store = Store::open(base);
    store.auth().register_user(username_for(1), kPassword);
  }
  RawDb db(file, "OFF");
  db.exec("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -524288; BEGIN");
  RawStmt user = db.prepare(
      "INSERT INTO users(id, username, email, password_hash, created_at) SELECT ?1, ?2, NULL, "
      "password_hash, ?3 FROM users WHERE id = 1");
  const auto users = static_cast<std::int64_t>(sizes.size()) + kOwners;
  for (std::int64_t id = 2; id <= users; ++id) {
    const std::string name = username_for(id);
    user.bind(1, id);
    user.bind(2, std::string_view(name));
    user.bind(3, kSeededAt);
    user.run();
  }
  RawStmt event = db.prepare(
      "INSERT INTO events(owner_id, title, description, location, start_time, end_time, "
      "version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)");
  RawStmt version = db.prepare(
      "INSERT INTO event_versions(event_id, version, title, description, location, start_time, "
      "end_time, updated_by, updated_at, change) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "'create')");
  // start_time is filled by the library's own trigger, as for every share.
  RawStmt share = db.prepare(
      "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (?1, ?2, ?3, ?4)");
  std::int64_t n = 0;
  for (std::size_t u = 0; u < sizes.size(); ++u) {
    const auto viewer = static_cast<std::int64_t>(u) + 1;
    const std::int64_t visible = sizes[u];
    const std::int64_t span = span_of(visible);
    for (std::int64_t j = 0; j < visible; ++j) {
      // Even j owned, odd j shared by one of the owners; starts evenly spread over the span.
      const std::int64_t owner = j % 2 == 0 ? viewer : users - kOwners + 1 + (j / 2) % kOwners;
      Content c = content_for(static_cast<std::uint64_t>(++n));
      const std::int64_t length = c.end - c.start;
      c.start = kEnd - span + j * span / visible;
      c.end = c.start + length;
      event.bind(1, owner);
      event.bind(2, std::string_view(c.title));
      event.bind(3, c.description);
      event.bind(4, c.location);
      event.bind(5, c.start);
      event.bind(6, c.end);
      event.bind(7, kSeededAt);
      event.run();
      const std::int64_t id = sqlite3_last_insert_rowid(db.handle());
      version.bind(1, id);
      version.bind(2, std::string_view(c.title));
      version.bind(3, c.description);
      version.bind(4, c.location);
      version.bind(5, c.start);
      version.bind(6, c.end);
      version.bind(7, owner);
      version.bind(8, kSeededAt);
      version.run();
      if (owner != viewer) {
        share.bind(1, id);
        share.bind(2, viewer);
        share.bind(3, std::string_view(j % 4 == 1 ? "read" : "write"));
        share.bind(4, kSeededAt);
        share.run();
      }
      if (n % 100'000 == 0) db.exec("COMMIT; BEGIN");
    }
  }
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("fsync of the seeded database failed");
  ::close(fd);
  events_out = n;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

VisibleRun measure_visible(const std::filesystem::path& file,
                           const std::vector<std::int64_t>& sizes, const Config& base,
                           const RunOptions& opt) {
  VisibleRun out;
  fmt::print(stderr, "seeding users who see {} events ...\n", fmt::join(sizes, " / "));
  out.seed_seconds = seed(file, sizes, base, out.events);
  fmt::print(stderr, "  seeded {} events in {:.1f} s\n", out.events, out.seed_seconds);

  Config cfg = base;
  cfg.database_url = file.string();
  Store store = Store::open(cfg);
  RawFloor raw(file, "FULL");
  for (std::size_t u = 0; u < sizes.size(); ++u) {
    const auto viewer = static_cast<std::int64_t>(u) + 1;
    const Principal who{viewer, username_for(viewer), 0};
    const EventQuery list{.limit = kPage};
    const EventQuery week{.limit = kPage, .from = ts(kEnd - kWeek), .to = ts(kEnd)};

    // Both sides must return the same page before either is timed.
    const auto same = [](const std::vector<Event>& l, const std::vector<RawEvent>& r) {
      if (l.size() != r.size()) return false;
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (l[i].id != r[i].id) return false;
      }
      return true;
    };
    const auto lib_list = store.events().list(who, list);
    const auto lib_week = store.events().list(who, week);
    if (!same(lib_list, raw.list(viewer, kPage)) ||
        !same(lib_week, raw.window(viewer, kEnd - kWeek, kEnd, kPage)) ||
        lib_list.size() != static_cast<std::size_t>(std::min(kPage, sizes[u])) ||
        lib_week.size() < static_cast<std::size_t>(std::min<std::int64_t>(90, sizes[u]))) {
      throw std::runtime_error(fmt::format("sanity check failed: visible {}", sizes[u]));
    }

    VisibleResult r;
    r.visible = sizes[u];
    r.list = compare(
        opt.seconds, opt.slices, [&] { (void)store.events().list(who, list); },
        [&] { (void)raw.list(viewer, kPage); });
    r.week = compare(
        opt.seconds, opt.slices, [&] { (void)store.events().list(who, week); },
        [&] { (void)raw.window(viewer, kEnd - kWeek, kEnd, kPage); });
    // Search filters inside the scans, so a needle that matches nothing reads every visible
    // row: a figure for the progress log only (there is no raw floor for the folding function).
    Recorder miss;
    const EventQuery needle{.limit = kPage, .q = "Zzq\u00c4"};
    miss.run_for(opt.seconds / 2, [&] { (void)store.events().list(who, needle); });
    fmt::print(stderr,
               "  {:>7} visible: list p50 {:.1f} us (raw {:.1f}), week ({} rows) p50 {:.1f} us "
               "(raw {:.1f}); search that matches nothing p50 {:.0f} us\n",
               r.visible, r.list.library.p50_us, r.list.raw.p50_us, lib_week.size(),
               r.week.library.p50_us, r.week.raw.p50_us, miss.stats().p50_us);
    out.users.push_back(r);
  }
  return out;
}

}  // namespace eventcollab::bench
