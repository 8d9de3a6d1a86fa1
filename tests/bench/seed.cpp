// SPDX-License-Identifier: MIT
#include "seed.hpp"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "eventcollab/eventcollab.hpp"

namespace eventcollab::bench {

std::string seed_database(BenchBackend& backend, const std::string& label, Config base,
                          const std::function<void(RowSink&)>& plan, double& seconds, bool check) {
  const auto t0 = std::chrono::steady_clock::now();
  base.database_url = backend.create(label);
  {
    Store store = Store::open(base);
    store.auth().register_user(username_for(1), kPassword);
  }
  backend.load(base.database_url, plan);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (check) {
    const CheckReport report = Store::open(base).check();
    if (!report.problems.empty()) {
      throw std::runtime_error(fmt::format("Store::check() on the seeded {}: {}", label,
                                           fmt::join(report.problems, "; ")));
    }
  }
  return base.database_url;
}

}  // namespace eventcollab::bench
