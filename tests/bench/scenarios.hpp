// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/config.hpp"
#include "harness.hpp"
#include "seed.hpp"

namespace eventcollab::bench {

/// One row of the table: an operation (in one durability mode, where that matters).
struct OpResult {
  std::string op;    ///< create, update, get, list, authenticate
  std::string mode;  ///< full / normal for writes; "" for reads
  Pair pair{};
};

/// Where the bytes of a seeded database go (from SQLite's dbstat), after a WAL checkpoint.
struct SpaceUse {
  std::int64_t file_bytes = 0;
  std::int64_t event_bytes = 0;    ///< events table + its index
  std::int64_t version_bytes = 0;  ///< event_versions + its index
  std::int64_t share_bytes = 0;    ///< shares + its index
  std::int64_t other_bytes = 0;    ///< users, sessions, schema, free pages
};

struct SizeResult {
  Seeded seeded{};
  SpaceUse space{};
  std::vector<OpResult> ops{};
};

struct RunOptions {
  double seconds = 0.5;             ///< per side, per operation
  int slices = 4;                   ///< alternations of library and raw
  std::vector<std::string> only{};  ///< operations to measure; empty: all
  bool reuse = false;               ///< use an existing seeded file as it is (profiling)

  bool wants(std::string_view op) const {
    return only.empty() || std::find(only.begin(), only.end(), op) != only.end();
  }
};

/// Seeds `file` with `shape`, then measures every operation through the library and as its
/// raw floor on that file. Progress goes to stderr.
SizeResult measure_size(const std::filesystem::path& file, const Shape& shape, const Config& base,
                        const RunOptions& options);

}  // namespace eventcollab::bench
