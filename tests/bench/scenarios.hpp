// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
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

/// One calendar row: a library call, and what it is set beside (the plain list, libical's bare
/// iterator, the same call near the series' start), or nothing.
struct CalendarRow {
  std::string name;    ///< what is measured
  std::string detail;  ///< what one call returns
  Stats library{};
  double per_call = 1;       ///< instances per call (rates of the expansion row)
  std::string beside{};      ///< empty: measured alone
  Stats other{};             ///< beside's figures
  std::string ratio_name{};  ///< how `ratio` is formed
  double ratio = 0;
  std::string target{};  ///< the issue's target, if any
  bool met = false;
};

struct SizeResult {
  Seeded seeded{};
  SpaceUse space{};
  std::vector<OpResult> ops{};
  std::vector<CalendarRow> calendar{};  ///< empty when not measured at this size
  /// At the largest size: its list (`library`) and the smallest size's (`raw`), measured in
  /// alternating slices of one run (measure_list_growth).
  std::optional<Pair> list_beside_smallest{};
};

struct RunOptions {
  double seconds = 0.5;             ///< per side, per operation
  int slices = 8;                   ///< alternations of library and raw
  std::vector<std::string> only{};  ///< operations to measure; empty: all
  bool reuse = false;               ///< use an existing seeded file as it is (profiling)
  bool check = false;               ///< Store::check() each seeded database (tests the seeder)

  bool wants(std::string_view op) const {
    return only.empty() || std::find(only.begin(), only.end(), op) != only.end();
  }
};

/// Seeds a database of `shape` on `backend`, then measures every operation through the library
/// and as its raw floor on that database, and the calendar rows when `calendar`. Progress goes
/// to stderr. The database is left for the caller to drop.
SizeResult measure_size(BenchBackend& backend, const Shape& shape, const Config& base,
                        const RunOptions& options, bool calendar);

/// The list of 100 for the probes on the `large` database beside the same on the `small` one
/// (both seeded by measure_size), alternating in slices, so that a change in the machine's speed
/// during the run falls on both sizes alike: the growth of the list with the table, measured
/// like with like.
Pair measure_list_growth(BenchBackend& backend, const Shape& small, const Shape& large,
                         const Config& base, const RunOptions& options);

/// The label of the database measure_size seeds for `shape`.
std::string size_label(const Shape& shape);

}  // namespace eventcollab::bench
