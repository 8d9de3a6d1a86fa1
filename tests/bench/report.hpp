// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "scenarios.hpp"
#include "visible.hpp"

namespace eventcollab::bench {

/// What the numbers were measured on.
struct Machine {
  std::string backend;          ///< SQLite, PostgreSQL
  std::string backend_version;  ///< of the SQLite library or the PostgreSQL server
  std::string notes;            ///< how the backend's databases were seeded and its floor runs
  std::string cpu;
  unsigned cores = 0;
  std::string os;
  std::string kernel;
  std::string openssl;
  std::string compiler;
  bool optimized = false;
  std::string directory;
};

Machine describe_machine(const BenchBackend& backend);

/// One target of the issue, judged from the results.
struct Target {
  std::string name;
  std::string detail;
  bool met = false;
};

/// The targets for `backend` (SQLite or PostgreSQL). `visible` is null when that part
/// was not measured (--only).
std::vector<Target> judge(const std::string& backend, const std::vector<SizeResult>& sizes,
                          const VisibleRun* visible);

void print_text(const Machine& m, const RunOptions& o, const std::vector<SizeResult>& sizes,
                const VisibleRun* visible, const std::vector<Target>& targets,
                double total_seconds);
void print_json(const Machine& m, const RunOptions& o, const std::vector<SizeResult>& sizes,
                const VisibleRun* visible, const std::vector<Target>& targets,
                double total_seconds);

}  // namespace eventcollab::bench
