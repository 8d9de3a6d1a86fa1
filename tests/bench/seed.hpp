// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>

#include "eventcollab/config.hpp"

namespace eventcollab::bench {

/// The shape of one seeded database. A few "probe" users own and are shared the same number
/// of events at every size, so `list` returns the same 100 rows out of the same ~180 visible
/// ones whether the table holds 10k or 1M events: only the table grows, not the work asked.
struct Shape {
  std::int64_t events = 0;
  std::int64_t users = 0;
  std::int64_t probes = 20;        ///< users 1..probes
  std::int64_t probe_owned = 120;  ///< events each probe owns
  std::int64_t probe_shared = 60;  ///< events shared with each probe (read or write)

  /// Fits the probe quotas into small databases (each at most a quarter of the events).
  static Shape make(std::int64_t events, std::int64_t users);

  /// Owner of seeded event `id` (ids are 1..events), computed, not queried.
  std::int64_t owner_of(std::int64_t id) const;
  bool is_probe_owned(std::int64_t id) const;
};

struct Seeded {
  Shape shape{};
  std::int64_t shares = 0;
  double seconds = 0;
};

/// Creates the schema through Store::open (so it is exactly the library's), registers user 1
/// through the library, then bulk-inserts the other users (same password hash), the events,
/// one `create` version row per event and the shares with raw prepared statements in 100k-row
/// transactions with synchronous=OFF, and checkpoints the WAL into the file.
/// `base` supplies the secret key and password iterations; its database_url is replaced.
Seeded seed_database(const std::filesystem::path& file, const Shape& shape, Config base);

}  // namespace eventcollab::bench
