// SPDX-License-Identifier: MIT
#include "scenarios.hpp"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

#include "calendar.hpp"
#include "eventcollab/eventcollab.hpp"
#include "raw_floor.hpp"
#include "raw_jwt.hpp"
#include "seed.hpp"
#include "workload.hpp"

namespace eventcollab::bench {
namespace {

constexpr std::size_t kRing = 4096;    // targets cycled through by each loop
constexpr std::size_t kTitles = 1021;  // prime, so (event, title) pairs do not repeat soon

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

Principal principal_for(std::int64_t user) {
  // What Auth::trusted_principal returns for a seeded user, built without a query.
  return Principal{user, username_for(user), 0};
}

void check(bool ok, std::string_view what) {
  if (!ok) throw std::runtime_error(fmt::format("sanity check failed: {}", what));
}

}  // namespace

std::string size_label(const Shape& shape) {
  return fmt::format("{}-{}", shape.events, shape.users);
}

SizeResult measure_size(BenchBackend& backend, const Shape& shape, const Config& base,
                        const RunOptions& opt, bool calendar) {
  SizeResult out;
  out.seeded.shape = shape;
  const std::string label = size_label(shape);
  std::string url;
  if (opt.reuse && backend.exists(label)) {
    // Profiling aid: the database keeps whatever earlier runs wrote into it.
    url = backend.url(label);
    fmt::print(stderr, "reusing {} (not re-seeded)\n", redact_database_url(url));
    out.seeded.shares = backend.count_shares(url);
  } else {
    fmt::print(stderr, "seeding {} events, {} users on {} ...\n", shape.events, shape.users,
               backend.name());
    url = seed_database(
        backend, label, base, [&](RowSink& sink) { out.seeded.shares = plan_sizes(shape, sink); },
        out.seeded.seconds, opt.check);
  }
  out.space = backend.space(url);
  fmt::print(stderr, "  seeded in {:.1f} s ({} shares, {:.1f} MB)\n", out.seeded.seconds,
             out.seeded.shares, static_cast<double>(out.space.total_bytes) / 1e6);

  Config full_cfg = base;
  full_cfg.database_url = url;
  full_cfg.durability = Durability::full;
  Config normal_cfg = full_cfg;
  normal_cfg.durability = Durability::normal;
  Store full = Store::open(full_cfg);
  Store normal = Store::open(normal_cfg);
  const auto raw_full_owner = backend.floor(url, Durability::full);
  const auto raw_normal_owner = backend.floor(url, Durability::normal);
  RawFloor& raw_full = *raw_full_owner;
  RawFloor& raw_normal = *raw_normal_owner;
  RawJwt raw_jwt(*base.secret_key);

  // Targets, computed before any clock starts.
  std::vector<std::int64_t> ids(kRing);
  std::vector<Principal> id_owners(kRing);
  // Single events only, so that get and update do what they did before series were seeded
  // (the calendar rows measure the series).
  for (std::size_t k = 0, n = 0; k < kRing; ++n) {
    const auto id =
        1 + static_cast<std::int64_t>(mix(n * 7919 + 1) % static_cast<std::uint64_t>(shape.events));
    if (repeats(static_cast<std::uint64_t>(id))) continue;
    ids[k] = id;
    id_owners[k] = principal_for(shape.owner_of(id));
    ++k;
  }
  std::vector<Principal> probes;
  std::vector<std::string> tokens;
  for (std::int64_t p = 1; p <= shape.probes; ++p) {
    probes.push_back(principal_for(p));
    tokens.push_back(full.auth().login(username_for(p), kPassword).access_token);
  }
  std::vector<Principal> creators(kRing);
  std::vector<Content> contents(kRing);
  std::vector<EventDraft> drafts(kRing);
  for (std::size_t k = 0; k < kRing; ++k) {
    creators[k] =
        principal_for(shape.probes + 1 +
                      static_cast<std::int64_t>(
                          mix(k ^ 0xAB) % static_cast<std::uint64_t>(shape.users - shape.probes)));
    contents[k] = content_for(static_cast<std::uint64_t>(shape.events) + 1 + k);
    const Content& c = contents[k];
    drafts[k] = EventDraft{c.title, c.description, c.location, ts(c.start), ts(c.end)};
  }
  std::vector<std::string> lib_titles(kTitles);
  std::vector<std::string> raw_titles(kTitles);
  for (std::size_t k = 0; k < kTitles; ++k) {
    lib_titles[k] = fmt::format("Updated title {} (library)", k);
    raw_titles[k] = fmt::format("Updated title {} (raw)", k);
  }

  // Both sides must do the same work: compare their answers once before timing.
  {
    const Event e = full.events().get(id_owners[0], ids[0]);
    const auto r = raw_full.get(ids[0], id_owners[0].user_id);
    check(r && r->id == e.id && r->title == e.title && r->permission == "owner", "get");
    const auto lib_list = full.events().list(probes[0], {.limit = 100});
    const auto raw_list = raw_full.list(probes[0].user_id, 100);
    check(lib_list.size() == raw_list.size(), "list sizes");
    for (std::size_t i = 0; i < lib_list.size(); ++i) {
      check(lib_list[i].id == raw_list[i].id, "list order");
    }
    const Principal who = full.auth().authenticate(tokens[0]);
    const auto claims = raw_jwt.verify(tokens[0]);
    check(claims && claims->sub == who.user_id && claims->sid == who.session_id &&
              raw_full.session_username(claims->sid, claims->sub, now_seconds()) == who.username,
          "authenticate");
    fmt::print(stderr, "  list: {} of the probe's visible events returned\n", lib_list.size());
  }

  const auto add = [&](std::string op, std::string mode, auto&& lib, auto&& raw) {
    if (!opt.wants(op)) return;
    const Pair p = compare(opt.seconds, opt.slices, lib, raw);
    fmt::print(stderr,
               "  {:<13}{:<7} library {:>9.0f}/s  raw {:>9.0f}/s  ratio {:.2f}  (cpu us/op {:.2f} "
               "vs {:.2f})\n",
               op, mode, p.library.ops_per_s, p.raw.ops_per_s, p.ratio(), p.library.cpu_us_per_op,
               p.raw.cpu_us_per_op);
    out.ops.push_back(OpResult{std::move(op), std::move(mode), p});
  };

  std::size_t li = 0;
  std::size_t ri = 0;
  {
    // Seeding leaves the machine busy for a moment (writeback, a server's cold buffers): both
    // sides read untimed for a while first, so that this falls on neither side of `get`.
    Recorder settle;
    settle.run_for(std::min(0.5, opt.seconds), [&] {
      const std::size_t k = li++ % kRing;
      (void)full.events().get(id_owners[k], ids[k]);
      (void)raw_full.get(ids[k], id_owners[k].user_id);
    });
  }
  add(
      "get", "",
      [&] {
        const std::size_t k = li++ % kRing;
        (void)full.events().get(id_owners[k], ids[k]);
      },
      [&] {
        const std::size_t k = ri++ % kRing;
        if (!raw_full.get(ids[k], id_owners[k].user_id)) throw std::runtime_error("raw get");
      });
  add(
      "list", "", [&] { (void)full.events().list(probes[li++ % probes.size()], {.limit = 100}); },
      [&] { (void)raw_full.list(probes[ri++ % probes.size()].user_id, 100); });
  add(
      "authenticate", "", [&] { (void)full.auth().authenticate(tokens[li++ % tokens.size()]); },
      [&] {
        const auto c = raw_jwt.verify(tokens[ri++ % tokens.size()]);
        const std::int64_t now = now_seconds();
        if (!c || c->exp <= now) throw std::runtime_error("raw verify");
        auto name = raw_full.session_username(c->sid, c->sub, now);
        if (!name) throw std::runtime_error("raw session");
        const Principal p{c->sub, *std::move(name), c->sid};
        (void)p;
      });

  for (auto* mode : {"full", "normal"}) {
    const bool is_full = std::string_view(mode) == "full";
    Store& store = is_full ? full : normal;
    RawFloor& raw = is_full ? raw_full : raw_normal;
    add(
        "create", mode,
        [&] {
          const std::size_t k = li++ % kRing;
          (void)store.events().create(creators[k], drafts[k]);
        },
        [&] {
          const std::size_t k = ri++ % kRing;
          raw.create(creators[k].user_id, contents[k], now_seconds());
        });
  }
  for (auto* mode : {"full", "normal"}) {
    const bool is_full = std::string_view(mode) == "full";
    Store& store = is_full ? full : normal;
    RawFloor& raw = is_full ? raw_full : raw_normal;
    add(
        "update", mode,
        [&] {
          const std::size_t k = li % kRing;
          (void)store.events().update(id_owners[k], ids[k], {.title = lib_titles[li++ % kTitles]});
        },
        [&] {
          const std::size_t k = ri % kRing;
          if (!raw.update_title(ids[k], id_owners[k].user_id, raw_titles[ri++ % kTitles],
                                now_seconds())) {
            throw std::runtime_error("raw update");
          }
        });
  }
  if (calendar && opt.wants("calendar")) out.calendar = measure_calendar(full, shape, opt);
  return out;
}

Pair measure_list_growth(BenchBackend& backend, const Shape& small, const Shape& large,
                         const Config& base, const RunOptions& opt) {
  const auto open = [&](const Shape& shape) {
    Config c = base;
    c.database_url = backend.url(size_label(shape));
    return Store::open(c);
  };
  Store small_store = open(small);
  Store large_store = open(large);
  std::vector<Principal> small_probes;
  std::vector<Principal> large_probes;
  for (std::int64_t p = 1; p <= small.probes; ++p) small_probes.push_back(principal_for(p));
  for (std::int64_t p = 1; p <= large.probes; ++p) large_probes.push_back(principal_for(p));
  std::size_t si = 0;
  std::size_t li = 0;
  return compare(
      opt.seconds, opt.slices,
      [&] { (void)large_store.events().list(large_probes[li++ % large_probes.size()], {}); },
      [&] { (void)small_store.events().list(small_probes[si++ % small_probes.size()], {}); });
}

}  // namespace eventcollab::bench
