// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

void register_history_commands(CLI::App& app, Context& ctx) {
  auto* history = app.add_subcommand("history", "Versions of an event: list, show, diff, rollback");
  history->require_subcommand(1);
  history->footer(examples({"eventcollab history list 1", "eventcollab history diff 1 1 2",
                            "eventcollab history rollback 1 1"}));

  // Numbers are taken as text and read strictly (see parse_integer_argument).
  struct Args {
    std::string id, a, b;
    EventId event() const { return parse_id_argument("ID", id); }
  };
  auto a = std::make_shared<Args>();

  auto* list = opens(history->add_subcommand("list", "All versions of an event, oldest first"), ctx,
                     Access::read);
  list->add_option("ID", a->id, "Event id")->required();
  list->footer(examples({"eventcollab history list 1"}));
  list->callback([&ctx, a] {
    const EventId id = a->event();
    const Principal me = ctx.principal();
    show(ctx, ctx.store().history().list(me, id));
  });

  auto* show_cmd =
      opens(history->add_subcommand("show", "One version's full content"), ctx, Access::read);
  show_cmd->add_option("ID", a->id, "Event id")->required();
  show_cmd->add_option("N", a->a, "Version number")->required();
  show_cmd->footer(examples({"eventcollab history show 1 2"}));
  show_cmd->callback([&ctx, a] {
    const EventId id = a->event();
    const std::int64_t n = parse_integer_argument("N", a->a);
    const Principal me = ctx.principal();
    show(ctx, ctx.store().history().get(me, id, n));
  });

  auto* diff =
      opens(history->add_subcommand("diff", "Fields that differ from version A to version B"), ctx,
            Access::read);
  diff->add_option("ID", a->id, "Event id")->required();
  diff->add_option("A", a->a, "Old version")->required();
  diff->add_option("B", a->b, "New version")->required();
  diff->footer(examples({"eventcollab history diff 1 1 3"}));
  diff->callback([&ctx, a] {
    const EventId id = a->event();
    const std::int64_t from = parse_integer_argument("A", a->a);
    const std::int64_t to = parse_integer_argument("B", a->b);
    const Principal me = ctx.principal();
    show(ctx, ctx.store().history().diff(me, id, from, to));
  });

  auto* changelog =
      opens(history->add_subcommand("changelog", "Who changed which fields, version by version"),
            ctx, Access::read);
  changelog->add_option("ID", a->id, "Event id")->required();
  changelog->footer(examples({"eventcollab history changelog 1"}));
  changelog->callback([&ctx, a] {
    const EventId id = a->event();
    const Principal me = ctx.principal();
    show(ctx, ctx.store().history().changelog(me, id));
  });

  auto* rollback =
      opens(history->add_subcommand(
                "rollback", "Make the event equal to version N again, recorded as a new version"),
            ctx, Access::write);
  rollback->add_option("ID", a->id, "Event id")->required();
  rollback->add_option("N", a->a, "Version to go back to")->required();
  auto* if_version = rollback->add_option(
      "--if-version", a->b,
      "Only roll back if the event is still at this version (else exit 7, nothing changes)");
  rollback->footer(examples(
      {"eventcollab history rollback 1 1", "eventcollab history rollback 1 1 --if-version 3"}));
  rollback->callback([&ctx, a, if_version] {
    const EventId id = a->event();
    const std::int64_t n = parse_integer_argument("N", a->a);
    const Principal me = ctx.principal();
    auto expected = [&]() -> std::optional<std::int64_t> {  // decoded after the access check
      if (if_version->count() == 0) return std::nullopt;
      return parse_integer_argument("--if-version", a->b);
    };
    show(ctx, ctx.store().history().rollback(me, id, n, expected));
  });
}

}  // namespace eventcollab::cli
