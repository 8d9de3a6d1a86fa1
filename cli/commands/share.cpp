// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

void register_share_commands(CLI::App& app, Context& ctx) {
  auto* share = app.add_subcommand("share", "Share events with other users (owner only)");
  share->require_subcommand(1);
  share->footer(examples({"eventcollab share add 1 bob --permission write",
                          "eventcollab share list 1", "eventcollab share remove 1 bob"}));

  struct Args {
    std::string id;  // text, read strictly: see parse_id_argument
    std::string user, permission;
    EventId event() const { return parse_id_argument("ID", id); }
  };
  auto a = std::make_shared<Args>();

  auto* add = opens(share->add_subcommand("add",
                                          "Give a user read or write access (sharing again "
                                          "changes the permission)"),
                    ctx, Access::write);
  add->add_option("ID", a->id, "Event id")->required();
  add->add_option("USER", a->user, "Username of the user to share with")->required();
  add->add_option("-p,--permission", a->permission, "read or write")->required();
  add->footer(examples({"eventcollab share add 1 bob --permission write"}));
  add->callback([&ctx, a] {
    const EventId event = a->event();
    const Principal me = ctx.principal();
    // Decoded by the library after its access check: a stranger is told not_found, not that
    // the permission is bad (as over HTTP).
    show(ctx,
         ctx.store()
             .sharing()
             .share(me, event,
                    [&] {
                      return ShareGrant{{.username = a->user}, parse_permission(a->permission)};
                    })
             .share);
  });

  auto* list = opens(share->add_subcommand("list", "Who may see the event: the owner, then shares"),
                     ctx, Access::read);
  list->add_option("ID", a->id, "Event id")->required();
  list->footer(examples({"eventcollab share list 1"}));
  list->callback([&ctx, a] {
    const EventId event = a->event();
    const Principal me = ctx.principal();
    show(ctx, ctx.store().sharing().list(me, event));
  });

  auto* set = opens(share->add_subcommand("set", "Change the permission of an existing share"), ctx,
                    Access::write);
  set->add_option("ID", a->id, "Event id")->required();
  set->add_option("USER", a->user, "Username")->required();
  set->add_option("PERMISSION", a->permission, "read or write")->required();
  set->footer(examples({"eventcollab share set 1 bob read"}));
  set->callback([&ctx, a] {
    const EventId event = a->event();
    const Principal me = ctx.principal();
    Store& store = ctx.store();
    show(ctx, store.sharing().set_permission(
                  me, event, [&] { return store.auth().find_user(a->user).id; },
                  [&] { return parse_permission(a->permission); }));
  });

  auto* remove =
      opens(share->add_subcommand("remove", "Take a user's access away"), ctx, Access::write);
  remove->add_option("ID", a->id, "Event id")->required();
  remove->add_option("USER", a->user, "Username")->required();
  remove->footer(examples({"eventcollab share remove 1 bob"}));
  remove->callback([&ctx, a] {
    const EventId event = a->event();
    const Principal me = ctx.principal();
    Store& store = ctx.store();
    store.sharing().revoke(me, event, [&] { return store.auth().find_user(a->user).id; });
    show_done(ctx, fmt::format("removed {}'s access to event {}", a->user, event));
  });
}

}  // namespace eventcollab::cli
