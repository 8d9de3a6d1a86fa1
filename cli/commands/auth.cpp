// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"
#include "password_input.hpp"

namespace eventcollab::cli {

void register_auth_commands(CLI::App& app, Context& ctx) {
  struct Args {
    std::string username;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();

  // login, refresh and logout write (sessions, failed logins); whoami only reads.
  auto* login = opens(
      app.add_subcommand(
          "login", "Log in and print an access token (use it with --token or EVENTCOLLAB_TOKEN)"),
      ctx, Access::write);
  login->add_option("USERNAME", args->username, "Your username (case does not matter)")->required();
  login->add_flag("--password-stdin", args->password_stdin,
                  "Read the password from the first line of stdin");
  login->footer(
      examples({"export EVENTCOLLAB_TOKEN=$(printf '%s' \"$PW\" | eventcollab login alice "
                "--password-stdin --quiet)",
                "eventcollab --json login alice   # prompts; prints access and refresh token"}));
  login->callback([&ctx, args] {
    const std::string password = read_password(args->password_stdin, /*confirm=*/false);
    show(ctx, ctx.store().auth().login(args->username, password));
  });

  auto* whoami =
      opens(app.add_subcommand("whoami", "Show the user the token belongs to"), ctx, Access::read);
  whoami->footer(examples({"eventcollab --token \"$TOKEN\" whoami"}));
  whoami->callback([&ctx] {
    const Principal me = ctx.principal();
    show(ctx, ctx.store().auth().me(me));
  });

  auto* refresh = opens(
      app.add_subcommand("refresh", "Trade a refresh token (read from stdin) for a new token pair"),
      ctx, Access::write);
  refresh->footer(
      examples({"printf '%s' \"$REFRESH\" | eventcollab --json refresh",
                "export EVENTCOLLAB_TOKEN=$(eventcollab refresh --quiet < refresh.txt)"}));
  refresh->callback([&ctx] {
    const std::string token = read_secret("Refresh token: ", "refresh token");
    show(ctx, ctx.store().auth().refresh(token));
  });

  auto* logout =
      opens(app.add_subcommand(
                "logout", "End the login of the token: its access and refresh tokens stop working"),
            ctx, Access::write);
  logout->footer(examples({"eventcollab logout && unset EVENTCOLLAB_TOKEN"}));
  logout->callback([&ctx] {
    const Principal me = ctx.principal();
    ctx.store().auth().logout(me);
    show_done(ctx, "logged out");
  });
}

}  // namespace eventcollab::cli
