// SPDX-License-Identifier: MIT
// Store::check(): the database's own integrity plus the invariants the library promises. The
// queries live in each backend's unit of work; this file decides what counts as a problem.
#include <fmt/format.h>

#include "core/store_impl.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/store.hpp"

namespace eventcollab {
namespace {

constexpr std::string_view kSecretSetting = "jwt_secret_key";

}  // namespace

CheckReport Store::check() {
  auto& core = live().core;
  CheckReport report;
  bool holds_key = false;
  try {
    core.read([&](storage::UnitOfWork& tx) {
      tx.find_damage(report.problems);
      tx.find_broken_invariants(report.problems);
      holds_key = tx.get_setting(kSecretSetting).has_value();
    });
  } catch (const Error& e) {
    // Damage that stops the database reading is reported, not thrown.
    if (!storage::is_damage(e)) throw;
    report.problems.push_back(fmt::format("damaged: {}", e.what()));
  }
  core.db->find_exposure(holds_key, report.problems);
  return report;
}

CheckReport Store::check_file(const Config& config) {
  config.validate();
  // What would keep open() from opening the database is reported first; deeper damage is
  // found by check() below.
  if (auto problems = storage::precheck_database(config); !problems.empty()) {
    return {.problems = std::move(problems)};
  }
  Config read_only = config;
  read_only.access_mode = AccessMode::read_only;
  read_only.create_if_missing = false;
  return open(read_only).check();
}

}  // namespace eventcollab
