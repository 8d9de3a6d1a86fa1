// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"
#include "password_input.hpp"

namespace eventcollab::cli {

void register_user_commands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  user->footer(examples({"eventcollab user register alice --email alice@example.com"}));

  struct Args {
    std::string username;
    std::string email;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  auto* reg = user->add_subcommand("register", "Create a user account (prints the new user)");
  reg->add_option("USERNAME", args->username, "3-64 ASCII letters, digits, _ . -")->required();
  auto* email = reg->add_option("--email", args->email, "Optional e-mail address");
  reg->add_flag("--password-stdin", args->password_stdin,
                "Read the password (8-1024 bytes) from the first line of stdin");
  reg->footer(examples({"eventcollab user register alice --email alice@example.com",
                        "printf '%s' \"$PW\" | eventcollab user register bob --password-stdin"}));
  reg->callback([&ctx, args, email] {
    const std::string password = read_password(args->password_stdin, /*confirm=*/true);
    std::optional<std::string_view> mail;
    if (email->count() > 0) mail = args->email;
    show(ctx, ctx.store().auth().register_user(args->username, password, mail));
  });
}

}  // namespace eventcollab::cli
