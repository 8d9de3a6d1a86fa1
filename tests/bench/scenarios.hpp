// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backend.hpp"
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

struct SizeResult {
  Seeded seeded{};
  SpaceUse space{};
  std::vector<OpResult> ops{};
};

struct RunOptions {
  double seconds = 0.5;             ///< per side, per operation
  int slices = 8;                   ///< alternations of library and raw
  std::vector<std::string> only{};  ///< operations to measure; empty: all
  bool reuse = false;               ///< use an existing seeded file as it is (profiling)

  bool wants(std::string_view op) const {
    return only.empty() || std::find(only.begin(), only.end(), op) != only.end();
  }
};

/// Seeds a database of `shape` on `backend`, then measures every operation through the library
/// and as its raw floor on that database. Progress goes to stderr. The database is left for
/// the caller to drop.
SizeResult measure_size(BenchBackend& backend, const Shape& shape, const Config& base,
                        const RunOptions& options);

/// The label of the database measure_size seeds for `shape`.
std::string size_label(const Shape& shape);

}  // namespace eventcollab::bench
