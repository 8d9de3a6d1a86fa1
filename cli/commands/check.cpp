// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "exit_codes.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

void register_check_commands(CLI::App& app, Context& ctx) {
  auto* check = app.add_subcommand(
      "check", fmt::format("Verify the database's integrity and the library's invariants (exit {} "
                           "if a problem is found)",
                           kExitCheckProblems));
  check->footer(examples({"eventcollab --db team.db check", "eventcollab --json check"}));
  opens(check, ctx, Access::read);
  check->callback([&ctx] {
    // Read-only and never creating: a missing file is "no database at PATH", damage a report.
    const CheckReport report = Store::check_file(ctx.config());
    if (ctx.mode() == OutputMode::json) {
      print_json(json::to_json(report));
    } else if (ctx.mode() == OutputMode::human) {
      for (const auto& problem : report.problems) fmt::print("problem: {}\n", problem);
      if (report.ok()) fmt::print("ok: no problems found\n");
    }
    if (!report.ok()) ctx.exit_code = kExitCheckProblems;
  });

  auto* version =
      opens(app.add_subcommand("version", "Show the version of eventcollab"), ctx, Access::read);
  version->callback([&ctx] {
    if (ctx.mode() == OutputMode::json) {
      print_json({{"version", library_version}});
    } else {
      fmt::print("{}{}\n", ctx.mode() == OutputMode::human ? "eventcollab " : "", library_version);
    }
  });
}

}  // namespace eventcollab::cli
