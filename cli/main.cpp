// SPDX-License-Identifier: MIT
// `eventcollab`: every library operation from the command line. Commands only parse, call one
// library operation and print; the rules live in the library.
#include <cstdio>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"

namespace eventcollab::cli {

std::string examples(std::initializer_list<std::string_view> lines) {
  std::string out = "Examples:";
  for (auto line : lines) out += fmt::format("\n  {}", line);
  return out;
}

namespace {

// The path of the deepest subcommand that was being parsed ("eventcollab event create").
std::string command_path(const CLI::App* app) {
  std::string path = app->get_name();
  while (!app->get_subcommands().empty()) {
    app = app->get_subcommands().front();
    path += " " + app->get_name();
  }
  return path;
}

// Usage errors keep CLI11's exit codes but read like every other error: one line on stderr.
std::string usage_failure(const CLI::App* app, const CLI::Error& e) {
  std::string message = e.what();
  // CLI11 reports `eventcollab frobnicate` as a missing subcommand; name the unknown word.
  if (const auto rest = app->remaining(true); !rest.empty() && e.get_name() == "RequiredError" &&
                                              message.find("subcommand") != std::string::npos) {
    message = fmt::format("unknown command '{}'", rest.front());
  }
  return fmt::format("error: {} (see `{} --help`)\n", message, command_path(app));
}

int run(int argc, char** argv) {
  Context ctx;
  CLI::App app{"eventcollab: collaborative events with version history, in one SQLite file",
               "eventcollab"};
  // Global options work before or after the subcommand: `eventcollab event list --json`.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", fmt::format("eventcollab {}", library_version));
  app.failure_message(usage_failure);
  app.add_option("--db", ctx.db,
                 "Database: a path or sqlite:///path (default: $DATABASE_URL, then .env, then "
                 "./eventcollab.db)");
  auto* json = app.add_flag("--json", ctx.json,
                            "Print exactly the JSON shapes of docs/REST.md, one document");
  app.add_flag("-q,--quiet", ctx.quiet,
               "Print only the key value: the access token (login, refresh) or the new id")
      ->excludes(json);
  app.add_option("--token", ctx.token, "Access token from `eventcollab login`")
      ->envname("EVENTCOLLAB_TOKEN");
  app.footer(
      examples({"eventcollab init", "eventcollab user register alice --email alice@example.com",
                "export EVENTCOLLAB_TOKEN=$(eventcollab login alice --quiet)",
                "eventcollab event create --title Standup --start 2026-05-01T09:00:00Z "
                "--end 2026-05-01T09:15:00Z",
                "eventcollab --json event list", "eventcollab COMMAND --help"}) +
      "\n\n" + exit_code_help() +
      "\n\nPasswords are never options: use --password-stdin or the prompt.");

  register_migrate_commands(app, ctx);
  register_user_commands(app, ctx);
  register_auth_commands(app, ctx);
  register_event_commands(app, ctx);
  register_share_commands(app, ctx);
  register_history_commands(app, ctx);
  register_check_commands(app, ctx);
#ifdef EVENTCOLLAB_HAVE_HTTP
  register_serve_command(app, ctx);
#endif

  // Command callbacks run inside parse(), so library errors surface here too.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);  // CLI11 keeps its own codes and messages for usage errors
  } catch (const Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_code(e.code());
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  }
  return ctx.exit_code;
}

}  // namespace
}  // namespace eventcollab::cli

int main(int argc, char** argv) {
  try {
    return eventcollab::cli::run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: internal error: {}\n", e.what());
  } catch (...) {
    fmt::print(stderr, "error: internal error\n");
  }
  return eventcollab::cli::kExitInternal;
}
