// SPDX-License-Identifier: MIT
#include "seed.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "eventcollab/eventcollab.hpp"
#include "raw_sqlite.hpp"
#include "workload.hpp"

namespace eventcollab::bench {
namespace {

std::int64_t probe_stride(const Shape& s) {
  return std::max<std::int64_t>(1, s.events / std::max<std::int64_t>(1, s.probes * s.probe_owned));
}

}  // namespace

Shape Shape::make(std::int64_t events, std::int64_t users) {
  Shape s;
  s.events = events;
  s.users = std::max<std::int64_t>(users, s.probes + 10);
  const std::int64_t quota = events / (4 * s.probes);
  s.probe_owned = std::min<std::int64_t>(s.probe_owned, quota);
  s.probe_shared = std::min<std::int64_t>(s.probe_shared, quota);
  return s;
}

bool Shape::is_probe_owned(std::int64_t id) const {
  const std::int64_t stride = probe_stride(*this);
  return id % stride == 0 && id / stride <= probes * probe_owned;
}

std::int64_t Shape::owner_of(std::int64_t id) const {
  if (is_probe_owned(id)) return (id / probe_stride(*this) - 1) % probes + 1;
  // Everyone else's events are scattered over the non-probe users.
  return probes + 1 +
         static_cast<std::int64_t>(mix(static_cast<std::uint64_t>(id)) %
                                   static_cast<std::uint64_t>(users - probes));
}

Seeded seed_database(const std::filesystem::path& file, const Shape& shape, Config base) {
  const auto t0 = std::chrono::steady_clock::now();
  base.database_url = file.string();
  {
    // The schema and user 1 come from the library itself; its hash is reused for everyone.
    Store store = Store::open(base);
    store.auth().register_user(username_for(1), kPassword);
  }
  RawDb db(file, "OFF");
  // Seeding is setup, not the thing measured: no fsync, a big cache, no FK checks (the rows
  // are consistent by construction).
  db.exec("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -524288;");
  std::string hash;
  {
    RawStmt st = db.prepare("SELECT password_hash FROM users WHERE id = 1");
    st.step();
    hash = st.text_at(0);
  }

  db.exec("BEGIN");
  RawStmt user = db.prepare(
      "INSERT INTO users(id, username, email, password_hash, created_at) VALUES (?1, ?2, NULL, ?3, "
      "?4)");
  for (std::int64_t id = 2; id <= shape.users; ++id) {
    const std::string name = username_for(id);
    user.bind(1, id);
    user.bind(2, std::string_view(name));
    user.bind(3, std::string_view(hash));
    user.bind(4, kSeededAt);
    user.run();
  }

  RawStmt event = db.prepare(
      "INSERT INTO events(id, owner_id, title, description, location, start_time, end_time, "
      "version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)");
  RawStmt version = db.prepare(
      "INSERT INTO event_versions(event_id, version, title, description, location, start_time, "
      "end_time, updated_by, updated_at, change) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "'create')");
  RawStmt share = db.prepare(
      "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (?1, ?2, ?3, ?4)");

  Seeded out;
  out.shape = shape;
  const std::int64_t probe_share_total = shape.probes * shape.probe_shared;
  const std::int64_t share_stride =
      std::max<std::int64_t>(1, shape.events / std::max<std::int64_t>(1, probe_share_total));
  std::int64_t probe_shares_given = 0;
  const auto add_share = [&](std::int64_t ev, std::int64_t to, bool write) {
    share.bind(1, ev);
    share.bind(2, to);
    share.bind(3, std::string_view(write ? "write" : "read"));
    share.bind(4, kSeededAt);
    share.run();
    ++out.shares;
  };

  for (std::int64_t id = 1; id <= shape.events; ++id) {
    const Content c = content_for(static_cast<std::uint64_t>(id));
    const std::int64_t owner = shape.owner_of(id);
    event.bind(1, id);
    event.bind(2, owner);
    event.bind(3, std::string_view(c.title));
    event.bind(4, c.description);
    event.bind(5, c.location);
    event.bind(6, c.start);
    event.bind(7, c.end);
    event.bind(8, kSeededAt);
    event.run();
    version.bind(1, id);
    version.bind(2, std::string_view(c.title));
    version.bind(3, c.description);
    version.bind(4, c.location);
    version.bind(5, c.start);
    version.bind(6, c.end);
    version.bind(7, owner);
    version.bind(8, kSeededAt);
    version.run();

    const std::uint64_t r = mix(static_cast<std::uint64_t>(id) ^ 0x5EEDull);
    const bool probe_owned = shape.is_probe_owned(id);
    // Probe shares arrive at a steady rate; one per non-probe event until the quota is met.
    if (!probe_owned && probe_shares_given < std::min(probe_share_total, id / share_stride)) {
      add_share(id, probe_shares_given % shape.probes + 1, probe_shares_given % 2 == 1);
      ++probe_shares_given;
    }
    // Half of all events are shared with one other (non-probe) user.
    if (r % 2 == 0) {
      std::int64_t to = shape.probes + 1 +
                        static_cast<std::int64_t>(
                            (r >> 8) % static_cast<std::uint64_t>(shape.users - shape.probes));
      if (to == owner) to = to == shape.users ? shape.probes + 1 : to + 1;
      add_share(id, to, (r >> 4) % 2 == 0);
    }
    if (id % 100'000 == 0) db.exec("COMMIT; BEGIN");
  }
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  // Seeding skipped every fsync; flush now, or the kernel would write the file back while the
  // durable writes are being timed and every fsync would queue behind it.
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("fsync of the seeded database failed");
  ::close(fd);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace eventcollab::bench
