// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "backend.hpp"
#include "eventcollab/config.hpp"
#include "seed_plan.hpp"

namespace eventcollab::bench {

struct Seeded {
  Shape shape{};
  std::int64_t shares = 0;
  double seconds = 0;
};

/// Makes database `label` new on `backend`, creates the schema through Store::open (so it is
/// exactly the library's) and registers user 1 through the library, whose password hash every
/// other user reuses; then the backend bulk-loads the rows of `plan`. Returns the database's
/// URL; `seconds` receives the time it all took. `base` supplies the secret key and password
/// iterations; its database_url is replaced. With `check`, Store::check() runs on the seeded
/// database afterwards (not timed) and any problem it finds is thrown.
std::string seed_database(BenchBackend& backend, const std::string& label, Config base,
                          const std::function<void(RowSink&)>& plan, double& seconds,
                          bool check = false);

}  // namespace eventcollab::bench
