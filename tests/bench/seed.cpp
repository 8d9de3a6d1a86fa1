// SPDX-License-Identifier: MIT
#include "seed.hpp"

#include <chrono>

#include "eventcollab/eventcollab.hpp"

namespace eventcollab::bench {

std::string seed_database(BenchBackend& backend, const std::string& label, Config base,
                          const std::function<void(RowSink&)>& plan, double& seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  base.database_url = backend.create(label);
  {
    Store store = Store::open(base);
    store.auth().register_user(username_for(1), kPassword);
  }
  backend.load(base.database_url, plan);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return base.database_url;
}

}  // namespace eventcollab::bench
