// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include "backend.hpp"
#include "eventcollab/config.hpp"
#include "harness.hpp"
#include "scenarios.hpp"

// List cost against the number of events one user can see: users who see 100, 10,000 and
// 100,000 events (half owned, half shared with them by others), each with ~100 of them in
// the last week of their span, so `list` (first 100) and the one-week window return 100 rows
// for everyone and only what lies before the page grows.
namespace eventcollab::bench {

struct VisibleResult {
  std::int64_t visible = 0;  ///< events the user can see
  Pair list{};               ///< Events::list limit 100 vs the raw merge
  Pair week{};               ///< the last week of the user's span, limit 100
};

struct VisibleRun {
  std::int64_t events = 0;
  double seed_seconds = 0;
  std::vector<VisibleResult> users{};
};

/// The label of the database measure_visible seeds (left for the caller to drop).
inline constexpr const char* kVisibleLabel = "visible";

/// Seeds one database on `backend` for users seeing each of `sizes` events, then measures.
VisibleRun measure_visible(BenchBackend& backend, const std::vector<std::int64_t>& sizes,
                           const Config& base, const RunOptions& options);

}  // namespace eventcollab::bench
