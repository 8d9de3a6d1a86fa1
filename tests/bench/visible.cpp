// SPDX-License-Identifier: MIT
#include "visible.hpp"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "eventcollab/eventcollab.hpp"
#include "raw_floor.hpp"
#include "seed.hpp"
#include "workload.hpp"

namespace eventcollab::bench {
namespace {

constexpr std::int64_t kPage = 100;
constexpr std::int64_t kEnd = kVisibleEnd;

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

}  // namespace

VisibleRun measure_visible(BenchBackend& backend, const std::vector<std::int64_t>& sizes,
                           const Config& base, const RunOptions& opt) {
  VisibleRun out;
  fmt::print(stderr, "seeding users who see {} events on {} ...\n", fmt::join(sizes, " / "),
             backend.name());
  Config cfg = base;
  cfg.database_url = seed_database(
      backend, kVisibleLabel, base, [&](RowSink& sink) { out.events = plan_visible(sizes, sink); },
      out.seed_seconds, opt.check);
  fmt::print(stderr, "  seeded {} events in {:.1f} s\n", out.events, out.seed_seconds);

  Store store = Store::open(cfg);
  const auto raw_owner = backend.floor(cfg.database_url, Durability::full);
  RawFloor& raw = *raw_owner;
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
