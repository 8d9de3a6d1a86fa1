// SPDX-License-Identifier: MIT
// `changes`: the change feed from a cursor.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

void register_change_commands(CLI::App& app, Context& ctx) {
  struct Args {
    std::string since;
    std::string limit = "100";  // text: see parse_integer_argument
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(app.add_subcommand("changes", "What changed since a cursor, oldest first"), ctx,
                    Access::read);
  cmd->add_option("--since", a->since,
                  "A cursor printed by an earlier call (default: the oldest change kept)");
  cmd->add_option("--limit", a->limit, fmt::format("At most this many (1-{})", kMaxChangePage))
      ->capture_default_str();
  cmd->footer(examples({"eventcollab changes", "eventcollab changes --since 42 --limit 10",
                        "eventcollab --json changes --since 42"}));
  cmd->callback([&ctx, a] {
    const std::int64_t limit = parse_integer_argument("--limit", a->limit, 1, kMaxChangePage);
    const Principal me = ctx.principal();
    show(ctx, ctx.store().changes().since(me, a->since, limit));
  });
}

}  // namespace eventcollab::cli
