// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

void register_migrate_commands(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand(
      "init", "Create the database (or bring an existing one up to date) and show its schema");
  init->footer(examples(
      {"eventcollab --db ./team.db init", "DATABASE_URL=sqlite:///team.db eventcollab init"}));
  init->callback([&ctx] {
    Store& store = ctx.store();
    const SchemaStatus status = store.schema_status();
    if (ctx.mode() == OutputMode::human) {
      fmt::print("database ready at {} (schema version {})\n", store.location(), status.current);
    } else {
      show(ctx, status);
    }
  });

  auto status_only = std::make_shared<bool>(false);
  auto* migrate = app.add_subcommand(
      "migrate", "Apply pending schema migrations; --status only reports, changing nothing");
  migrate->add_flag("--status", *status_only, "Show applied and pending steps; write nothing");
  migrate->footer(examples({"eventcollab migrate --status", "eventcollab --json migrate"}));
  migrate->callback([&ctx, status_only] {
    // Inspection never creates or writes; only a real migrate opens (and creates) the file.
    // Inspect first, read-only: a foreign or newer file is refused before anything is written.
    const SchemaStatus before = Store::inspect(ctx.config());
    if (*status_only) {
      show(ctx, before);
      return;
    }
    const SchemaStatus after = ctx.store().schema_status();
    if (ctx.mode() != OutputMode::human) {
      show(ctx, after);
    } else if (before.pending.empty()) {
      fmt::print("already up to date (schema version {})\n", after.current);
    } else {
      for (const auto& name : before.pending) fmt::print("applied  {}\n", name);
      fmt::print("schema version {} -> {}\n", before.current, after.current);
    }
  });
}

}  // namespace eventcollab::cli
